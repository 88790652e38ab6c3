// The HTTP client: one exchange per request on a pooled or fresh connection (the Beast
// http/client/awaitable-ssl example plus a keep-alive pool and deadlines).
#include "adapters/net/http_client.hpp"

#include <algorithm>
#include <map>
#include <variant>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "adapters/net/dial.hpp"
#include "adapters/net/net_error.hpp"
#include "adapters/net/tls_stream.hpp"
#include "adapters/net/url_parts.hpp"

namespace frontline::net {

namespace beast = boost::beast;
namespace http = beast::http;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::uint32_t kMaxResponseHeader = 64 * 1024;

struct Connection {
    std::variant<beast::tcp_stream, TlsStream> stream;
    beast::flat_buffer buffer;
    SteadyClock::time_point idle_since{};
};
using ConnectionPtr = std::unique_ptr<Connection>;
using BeastRequest = http::request<http::string_body>;

struct Exchange {
    std::optional<HttpResponse> response;
    std::optional<Error> error;
    bool keep_alive = false;
    /// The connection failed before the server said anything: on a reused connection this is the
    /// server having closed it while idle, and the request is safe to send again on a fresh one.
    bool stale = false;
};

bool nothing_received(const boost::system::error_code& ec) {
    return ec == http::error::end_of_stream || ec == asio::error::connection_reset || ec == asio::error::eof ||
           ec == asio::error::broken_pipe || is_benign_truncation(ec);
}

template <class Stream>
awaitable<Exchange> exchange_on(Stream& stream, beast::flat_buffer& buffer, const BeastRequest& req, bool head,
                                std::size_t body_limit, SteadyClock::time_point deadline,
                                std::chrono::milliseconds read_timeout, std::string what) {
    auto& lowest = beast::get_lowest_layer(stream);
    lowest.expires_at(deadline);
    auto [write_ec, written] = co_await http::async_write(stream, req, kNoThrow);
    if (write_ec) co_return Exchange{{}, to_error(write_ec, "send " + what), false, nothing_received(write_ec)};

    http::response_parser<http::string_body> parser;
    parser.header_limit(kMaxResponseHeader);
    parser.body_limit(body_limit);
    if (head) parser.skip(true);
    // The header must start arriving within the read timeout; the body then has until the deadline.
    lowest.expires_at(std::min(deadline, SteadyClock::now() + read_timeout));
    auto [header_ec, header_bytes] = co_await http::async_read_header(stream, buffer, parser, kNoThrow);
    boost::system::error_code read_ec = header_ec;
    if (!header_ec && !parser.is_done()) {
        lowest.expires_at(deadline);
        auto [body_ec, body_bytes] = co_await http::async_read(stream, buffer, parser, kNoThrow);
        read_ec = body_ec;
    }
    lowest.expires_never();
    if (read_ec && is_benign_truncation(read_ec) && parser.is_header_done()) {
        // A TLS peer that closes without close_notify after a body delimited by the end of the
        // stream: the message is complete if the parser accepts the end here.
        boost::system::error_code eof_ec;
        parser.put_eof(eof_ec);
        if (!eof_ec && parser.is_done()) read_ec = {};
    }
    if (read_ec == http::error::body_limit)
        co_return Exchange{{}, Error{Errc::too_large, "read response of " + what + ": the body is larger than " +
                                                           std::to_string(body_limit) + " bytes"},
                           false, false};
    if (read_ec) {
        const bool stale = !parser.got_some() && nothing_received(read_ec);
        co_return Exchange{{}, to_error(read_ec, "read response of " + what), false, stale};
    }
    auto res = parser.release();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) out.headers.add(std::string(field.name_string()), std::string(field.value()));
    out.body = std::move(res.body());
    const bool keep_alive = res.keep_alive() && !res.need_eof();
    co_return Exchange{std::move(out), {}, keep_alive, false};
}

}  // namespace

namespace detail {
struct HttpClientState {
    HttpClientState(Executor ex, TlsContextPtr t, HttpClientOptions o) : executor(std::move(ex)), tls(std::move(t)), options(std::move(o)) {}

    Executor executor;
    TlsContextPtr tls;
    HttpClientOptions options;
    std::map<std::string, std::vector<ConnectionPtr>, std::less<>> idle;
    std::size_t opened = 0;

    ConnectionPtr checkout(const std::string& origin) {
        auto found = idle.find(origin);
        if (found == idle.end()) return nullptr;
        auto& pool = found->second;
        const auto now = SteadyClock::now();
        while (!pool.empty()) {
            ConnectionPtr c = std::move(pool.back());
            pool.pop_back();
            if (now - c->idle_since <= options.max_idle_time) return c;
        }
        return nullptr;
    }

    void checkin(const std::string& origin, ConnectionPtr c) {
        auto& pool = idle[origin];
        if (pool.size() >= options.max_idle_per_origin) return;  // dropping it closes the socket
        c->idle_since = SteadyClock::now();
        pool.push_back(std::move(c));
    }

    awaitable<Result<ConnectionPtr>> open(UrlParts url, SteadyClock::time_point deadline, std::chrono::milliseconds connect_timeout) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
        if (left <= std::chrono::milliseconds::zero()) co_return make_error(Errc::timeout, "no time left to connect to " + url.origin());
        const auto budget = std::min(connect_timeout, left);
        auto tcp = co_await dial_tcp(executor, url, budget);
        if (!tcp) co_return tcp.error();
        ++opened;
        if (!url.secure) co_return std::make_unique<Connection>(Connection{std::move(*tcp), {}, {}});
        TlsStream tls_stream(std::move(*tcp), *tls);
        if (auto ok = co_await handshake_tls(tls_stream, url.host, budget); !ok) co_return ok.error();
        co_return std::make_unique<Connection>(Connection{std::move(tls_stream), {}, {}});
    }
};
}  // namespace detail

HttpClient::HttpClient(Executor executor, TlsContextPtr tls, HttpClientOptions options)
    : state_(std::make_shared<detail::HttpClientState>(std::move(executor), std::move(tls), std::move(options))) {}

HttpClient::~HttpClient() = default;

std::size_t HttpClient::connections_opened() const { return state_->opened; }


awaitable<Result<HttpResponse>> HttpClient::request(HttpRequest request) {
    auto state = state_;
    auto url = split_url(request.url);
    if (!url) co_return make_error(Errc::invalid_argument, "HTTP request: " + url.error().message);
    if (url->scheme != "http" && url->scheme != "https")
        co_return make_error(Errc::invalid_argument, "HTTP request: the URL must start with http:// or https://");
    if (url->secure && !state->tls) co_return make_error(Errc::invalid_argument, "HTTP request: https:// needs a TLS context");
    const http::verb verb = http::string_to_verb(request.method);
    if (verb == http::verb::unknown) co_return make_error(Errc::invalid_argument, "HTTP request: unknown method " + request.method);

    BeastRequest req{verb, url->target, 11};
    req.set(http::field::host, url->host_header());
    req.set(http::field::user_agent, state->options.user_agent);
    for (const auto& [name, value] : request.headers.fields()) req.set(name, value);
    req.body() = std::move(request.body);
    req.prepare_payload();
    req.keep_alive(true);

    const std::string origin = url->origin();
    const std::string what = request.method + " " + origin;
    const auto deadline = SteadyClock::now() + request.total_timeout;
    const std::size_t body_limit = request.max_body_bytes > 0 ? std::min(request.max_body_bytes, state->options.max_body_size)
                                                               : state->options.max_body_size;
    for (int attempt = 0;; ++attempt) {
        ConnectionPtr connection = state->checkout(origin);
        const bool reused = connection != nullptr;
        if (!connection) {
            auto opened = co_await state->open(*url, deadline, request.connect_timeout);
            if (!opened) co_return opened.error();
            connection = std::move(*opened);
        }
        Exchange exchange;
        if (auto* plain = std::get_if<beast::tcp_stream>(&connection->stream)) {
            exchange = co_await exchange_on(*plain, connection->buffer, req, verb == http::verb::head,
                                            body_limit, deadline, request.read_timeout, what);
        } else {
            exchange = co_await exchange_on(std::get<TlsStream>(connection->stream), connection->buffer, req,
                                            verb == http::verb::head, body_limit, deadline, request.read_timeout,
                                            what);
        }
        if (exchange.response) {
            if (exchange.keep_alive) state->checkin(origin, std::move(connection));
            co_return std::move(*exchange.response);
        }
        if (reused && exchange.stale && attempt == 0) {
            state->idle.erase(origin);  // its siblings idled as long: likely closed too
            continue;
        }
        co_return std::move(*exchange.error);
    }
}

}  // namespace frontline::net
