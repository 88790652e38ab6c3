// WebSocket connections for both sides. One writer coroutine per connection drains a queue; Beast's
// stream_base::timeout sends keep-alive pings and detects peers that vanished (half-open sockets).
#include <atomic>
#include <deque>
#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "adapters/net/dial.hpp"
#include "adapters/net/lean_websocket.hpp"
#include "adapters/net/net_error.hpp"
#include "adapters/net/url_parts.hpp"
#include "adapters/net/websocket_accept.hpp"
#include "adapters/net/websocket_client.hpp"

namespace frontline::net {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

template <class Next>
class WebSocketSession final : public WebSocketConnection,
                               public std::enable_shared_from_this<WebSocketSession<Next>> {
public:
    WebSocketSession(Next&& next, UpgradeRequest info, WebSocketOptions options)
        : ws_(std::move(next)), info_(std::move(info)), options_(std::move(options)), first_frame_timer_(ws_.get_executor()),
          cut_timer_(ws_.get_executor()) {
        // Beast's own WebSocket timeouts replace the TCP stream's, which would cut idle but healthy
        // connections (STYLE.md, Beast traps).
        beast::get_lowest_layer(ws_).expires_never();
        ws_.read_message_max(options_.max_message_size);
        ws_.set_option(timeouts(options_.handshake_timeout));
    }

    awaitable<Status> accept(UpgradeHttpRequest request) {
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& res) { res.set(beast::http::field::server, "frontline"); }));
        auto [ec] = co_await ws_.async_accept(request, kNoThrow);
        if (ec) co_return to_error(ec, "websocket accept");
        opened();
        arm_first_frame_deadline();
        co_return Status{};
    }

    awaitable<Status> handshake(std::string host_header, std::string target) {
        ws_.set_option(websocket::stream_base::decorator([headers = info_.headers](websocket::request_type& req) {
            req.set(beast::http::field::user_agent, "frontline");
            for (const auto& [name, value] : headers.fields()) req.set(name, value);
        }));
        auto [ec] = co_await ws_.async_handshake(host_header, target, kNoThrow);
        if (ec) co_return to_error(ec, "websocket handshake with " + host_header);
        opened();
        co_return Status{};
    }

    awaitable<Result<std::string>> read() override {
        buffer_.clear();
        auto [ec, n] = co_await ws_.async_read(buffer_, kNoThrow);
        if (ec) {
            open_ = false;
            failed_ = true;
            if (ec == websocket::error::closed) {
                if (closing_) co_return make_error(Errc::cancelled, "websocket closed");
                peer_close_code_ = static_cast<std::uint16_t>(ws_.reason().code);
                co_return make_error(Errc::network, "websocket closed by peer (code " +
                                                        std::to_string(peer_close_code_.load()) + ")");
            }
            co_return to_error(ec, "websocket read");
        }
        got_frame_ = true;
        first_frame_timer_.cancel();
        if (!ws_.got_text()) {
            // RFC 6455 7.4.1: 1003 is the answer to a data type we do not accept.
            close(1003, "text frames only");
            co_return make_error(Errc::protocol, "websocket: binary frame refused");
        }
        std::string text = beast::buffers_to_string(buffer_.data());
        // Released between frames: an idle socket waits for its next frame without holding the
        // largest frame it ever got (a chat page sends a line now and then).
        buffer_.clear();
        buffer_.shrink_to_fit();
        co_return text;
    }

    void send(std::string text) override {
        asio::dispatch(ws_.get_executor(), [self = this->shared_from_this(), text = std::move(text)]() mutable {
            if (self->closing_ || self->failed_) return;
            if (self->queued_bytes_ + text.size() > self->options_.max_queued_bytes) {
                self->overflow();
                return;
            }
            self->queued_bytes_ += text.size();
            self->queue_.push_back(std::move(text));
            self->start_writer();
        });
    }

    void close(std::uint16_t code, std::string reason) override {
        // is_open() turns false at once, even when called off the network thread.
        open_ = false;
        asio::dispatch(ws_.get_executor(), [self = this->shared_from_this(), code, reason = std::move(reason)]() mutable {
            if (self->closing_) return;
            self->closing_ = true;
            if (self->failed_) return;  // the socket already failed: nothing to say goodbye to
            self->close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
            self->start_writer();
            self->arm_cut();
        });
    }

    bool is_open() const override { return open_; }
    std::uint16_t peer_close_code() const override { return peer_close_code_; }
    const UpgradeRequest& request() const override { return info_; }

private:
    websocket::stream_base::timeout timeouts(std::chrono::milliseconds handshake) const {
        websocket::stream_base::timeout t{};
        t.handshake_timeout = handshake;
        t.idle_timeout = options_.idle_timeout;
        t.keep_alive_pings = true;
        return t;
    }

    void opened() {
        open_ = true;
        // From now on the handshake limit bounds the closing handshake.
        ws_.set_option(timeouts(options_.close_timeout));
    }

    void report(const std::string& what) const {
        if (options_.on_error) options_.on_error("websocket " + info_.path + " from " + info_.remote_address + ": " + what);
    }

    /// The peer does not read what we send: drop what waits (the memory is released now) and close.
    void overflow() {
        report("the peer is not reading; " + std::to_string(queued_bytes_) + " bytes were queued (limit " +
               std::to_string(options_.max_queued_bytes) + "); closing with 1008");
        queue_.clear();
        queue_.shrink_to_fit();
        queued_bytes_ = 0;
        open_ = false;
        closing_ = true;
        close_reason_ = websocket::close_reason(websocket::close_code::policy_error, "too much unread output");
        start_writer();
        arm_cut();
    }

    /// A close must end even when a write is stuck behind a peer that stopped reading: after
    /// close_timeout the TCP socket is closed under the pending operations, which then fail.
    void arm_cut() {
        cut_timer_.expires_after(options_.close_timeout);
        cut_timer_.async_wait([weak = this->weak_from_this()](const boost::system::error_code& ec) {
            auto self = weak.lock();
            if (ec || !self) return;
            self->failed_ = true;
            boost::system::error_code ignored;
            beast::get_lowest_layer(self->ws_).socket().close(ignored);
        });
    }

    void arm_first_frame_deadline() {
        if (options_.first_frame_timeout.count() <= 0) return;
        first_frame_timer_.expires_after(options_.first_frame_timeout);
        first_frame_timer_.async_wait([weak = this->weak_from_this()](const boost::system::error_code& ec) {
            auto self = weak.lock();
            if (ec || !self || self->got_frame_ || self->closing_) return;
            self->report("no first frame within " + std::to_string(self->options_.first_frame_timeout.count()) +
                         " ms; closing with 1008");
            self->close(1008, "no hello in time");
        });
    }

    void start_writer() {
        if (writing_) return;
        writing_ = true;
        asio::co_spawn(ws_.get_executor(), write_loop(this->shared_from_this()), [](std::exception_ptr) {});
    }

    /// The only coroutine that writes: Beast allows one write (and one close) in flight at a time.
    static awaitable<void> write_loop(std::shared_ptr<WebSocketSession> self) {
        while (!self->queue_.empty()) {
            std::string frame = std::move(self->queue_.front());
            self->queue_.pop_front();
            self->queued_bytes_ -= frame.size();
            self->ws_.text(true);
            auto [ec, n] = co_await self->ws_.async_write(asio::buffer(frame), kNoThrow);
            if (ec) {
                self->open_ = false;
                self->failed_ = true;
                self->queue_.clear();
                self->queued_bytes_ = 0;
            }
        }
        if (self->close_reason_) {
            auto reason = *std::exchange(self->close_reason_, std::nullopt);
            [[maybe_unused]] auto [ec] = co_await self->ws_.async_close(reason, kNoThrow);
        }
        self->writing_ = false;
    }

    websocket::stream<Next> ws_;
    UpgradeRequest info_;
    WebSocketOptions options_;
    beast::flat_buffer buffer_;
    std::deque<std::string> queue_;
    std::size_t queued_bytes_ = 0;      ///< bytes in queue_ (not counting the frame being written)
    asio::steady_timer first_frame_timer_;
    asio::steady_timer cut_timer_;
    bool got_frame_ = false;
    std::optional<websocket::close_reason> close_reason_;
    bool writing_ = false;
    bool closing_ = false;              ///< close() was called: no more frames are queued
    bool failed_ = false;               ///< a read or write failed: the socket is unusable
    std::atomic<bool> open_{false};
    std::atomic<std::uint16_t> peer_close_code_{0};
};

template <class Next>
awaitable<Result<WebSocketPtr>> accept_on(Next stream, UpgradeHttpRequest request, UpgradeRequest info, WebSocketOptions options) {
    auto session = std::make_shared<WebSocketSession<Next>>(std::move(stream), std::move(info), options);
    auto accepted = co_await session->accept(std::move(request));
    if (!accepted) co_return accepted.error();
    co_return WebSocketPtr(std::move(session));
}

template <class Next>
awaitable<Result<WebSocketPtr>> handshake_on(Next stream, UpgradeRequest info, WebSocketOptions options, UrlParts url) {
    auto session = std::make_shared<WebSocketSession<Next>>(std::move(stream), std::move(info), options);
    auto shaken = co_await session->handshake(url.host_header(), url.target);
    if (!shaken) co_return shaken.error();
    co_return WebSocketPtr(std::move(session));
}

}  // namespace

awaitable<Result<WebSocketPtr>> accept_websocket(beast::tcp_stream stream, UpgradeHttpRequest request,
                                                 UpgradeRequest info, WebSocketOptions options) {
    // Plain connections are mostly idle chat pages: served without Beast's streams (lean_websocket.hpp).
    return accept_lean_websocket(stream.release_socket(), std::move(request), std::move(info), std::move(options));
}

awaitable<Result<WebSocketPtr>> accept_websocket(TlsStream stream, UpgradeHttpRequest request,
                                                 UpgradeRequest info, WebSocketOptions options) {
    return accept_on(std::move(stream), std::move(request), std::move(info), options);
}

WebSocketClient::WebSocketClient(Executor executor, TlsContextPtr tls) : executor_(std::move(executor)), tls_(std::move(tls)) {}

awaitable<Result<WebSocketPtr>> WebSocketClient::connect(std::string url, Headers headers, WebSocketOptions options) const {
    auto parts = split_url(url);
    if (!parts) co_return parts.error();
    if (parts->scheme != "ws" && parts->scheme != "wss")
        co_return make_error(Errc::invalid_argument, "a WebSocket URL starts with ws:// or wss://");
    if (parts->secure && !tls_) co_return make_error(Errc::invalid_argument, "wss:// needs a TLS context");
    UpgradeRequest info;
    info.path = parts->target.substr(0, parts->target.find('?'));
    if (const auto q = parts->target.find('?'); q != std::string::npos) info.query = parts->target.substr(q + 1);
    info.headers = std::move(headers);
    auto tcp = co_await dial_tcp(executor_, *parts, options.handshake_timeout);
    if (!tcp) co_return tcp.error();
    if (!parts->secure) co_return co_await handshake_on(std::move(*tcp), std::move(info), options, *parts);
    TlsStream tls(std::move(*tcp), *tls_);
    if (auto ok = co_await handshake_tls(tls, parts->host, options.handshake_timeout); !ok) co_return ok.error();
    co_return co_await handshake_on(std::move(tls), std::move(info), options, *parts);
}

}  // namespace frontline::net
