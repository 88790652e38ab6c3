#pragma once
// Opens client WebSockets (ws:// and wss://) with the same WebSocketConnection as the server side.
#include <string>

#include "adapters/net/http_types.hpp"
#include "adapters/net/net.hpp"
#include "adapters/net/tls_context.hpp"
#include "adapters/net/websocket.hpp"

namespace frontline::net {

class WebSocketClient {
public:
    /// `tls` verifies wss:// servers (make_client_tls_context); without it wss:// URLs are refused.
    WebSocketClient(Executor executor, TlsContextPtr tls);

    /// Connects, runs the TLS and WebSocket handshakes (each bounded by options.handshake_timeout)
    /// and returns the open connection. `headers` go into the handshake (e.g. Authorization).
    awaitable<Result<WebSocketPtr>> connect(std::string url, Headers headers = {}, WebSocketOptions options = {}) const;

private:
    Executor executor_;
    TlsContextPtr tls_;
};

}  // namespace frontline::net
