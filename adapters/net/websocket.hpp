#pragma once
// A WebSocket connection, the same for the server side (HttpServer upgrades) and the client side
// (WebSocketClient). Beast stays in websocket.cpp.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "adapters/net/http_types.hpp"
#include "adapters/net/net.hpp"
#include "core/result.hpp"

namespace frontline::net {

/// Timeouts and limits of one WebSocket.
struct WebSocketOptions {
    std::chrono::milliseconds handshake_timeout{10'000};
    /// No frame from the peer for this long closes the socket; a ping goes out at half of it, so a
    /// live peer always answers in time and a vanished one (half-open socket) is detected.
    std::chrono::milliseconds idle_timeout{30'000};
    std::size_t max_message_size = 1 << 20;
    /// Bounds the closing handshake, and how long close() waits for frames stuck behind a peer
    /// that does not read before the socket is cut.
    std::chrono::milliseconds close_timeout{5'000};
    /// Bytes of outgoing frames allowed to wait for a peer that does not read. Past it the queue is
    /// dropped and the connection closes with 1008 (logged once): one client cannot grow our memory.
    std::size_t max_queued_bytes = 4 << 20;
    /// Server side: a peer that sends no frame this long after the upgrade is closed with 1008
    /// (pongs do not count). Zero: no deadline.
    std::chrono::milliseconds first_frame_timeout{0};
    /// Server side: keep the upgrade request's headers for the handler (UpgradeRequest::headers).
    /// A server whose handlers read none says so: an open page then does not hold them.
    bool keep_headers = true;
    /// Where the connection reports why it closed a peer (queue overflow, first-frame deadline).
    std::function<void(const std::string&)> on_error;
};

/// The handshake request: what the server saw, or what the client sent.
struct UpgradeRequest {
    std::string path;
    std::string query;                  ///< percent-encoded, without '?'
    Headers headers;
    std::string remote_address;         ///< server side: the peer's IP
};

/// One open WebSocket. Text frames only. read() must have a single caller at a time; send() and
/// close() may be called from any thread and never block: frames are queued and ONE writer coroutine
/// writes them in order.
class WebSocketConnection {
public:
    virtual ~WebSocketConnection() = default;

    /// The next text frame. Errors: network (peer closed or vanished: see close_code()), timeout (idle
    /// timeout: no frame or pong in time), cancelled (we closed), protocol (oversize or binary frame;
    /// a binary frame also closes the connection with 1003).
    virtual awaitable<Result<std::string>> read() = 0;
    /// Queues a text frame; dropped silently once the connection is closing. Past max_queued_bytes
    /// the connection closes with 1008.
    virtual void send(std::string text) = 0;
    /// Sends the close frame after the frames already queued; a pending read() then completes.
    virtual void close(std::uint16_t code = 1000, std::string reason = {}) = 0;
    /// False once closing started or the socket failed.
    virtual bool is_open() const = 0;
    /// The close code the peer sent, 0 if none (yet).
    virtual std::uint16_t peer_close_code() const = 0;
    virtual const UpgradeRequest& request() const = 0;
};

using WebSocketPtr = std::shared_ptr<WebSocketConnection>;

}  // namespace frontline::net
