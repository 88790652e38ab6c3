#pragma once
// A generic HTTP/1.1 server on one io_context: keep-alive, size limits, timeouts, WebSocket
// upgrade by path, optional TLS. Handlers are coroutines over plain values (http_types.hpp).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/net/http_types.hpp"
#include "adapters/net/net.hpp"
#include "adapters/net/websocket.hpp"
#include "core/result.hpp"

namespace frontline::net {

namespace detail {
struct HttpServerState;
}

struct HttpServerOptions {
    std::size_t max_body_size = 1 << 20;        ///< larger requests get 413
    std::size_t max_header_size = 16 * 1024;    ///< larger headers get 431
    std::chrono::milliseconds header_timeout{10'000};     ///< to receive a request's header
    std::chrono::milliseconds body_timeout{30'000};       ///< to receive its body
    std::chrono::milliseconds keep_alive_timeout{30'000}; ///< idle time between requests
    std::chrono::milliseconds write_timeout{30'000};
    /// Open connections (HTTP and WebSocket) at once, over all clients and from one IP address.
    /// A connection past either is answered 503 before its request (or upgrade) is served.
    std::size_t max_connections = 512;
    std::size_t max_connections_per_ip = 64;
    /// Origins (scheme://host[:port]) whose pages may open a WebSocket, besides the page's own
    /// (Origin matching the Host it asked); others get 403. No Origin (a non-browser client): allowed.
    std::vector<std::string> websocket_origins;
    /// Reverse proxies (IP addresses, as normalize_ip writes them) whose X-Forwarded-For names the
    /// client: handlers see that address (forwarded_for.hpp). Their own connections count only
    /// against max_connections, since every client behind them shares their address.
    std::vector<std::string> trusted_proxies;
    WebSocketOptions websocket;
    std::string tls_cert_file;                  ///< PEM chain; with tls_key_file the server speaks https/wss
    std::string tls_key_file;
    /// Where unexpected failures go (a handler that threw, a failed accept). Never gets secrets.
    std::function<void(const std::string&)> on_error;
    /// Counts a connection or upgrade refused by a limit ("connections", "origin"), for metrics.
    std::function<void(const std::string&)> on_refused;
};

/// Serves HTTP on one address. Set handlers before listen(); all work runs on the executor, whose
/// io_context must outlive the server.
class HttpServer {
public:
    using Handler = std::function<awaitable<HttpResponse>(IncomingRequest)>;
    using WebSocketHandler = std::function<awaitable<void>(WebSocketPtr)>;

    explicit HttpServer(Executor executor, HttpServerOptions options = {});
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Answers every plain request (default: 404).
    void on_request(Handler handler);
    /// Accepts WebSocket upgrades on exactly this path; the connection closes when the handler returns.
    void on_websocket(std::string path, WebSocketHandler handler);

    /// Binds "host:port" (port 0 picks a free one) and starts accepting.
    Status listen(std::string_view host_port);
    /// The bound port, 0 before listen().
    std::uint16_t port() const;
    /// Connections accepted so far (for metrics; tests count keep-alive reuse with it).
    std::size_t connections_accepted() const;
    /// Connections answered 503 because a connection cap was reached (for metrics).
    std::size_t connections_refused() const;
    /// Connections open now.
    std::size_t connections_open() const;
    /// Stops accepting, closes idle keep-alive connections, lets requests in progress finish with
    /// Connection: close, and closes WebSockets with 1001 (going away). Safe from any thread.
    void stop();

private:
    std::shared_ptr<detail::HttpServerState> impl_;
};

}  // namespace frontline::net
