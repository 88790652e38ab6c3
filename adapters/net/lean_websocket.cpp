// The lean server WebSocket (lean_websocket.hpp). One io_context thread runs it: send() and close()
// hop onto it; read() has one caller at a time. Keep-alive and timeouts follow what Beast's stream
// did for us before (websocket.cpp): a ping after half the idle timeout without a frame, the
// connection failed with a timeout after the other half; a close frame answered, a closing
// handshake bounded by close_timeout.
#include "adapters/net/lean_websocket.hpp"

#include <algorithm>
#include <atomic>
#include <optional>
#include <tuple>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "adapters/net/net_error.hpp"
#include "adapters/net/websocket_accept_key.hpp"
#include "adapters/net/websocket_frames.hpp"
#include "core/text.hpp"

namespace frontline::net {

namespace {

using tcp = asio::ip::tcp;
using ws::Opcode;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
/// Bytes asked of the kernel per read at least, and at most (a large frame takes several reads).
constexpr std::size_t kMinRead = 512;
constexpr std::size_t kMaxRead = 64 * 1024;

bool is_close_frame(const std::string& frame) {
    return !frame.empty() && (static_cast<std::uint8_t>(frame[0]) & 0x0F) == static_cast<std::uint8_t>(Opcode::close);
}

class LeanWebSocket final : public WebSocketConnection, public std::enable_shared_from_this<LeanWebSocket> {
public:
    LeanWebSocket(tcp::socket socket, UpgradeRequest info, WebSocketOptions options)
        : socket_(std::move(socket)), info_(std::move(info)), options_(std::move(options)), tick_(socket_.get_executor()),
          deadline_(socket_.get_executor()) {}

    void start() {
        arm_tick();
        if (options_.first_frame_timeout.count() <= 0) return;
        deadline_.expires_after(options_.first_frame_timeout);
        deadline_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
            auto self = weak.lock();
            if (ec || !self || self->got_frame_ || self->closing_) return;
            self->report("no first frame within " + std::to_string(self->options_.first_frame_timeout.count()) +
                         " ms; closing with 1008");
            self->close(1008, "no hello in time");
        });
    }

    awaitable<Result<std::string>> read() override {
        // A second reader is the closing handshake's drain (or the other way round): the
        // connection is closing, and one of them sees its end.
        if (reading_) co_return make_error(Errc::cancelled, "websocket closed");
        reading_ = true;
        // Few locals on purpose: an idle page's read waits here for days, and the frame holds
        // every local; the framing is done in take_message().
        for (;;) {
            std::optional<Result<std::string>> done = take_message();
            if (!done && failed_) done = ended({});
            boost::system::error_code ec;
            if (!done && in_.empty()) {
                // Idle: parked in the reactor without a buffer until the peer sends something.
                std::tie(ec) = co_await socket_.async_wait(tcp::socket::wait_read, kNoThrow);
                if (ec) done = ended(ec);
            }
            if (!done) {
                ec = co_await read_some();
                if (ec) done = ended(ec);
            }
            if (done) {
                reading_ = false;
                co_return std::move(*done);
            }
        }
    }

    void send(std::string text) override {
        asio::dispatch(socket_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
            if (self->closing_ || self->failed_) return;
            std::string frame = ws::server_frame(Opcode::text, text);
            if (self->queued_bytes_ + frame.size() > self->options_.max_queued_bytes) {
                self->overflow();
                return;
            }
            self->queued_bytes_ += frame.size();
            self->out_.push_back(std::move(frame));
            self->start_writer();
        });
    }

    void close(std::uint16_t code, std::string reason) override {
        // is_open() turns false at once, even when called off the network thread.
        open_ = false;
        asio::dispatch(socket_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() {
            self->begin_close(code, reason);
        });
    }

    bool is_open() const override { return open_; }
    std::uint16_t peer_close_code() const override { return peer_close_code_; }
    const UpgradeRequest& request() const override { return info_; }

private:
    /// The next whole message among the bytes received, or the end of the connection a frame
    /// caused; nullopt when more bytes are needed.
    std::optional<Result<std::string>> take_message() {
        while (!in_.empty()) {
            const std::size_t room = options_.max_message_size - std::min(options_.max_message_size, message_.size());
            ws::ClientFrame frame = ws::read_client_frame(in_, room);
            if (frame.status == ws::ClientFrame::Status::incomplete) break;
            if (frame.status == ws::ClientFrame::Status::failed) return protocol_failure(frame.close_code, frame.reason);
            in_.erase(0, frame.size);
            if (auto done = on_frame(std::move(frame))) {
                release_input();
                return done;
            }
        }
        release_input();
        return std::nullopt;
    }

    /// Appends what the socket has to the input (a frame may take several reads).
    awaitable<boost::system::error_code> read_some() {
        boost::system::error_code ignored;
        const std::size_t chunk = std::clamp<std::size_t>(socket_.available(ignored), kMinRead, kMaxRead);
        const std::size_t had = in_.size();
        in_.resize(had + chunk);
        auto [ec, n] = co_await socket_.async_read_some(asio::buffer(in_.data() + had, chunk), kNoThrow);
        in_.resize(had + n);
        if (!ec) heard_ = true;
        co_return ec;
    }

    /// A whole message (or the end of the connection) when `frame` completes one; nullopt to read on.
    std::optional<Result<std::string>> on_frame(ws::ClientFrame frame) {
        switch (frame.opcode) {
            case Opcode::ping:
                if (!closing_) queue_control(Opcode::pong, frame.payload);
                return std::nullopt;
            case Opcode::pong:
                pinged_ = false;
                return std::nullopt;
            case Opcode::close: return on_close(frame.payload);
            case Opcode::binary:
                // RFC 6455 7.4.1: 1003 is the answer to a data type we do not accept.
                begin_close(1003, "text frames only");
                return Result<std::string>(make_error(Errc::protocol, "websocket: binary frame refused"));
            case Opcode::text:
                if (assembling_) return protocol_failure(1002, "a new message inside a fragmented one");
                if (!frame.fin) {
                    assembling_ = true;
                    message_ = std::move(frame.payload);
                    return std::nullopt;
                }
                return complete(std::move(frame.payload));
            case Opcode::continuation:
                if (!assembling_) return protocol_failure(1002, "a continuation without a message");
                message_ += frame.payload;
                if (!frame.fin) return std::nullopt;
                assembling_ = false;
                return complete(std::exchange(message_, std::string()));
        }
        return protocol_failure(1002, "unknown opcode");
    }

    Result<std::string> complete(std::string text) {
        if (!is_valid_utf8(text)) return protocol_failure(1007, "text frame is not valid UTF-8");
        if (!got_frame_) {
            got_frame_ = true;
            if (!closing_) deadline_.cancel();
        }
        return text;
    }

    Result<std::string> on_close(const std::string& payload) {
        const std::uint16_t code = ws::close_code_of(payload);
        if (code == 0) return protocol_failure(1002, "malformed close frame");
        close_received_ = true;
        open_ = false;
        if (closing_) {
            // Our close was answered: both sides are done, and the server closes TCP first.
            finish();
            return make_error(Errc::cancelled, "websocket closed");
        }
        // 1005 is "no code was given"; it is never sent, and reported as none.
        peer_close_code_ = code == 1005 ? 0 : code;
        closing_ = true;
        const std::string echo = code == 1005 ? std::string() : ws::close_payload(code, {});
        queue_control(Opcode::close, echo);
        arm_cut();
        return make_error(Errc::network,
                          "websocket closed by peer (code " + std::to_string(peer_close_code_.load()) + ")");
    }

    Result<std::string> protocol_failure(std::uint16_t code, const std::string& why) {
        begin_close(code, why);
        return make_error(Errc::protocol, "websocket: " + why);
    }

    Result<std::string> ended(const boost::system::error_code& ec) {
        const bool we_closed = closing_ && !close_received_;
        open_ = false;
        failed_ = true;
        if (timed_out_) return make_error(Errc::timeout, "websocket: no frame from the peer within the idle timeout");
        if (close_received_ || we_closed) return make_error(Errc::cancelled, "websocket closed");
        if (!ec || ec == asio::error::eof)
            return make_error(Errc::network, "websocket closed by peer (connection ended without a close frame)");
        return to_error(ec, "websocket read");
    }

    /// Nothing waits in the input: give its memory back (an idle page holds no buffer).
    void release_input() {
        if (!in_.empty()) return;
        in_.clear();
        in_.shrink_to_fit();
        if (!assembling_) message_.shrink_to_fit();
    }

    void report(const std::string& what) const {
        if (options_.on_error) options_.on_error("websocket " + info_.path + " from " + info_.remote_address + ": " + what);
    }

    void begin_close(std::uint16_t code, const std::string& reason) {
        open_ = false;
        if (closing_) return;
        closing_ = true;
        if (failed_) return;  // the socket already failed: nothing to say goodbye to
        queue_control(Opcode::close, ws::close_payload(code, reason));
        arm_cut();
    }

    /// The peer does not read what we send: drop what waits (the memory is released now) and close.
    void overflow() {
        report("the peer is not reading; " + std::to_string(queued_bytes_) + " bytes were queued (limit " +
               std::to_string(options_.max_queued_bytes) + "); closing with 1008");
        out_.clear();
        out_.shrink_to_fit();
        queued_bytes_ = 0;
        begin_close(1008, "too much unread output");
    }

    void queue_control(Opcode op, const std::string& payload) {
        out_.push_back(ws::server_frame(op, payload));
        start_writer();
    }

    /// A close must end even when a write is stuck behind a peer that stopped reading, or the peer
    /// never answers our close: after close_timeout the socket is closed under the pending waits.
    void arm_cut() {
        deadline_.expires_after(options_.close_timeout);
        deadline_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
            auto self = weak.lock();
            if (ec || !self) return;
            self->finish();
        });
    }

    void arm_tick() {
        if (options_.idle_timeout.count() <= 0) return;
        tick_.expires_after(options_.idle_timeout / 2);
        tick_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
            auto self = weak.lock();
            if (ec || !self || self->failed_ || self->closing_) return;
            if (self->heard_) {
                self->heard_ = false;
                self->pinged_ = false;
            } else if (!self->pinged_) {
                self->pinged_ = true;
                self->queue_control(Opcode::ping, {});
            } else {
                self->timed_out_ = true;
                self->finish();
                return;
            }
            self->arm_tick();
        });
    }

    /// Closes the socket: pending reads and writes end with an error; the connection is done.
    void finish() {
        failed_ = true;
        open_ = false;
        boost::system::error_code ignored;
        socket_.shutdown(tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
        tick_.cancel();
        deadline_.cancel();
    }

    void start_writer() {
        if (writing_ || failed_) return;
        writing_ = true;
        asio::co_spawn(socket_.get_executor(), write_loop(shared_from_this()), [](std::exception_ptr) {});
    }

    /// The only coroutine that writes; it exists only while frames wait.
    static awaitable<void> write_loop(std::shared_ptr<LeanWebSocket> self) {
        while (!self->out_.empty() && !self->failed_) {
            std::vector<std::string> batch;
            batch.swap(self->out_);
            bool close_in_batch = false;
            std::vector<asio::const_buffer> buffers;
            std::size_t bytes = 0;
            for (const auto& frame : batch) {
                buffers.push_back(asio::buffer(frame));
                bytes += frame.size();
                close_in_batch = close_in_batch || is_close_frame(frame);
            }
            auto [ec, n] = co_await asio::async_write(self->socket_, buffers, kNoThrow);
            self->queued_bytes_ -= std::min(self->queued_bytes_, bytes);
            if (ec) {
                self->out_.clear();
                self->queued_bytes_ = 0;
                self->finish();
                break;
            }
            if (close_in_batch) self->close_sent_ = true;
        }
        self->writing_ = false;
        if (!self->close_sent_ || self->failed_) co_return;
        if (self->close_received_) {
            self->finish();
            co_return;
        }
        // Nobody reads (the page's handler has ended): read on until the peer's close, or the cut.
        while (!self->reading_ && !self->failed_) {
            auto drained = co_await self->read();
            if (!drained) break;
        }
    }

    tcp::socket socket_;
    UpgradeRequest info_;
    WebSocketOptions options_;
    std::string in_;                      ///< received bytes not yet framed; no allocation while idle
    std::string message_;                 ///< a fragmented message being put together
    std::vector<std::string> out_;        ///< encoded frames waiting for the writer
    std::size_t queued_bytes_ = 0;
    asio::steady_timer tick_;             ///< keep-alive: every half idle timeout
    asio::steady_timer deadline_;         ///< the first frame's deadline, then the closing handshake's
    bool assembling_ = false;
    bool heard_ = false;                  ///< bytes arrived since the last tick
    bool pinged_ = false;                 ///< our ping waits for any sign of life
    bool got_frame_ = false;
    bool reading_ = false;
    bool writing_ = false;
    bool closing_ = false;                ///< our close frame is queued: nothing else goes out
    bool close_sent_ = false;
    bool close_received_ = false;
    bool failed_ = false;                 ///< the socket is closed or broken
    bool timed_out_ = false;
    std::atomic<bool> open_{true};
    std::atomic<std::uint16_t> peer_close_code_{0};
};

std::string handshake_answer(const UpgradeHttpRequest& request, std::string& refusal) {
    namespace http = boost::beast::http;
    if (request[http::field::sec_websocket_version] != "13") {
        refusal = "unsupported Sec-WebSocket-Version";
        return "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nServer: frontline\r\n"
               "Content-Length: 0\r\nConnection: close\r\n\r\n";
    }
    const std::string accept = ws::accept_key(request[http::field::sec_websocket_key]);
    if (accept.empty()) {
        refusal = "missing or malformed Sec-WebSocket-Key";
        return "HTTP/1.1 400 Bad Request\r\nServer: frontline\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    }
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
           accept + "\r\nServer: frontline\r\n\r\n";
}

}  // namespace

awaitable<Result<WebSocketPtr>> accept_lean_websocket(tcp::socket socket, UpgradeHttpRequest request,
                                                      UpgradeRequest info, WebSocketOptions options) {
    std::string refusal;
    const std::string answer = handshake_answer(request, refusal);
    // A client that does not read our answer must not hold the handshake open.
    asio::steady_timer limit(socket.get_executor());
    limit.expires_after(options.handshake_timeout);
    limit.async_wait([&socket](const boost::system::error_code& ec) {
        boost::system::error_code ignored;
        if (!ec) socket.close(ignored);
    });
    auto [ec, n] = co_await asio::async_write(socket, asio::buffer(answer), kNoThrow);
    limit.cancel();
    if (ec) co_return to_error(ec, "websocket accept");
    if (!refusal.empty()) {
        boost::system::error_code ignored;
        socket.shutdown(tcp::socket::shutdown_send, ignored);
        co_return make_error(Errc::protocol, "websocket handshake refused: " + refusal);
    }
    auto connection = std::make_shared<LeanWebSocket>(std::move(socket), std::move(info), std::move(options));
    connection->start();
    co_return WebSocketPtr(std::move(connection));
}

}  // namespace frontline::net
