#pragma once
// An async HTTP/1.1 client with keep-alive connection reuse per origin (scheme, host, port).
// https:// is verified through the TLS helper; http:// is used only when the URL says so.
#include <chrono>
#include <cstddef>
#include <memory>

#include "adapters/net/http_types.hpp"
#include "adapters/net/net.hpp"
#include "adapters/net/tls_context.hpp"
#include "core/result.hpp"

namespace frontline::net {

namespace detail {
struct HttpClientState;
}

struct HttpClientOptions {
    /// Matrix initial syncs exceed Beast's default 8 MB.
    std::size_t max_body_size = 64u << 20;
    std::size_t max_idle_per_origin = 4;
    /// Pooled connections idle longer than this are not reused (servers close theirs after 60-75 s).
    std::chrono::milliseconds max_idle_time{30'000};
    std::string user_agent = "frontline";
};

/// Use from coroutines on one executor (the network thread); the client must outlive its requests
/// and the executor's io_context must outlive the client (pooled sockets belong to it).
class HttpClient {
public:
    /// `tls` verifies https:// servers (make_client_tls_context); without it https:// is refused.
    HttpClient(Executor executor, TlsContextPtr tls, HttpClientOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// Sends the request and reads the whole response. Any status is a success here; errors are
    /// network, timeout (connect or total deadline), cancelled, protocol (malformed response, body
    /// over the limit), auth (TLS certificate rejected) and invalid_argument (bad URL or method).
    /// Error messages name the origin only, never the path (Telegram puts the token there).
    awaitable<Result<HttpResponse>> request(HttpRequest request);

    /// Connections opened so far (keep-alive reuse shows as fewer opens than requests).
    std::size_t connections_opened() const;

private:
    std::shared_ptr<detail::HttpClientState> state_;
};

}  // namespace frontline::net
