// The HTTP server: accept loop and one coroutine per connection, plain or TLS (the Beast
// server-flex-awaitable example without the flex). WebSocket sessions live in websocket.cpp.
#include "adapters/net/http_server.hpp"

#include <array>
#include <atomic>
#include <exception>
#include <iostream>
#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "adapters/net/forwarded_for.hpp"
#include "adapters/net/log_throttle.hpp"
#include "adapters/net/net_error.hpp"
#include "adapters/net/tls_context.hpp"
#include "adapters/net/tls_stream.hpp"
#include "adapters/net/websocket_accept.hpp"

namespace frontline::net {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
/// How much of an oversize request we read and discard before closing (see linger()).
constexpr std::size_t kMaxLingerBytes = 8 << 20;
constexpr auto kLingerTime = 2s;
constexpr auto kTlsShutdownTime = 2s;
/// A connection refused for a cap gets this long to send its request before it is dropped.
constexpr auto kRefusalHeaderTime = 2s;
/// Accept failures (EMFILE...) pause the listener, doubling from the first to the last.
constexpr auto kAcceptPauseFirst = 10ms;
constexpr auto kAcceptPauseMax = 1000ms;
}  // namespace

namespace detail {
struct HttpServerState {
    HttpServerState(Executor ex, HttpServerOptions opts) : executor(ex), options(std::move(opts)), acceptor(ex) {
        if (!options.websocket.on_error && options.on_error) options.websocket.on_error = options.on_error;
    }

    Executor executor;
    HttpServerOptions options;
    TlsContextPtr tls;                  ///< null: plain HTTP
    tcp::acceptor acceptor;
    HttpServer::Handler handler;
    std::map<std::string, HttpServer::WebSocketHandler, std::less<>> websocket_handlers;
    /// Each live connection registers how to close it on stop().
    std::map<std::uint64_t, std::function<void()>> closers;
    std::uint64_t next_closer = 0;
    bool stopping = false;
    std::atomic<std::uint16_t> bound_port{0};
    std::atomic<std::size_t> accepted{0};
    std::atomic<std::size_t> refused{0};
    std::atomic<std::size_t> open{0};
    std::map<std::string, std::size_t, std::less<>> open_per_ip;
    LogThrottle accept_errors;
    LogThrottle refusals;

    /// Logs at most one line per interval of this kind.
    void count_refusal(const std::string& reason) const {
        if (options.on_refused) options.on_refused(reason);
    }
    void report_throttled(LogThrottle& throttle, const std::string& what) {
        if (auto line = throttle.admit(what, LogThrottle::Clock::now())) report(*line);
    }

    void report(const std::string& what) const {
        if (options.on_error) options.on_error(what);
        else std::cerr << "frontline http server: " << what << '\n';
    }
    void report(const std::exception_ptr& e, std::string_view where) const {
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            report(std::string(where) + ": " + ex.what());
        } catch (...) {
            report(std::string(where) + ": unknown exception");
        }
    }
};
}  // namespace detail

namespace {

using StatePtr = std::shared_ptr<detail::HttpServerState>;
using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;

/// Removes a connection's closer when its coroutine ends.
class CloserRegistration {
public:
    CloserRegistration(StatePtr server, std::function<void()> closer) : server_(std::move(server)), id_(server_->next_closer++) {
        server_->closers.emplace(id_, std::move(closer));
    }
    ~CloserRegistration() { server_->closers.erase(id_); }
    CloserRegistration(const CloserRegistration&) = delete;
    CloserRegistration& operator=(const CloserRegistration&) = delete;

private:
    StatePtr server_;
    std::uint64_t id_;
};

/// Counts one open connection against the global and per-IP caps while it lives.
class ConnectionSlot {
public:
    ConnectionSlot(StatePtr server, std::string ip) : server_(std::move(server)), ip_(std::move(ip)) {
        ++server_->open;
        ++server_->open_per_ip[ip_];
    }
    ~ConnectionSlot() {
        --server_->open;
        auto it = server_->open_per_ip.find(ip_);
        if (it != server_->open_per_ip.end() && --it->second == 0) server_->open_per_ip.erase(it);
    }
    ConnectionSlot(const ConnectionSlot&) = delete;
    ConnectionSlot& operator=(const ConnectionSlot&) = delete;

private:
    StatePtr server_;
    std::string ip_;
};

/// Why a new connection from `ip` may not be served now, or empty.
std::string over_cap(const detail::HttpServerState& server, const std::string& ip) {
    if (server.open >= server.options.max_connections)
        return "connection cap reached (" + std::to_string(server.options.max_connections) + " open)";
    const auto& proxies = server.options.trusted_proxies;
    if (std::find(proxies.begin(), proxies.end(), ip) != proxies.end()) return {};
    auto it = server.open_per_ip.find(ip);
    if (it != server.open_per_ip.end() && it->second >= server.options.max_connections_per_ip)
        return "connection cap per address reached (" + std::to_string(server.options.max_connections_per_ip) +
               " open from " + ip + ")";
    return {};
}

/// A browser page may open a WebSocket only from an allowed origin: its own (the Host it asked) or
/// a configured one. Without the check any site could script a visitor's browser against us.
bool origin_allowed(const HttpServerOptions& options, const http::request<http::string_body>& req) {
    const std::string origin(req[http::field::origin]);
    if (origin.empty()) return true;
    const std::string host(req[http::field::host]);
    if (!host.empty() && (iequals(origin, "http://" + host) || iequals(origin, "https://" + host))) return true;
    for (const auto& allowed : options.websocket_origins)
        if (iequals(origin, allowed)) return true;
    return false;
}

std::pair<std::string, std::string> split_target(std::string_view target) {
    const auto q = target.find('?');
    if (q == std::string_view::npos) return {std::string(target), {}};
    return {std::string(target.substr(0, q)), std::string(target.substr(q + 1))};
}

Headers to_headers(const BeastRequest& req) {
    Headers h;
    for (const auto& field : req) h.add(std::string(field.name_string()), std::string(field.value()));
    return h;
}

IncomingRequest to_incoming(BeastRequest&& req, const std::string& remote) {
    IncomingRequest in;
    in.method = std::string(req.method_string());
    in.target = std::string(req.target());
    std::tie(in.path, in.query) = split_target(in.target);
    in.headers = to_headers(req);
    in.body = std::move(req.body());
    in.remote_address = remote;
    return in;
}

BeastResponse to_beast(HttpResponse&& out, unsigned version, bool keep_alive, bool head) {
    if (out.status < 100 || out.status > 999) out = make_response(500, "Internal server error\n");
    BeastResponse res{static_cast<http::status>(out.status), version};
    for (auto& [name, value] : out.headers.fields()) {
        // Framing is ours to decide; a handler's Content-Length could contradict the body.
        if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") || iequals(name, "Connection")) continue;
        res.insert(name, value);
    }
    const auto size = out.body.size();
    if (!head) res.body() = std::move(out.body);
    res.keep_alive(keep_alive);
    res.content_length(size);
    return res;
}

BeastResponse simple_response(http::status status, std::string text, unsigned version) {
    BeastResponse res{status, version};
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.keep_alive(false);
    res.body() = std::move(text);
    res.prepare_payload();
    return res;
}

void half_close(beast::tcp_stream& stream) {
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}
void half_close(TlsStream&) {}  // TLS has no half-close; close_notify comes at the end

awaitable<void> close_stream(beast::tcp_stream& stream) {
    half_close(stream);
    boost::system::error_code ignored;
    stream.socket().close(ignored);
    co_return;
}
awaitable<void> close_stream(TlsStream& stream) { co_await shutdown_tls(stream, kTlsShutdownTime); }

/// Answers an unacceptable request and then reads what the client is still sending: closing with
/// unread data makes the kernel send RST, and the client would lose our answer before reading it.
template <class Stream>
awaitable<void> reply_and_linger(Stream& stream, const HttpServerOptions& options, BeastResponse res) {
    auto& lowest = beast::get_lowest_layer(stream);
    lowest.expires_after(options.write_timeout);
    auto [ec, written] = co_await http::async_write(stream, res, kNoThrow);
    if (ec) co_return;
    half_close(stream);
    lowest.expires_after(kLingerTime);
    std::array<char, 16 * 1024> scratch{};
    std::size_t drained = 0;
    while (drained < kMaxLingerBytes) {
        auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(scratch), kNoThrow);
        if (read_ec) break;
        drained += n;
    }
}

using SlotPtr = std::unique_ptr<ConnectionSlot>;

/// An open WebSocket for as long as its handler runs, in a coroutine of its own: an idle page
/// (which may stay open for days) holds this frame, the socket's and its handler's, and nothing
/// of the HTTP exchange or the handshake that came before.
awaitable<void> run_websocket(StatePtr server, WebSocketPtr connection, HttpServer::WebSocketHandler handler,
                              [[maybe_unused]] SlotPtr slot /* held until the socket closes */) {
    if (server->stopping) {
        connection->close(1001, "server stopping");
        co_return;
    }
    CloserRegistration registration(server, [connection] { connection->close(1001, "server stopping"); });
    try {
        co_await handler(connection);
    } catch (...) {
        server->report(std::current_exception(), "websocket handler " + connection->request().path);
    }
    connection->close();
}

/// Completes the handshake, then leaves the connection to run_websocket and ends.
template <class Stream>
awaitable<void> serve_websocket(StatePtr server, Stream stream, BeastRequest req, std::string remote,
                                HttpServer::WebSocketHandler handler, SlotPtr slot) {
    UpgradeRequest info;
    std::tie(info.path, info.query) = split_target(req.target());
    if (server->options.websocket.keep_headers) info.headers = to_headers(req);
    info.remote_address = std::move(remote);
    auto accepted = co_await accept_websocket(std::move(stream), std::move(req), std::move(info), server->options.websocket);
    if (!accepted) co_return;  // a failed handshake has already been answered
    asio::co_spawn(server->executor, run_websocket(server, std::move(*accepted), std::move(handler), std::move(slot)),
                   [server](std::exception_ptr e) {
                       if (e) server->report(e, "websocket");
                   });
}

/// A connection whose request asked for a WebSocket: served after the HTTP coroutine has ended,
/// so its parser, buffers and response do not stay allocated for the life of the socket.
template <class Stream>
struct Upgrade {
    Stream stream;
    BeastRequest request;
    std::string client;
    HttpServer::WebSocketHandler handler;
};

/// Serves HTTP requests on the connection until it closes, or until one asks for a WebSocket
/// that a handler takes: that one is returned to the caller, who serves it.
template <class Stream>
awaitable<std::optional<Upgrade<Stream>>> serve_http(StatePtr server, Stream stream, std::string remote, std::string refusal) {
    const HttpServerOptions& options = server->options;
    auto& lowest = beast::get_lowest_layer(stream);
    bool idle = false;  // waiting for the next request: stop() may cut it short
    CloserRegistration registration(server, [&lowest, &idle] {
        if (idle) lowest.cancel();
    });
    beast::flat_buffer buffer;
    for (bool first = true; !server->stopping; first = false) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(options.max_header_size));
        parser.body_limit(options.max_body_size);
        lowest.expires_after(!refusal.empty() ? kRefusalHeaderTime : first ? options.header_timeout : options.keep_alive_timeout);
        idle = true;
        auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kNoThrow);
        idle = false;
        if (!ec) {
            if (parser.get()[http::field::expect] == "100-continue") {
                http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
                lowest.expires_after(options.write_timeout);
                std::tie(ec, n) = co_await http::async_write(stream, go_on, kNoThrow);
            }
        }
        if (!ec) {
            lowest.expires_after(options.body_timeout);
            std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, kNoThrow);
        }
        if (ec == http::error::body_limit) {
            co_await reply_and_linger(stream, options, simple_response(http::status::payload_too_large, "Request body too large\n", 11));
            break;
        }
        if (ec == http::error::header_limit) {
            co_await reply_and_linger(stream, options,
                                      simple_response(http::status::request_header_fields_too_large, "Request header too large\n", 11));
            break;
        }
        if (ec && classify(ec) == Errc::protocol) {
            co_await reply_and_linger(stream, options, simple_response(http::status::bad_request, "Malformed request\n", 11));
            break;
        }
        if (ec) break;  // the peer left, timed out or we are stopping: nothing to answer

        BeastRequest req = parser.release();
        // Behind a trusted reverse proxy the client is the one its X-Forwarded-For names.
        std::vector<std::string> forwarded_for;
        for (auto [at, end] = req.equal_range("X-Forwarded-For"); at != end; ++at) forwarded_for.emplace_back(at->value());
        std::string client = client_address(remote, forwarded_for, options.trusted_proxies);
        if (!refusal.empty()) {
            auto res = simple_response(http::status::service_unavailable, "Too many connections; try again shortly\n", req.version());
            res.set(http::field::retry_after, "5");
            co_await reply_and_linger(stream, options, std::move(res));
            break;
        }
        // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without Host.
        if (req.version() >= 11 && req.find(http::field::host) == req.end()) {
            co_await reply_and_linger(stream, options, simple_response(http::status::bad_request, "Host header required\n", 11));
            break;
        }
        if (beast::websocket::is_upgrade(req)) {
            auto found = server->websocket_handlers.find(split_target(req.target()).first);
            if (found != server->websocket_handlers.end() && !origin_allowed(options, req)) {
                server->report_throttled(server->refusals, "websocket refused: origin " + std::string(req[http::field::origin]) +
                                                               " is not allowed (from " + client + ")");
                server->count_refusal("origin");
                co_await reply_and_linger(stream, options, simple_response(http::status::forbidden, "Origin not allowed\n", req.version()));
                break;
            }
            if (found != server->websocket_handlers.end())
                co_return Upgrade<Stream>{std::move(stream), std::move(req), std::move(client), found->second};
        }
        const unsigned version = req.version();
        const bool head = req.method() == http::verb::head;
        bool keep_alive = req.keep_alive();
        HttpResponse out;
        if (!server->handler) {
            out = make_response(404, "Not found\n");
        } else {
            try {
                out = co_await server->handler(to_incoming(std::move(req), client));
            } catch (...) {
                server->report(std::current_exception(), "request handler");
                out = make_response(500, "Internal server error\n");
            }
        }
        keep_alive = keep_alive && !server->stopping;
        BeastResponse res = to_beast(std::move(out), version, keep_alive, head);
        lowest.expires_after(options.write_timeout);
        auto [write_ec, written] = co_await http::async_write(stream, res, kNoThrow);
        if (write_ec || !keep_alive) break;
    }
    co_await close_stream(stream);
    co_return std::nullopt;
}

/// The connection's HTTP requests, then its WebSocket if one asked for it.
/// `slot` counts the connection against the caps until it ends (none for a refused one).
template <class Stream>
awaitable<void> serve(StatePtr server, Stream stream, std::string remote, std::string refusal, SlotPtr slot) {
    auto upgrade = co_await serve_http(server, std::move(stream), std::move(remote), std::move(refusal));
    if (!upgrade) co_return;
    co_await serve_websocket(server, std::move(upgrade->stream), std::move(upgrade->request), std::move(upgrade->client),
                             std::move(upgrade->handler), std::move(slot));
}

awaitable<void> serve_tls(StatePtr server, tcp::socket socket, std::string remote, std::string refusal, SlotPtr slot) {
    TlsStream tls(beast::tcp_stream(std::move(socket)), *server->tls);
    beast::get_lowest_layer(tls).expires_after(server->options.header_timeout);
    auto [handshake_ec] = co_await tls.async_handshake(asio::ssl::stream_base::server, kNoThrow);
    if (handshake_ec) co_return;  // e.g. a client that does not trust us: nothing to answer
    co_await serve(server, std::move(tls), std::move(remote), std::move(refusal), std::move(slot));
}

awaitable<void> run_connection(StatePtr server, tcp::socket socket) {
    boost::system::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    std::string remote = ec ? std::string{} : normalize_ip(peer.address().to_string()).value_or(peer.address().to_string());
    // Checked before anything is read: a refused connection only ever gets its 503.
    std::string refusal = over_cap(*server, remote);
    SlotPtr slot;
    if (refusal.empty()) {
        slot = std::make_unique<ConnectionSlot>(server, remote);
    } else {
        ++server->refused;
        server->count_refusal("connections");
        server->report_throttled(server->refusals, "503 to " + remote + ": " + refusal);
    }
    // Streams are made by the coroutine that uses them: moving a Beast stream leaves its old
    // state allocated in the frame it was moved from (half a kilobyte each), and a plain
    // connection should not carry an unused TLS stream.
    if (server->tls) co_await serve_tls(server, std::move(socket), std::move(remote), std::move(refusal), std::move(slot));
    else {
        beast::tcp_stream stream(std::move(socket));  // named: GCC 12 mishandles temporaries in co_await
        co_await serve(server, std::move(stream), std::move(remote), std::move(refusal), std::move(slot));
    }
}

awaitable<void> accept_loop(StatePtr server) {
    std::chrono::milliseconds pause_for{0};
    for (;;) {
        auto [ec, socket] = co_await server->acceptor.async_accept(kNoThrow);
        if (server->stopping || !server->acceptor.is_open()) co_return;
        if (ec) {
            // Out of file descriptors and the like: the pending connection stays in the backlog, so
            // retrying at once would spin. Back off (doubling up to a second) and log at a bounded rate.
            pause_for = std::clamp(pause_for * 2, std::chrono::milliseconds(kAcceptPauseFirst),
                                   std::chrono::milliseconds(kAcceptPauseMax));
            server->report_throttled(server->accept_errors, "accept: " + ec.message() + "; pausing the listener");
            asio::steady_timer pause(server->executor, pause_for);
            co_await pause.async_wait(kNoThrow);
            continue;
        }
        pause_for = std::chrono::milliseconds(0);
        ++server->accepted;
        asio::co_spawn(server->executor, run_connection(server, std::move(socket)), [server](std::exception_ptr e) {
            if (e) server->report(e, "connection");
        });
    }
}

}  // namespace

HttpServer::HttpServer(Executor executor, HttpServerOptions options)
    : impl_(std::make_shared<detail::HttpServerState>(executor, std::move(options))) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::on_request(Handler handler) { impl_->handler = std::move(handler); }

void HttpServer::on_websocket(std::string path, WebSocketHandler handler) {
    impl_->websocket_handlers[std::move(path)] = std::move(handler);
}

Status HttpServer::listen(std::string_view host_port) {
    auto parsed = parse_host_port(host_port);
    if (!parsed) return make_error(Errc::invalid_argument, "listen address must be host:port, got '" + std::string(host_port) + "'");
    const auto& options = impl_->options;
    if (!options.tls_cert_file.empty() || !options.tls_key_file.empty()) {
        auto ctx = make_server_tls_context(options.tls_cert_file, options.tls_key_file);
        if (!ctx) return ctx.error();
        impl_->tls = std::move(*ctx);
    }
    boost::system::error_code ec;
    // Start-up only: resolving "localhost" synchronously is fine here.
    tcp::resolver resolver(impl_->executor);
    auto endpoints = resolver.resolve(parsed->first, std::to_string(parsed->second), tcp::resolver::passive, ec);
    if (ec || endpoints.empty()) return make_error(Errc::invalid_argument, "cannot resolve listen host '" + parsed->first + "'");
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        boost::system::error_code ignored;
        acceptor.close(ignored);
        return make_error(Errc::network, "cannot listen on " + std::string(host_port) + ": " + ec.message());
    }
    impl_->bound_port = acceptor.local_endpoint(ec).port();
    auto impl = impl_;
    asio::co_spawn(impl->executor, accept_loop(impl), [impl](std::exception_ptr e) {
        if (e) impl->report(e, "accept loop");
    });
    return {};
}

std::uint16_t HttpServer::port() const { return impl_->bound_port; }

std::size_t HttpServer::connections_accepted() const { return impl_->accepted; }

std::size_t HttpServer::connections_refused() const { return impl_->refused; }

std::size_t HttpServer::connections_open() const { return impl_->open; }

void HttpServer::stop() {
    asio::dispatch(impl_->executor, [impl = impl_] {
        if (impl->stopping) return;
        impl->stopping = true;
        boost::system::error_code ignored;
        impl->acceptor.close(ignored);
        auto closers = std::move(impl->closers);
        impl->closers.clear();
        for (auto& [id, close] : closers) close();
    });
}

}  // namespace frontline::net
