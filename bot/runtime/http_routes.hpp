#pragma once
// What the service answers over HTTP: /healthz, /readyz, /metrics, the web chat page and its
// WebSocket, plus routes that adapters add later (webhooks). Thin handlers; the work lives elsewhere.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "adapters/net/http_server.hpp"
#include "bot/runtime/room_check.hpp"

namespace frontline {

class Metrics;
class StoreWorker;
namespace webchat {
class WebchatAdapter;
}

class HttpRoutes {
public:
    using Handler = net::HttpServer::Handler;

    /// `webchat` may be null (web chat disabled): then / and /ws answer 404.
    HttpRoutes(StoreWorker& store, Metrics& metrics, std::vector<Adapter*> adapters,
               webchat::WebchatAdapter* webchat);

    /// /metrics then answers 401 without "Authorization: Bearer TOKEN"; empty: open (the default).
    void require_metrics_token(std::string token) { metrics_token_ = std::move(token); }
    /// /readyz also reports the team rooms' start-up check (room_check.hpp); `rooms` outlives us.
    void watch_rooms(const RoomStatus* rooms) { rooms_ = rooms; }
    /// Adds an exact-path route (e.g. a platform's webhook) before install().
    void add(std::string path, Handler handler);
    /// Adds a route for every path starting with `prefix` (the booking pages: /call/<token>/...).
    void add_prefix(std::string prefix, Handler handler);
    /// Registers the handlers on `server`. The routes must outlive it.
    void install(net::HttpServer& server);

    /// Answers one request; public for tests.
    net::awaitable<net::HttpResponse> handle(net::IncomingRequest request);

private:
    net::awaitable<net::HttpResponse> readyz();
    net::awaitable<net::HttpResponse> metrics();

    StoreWorker& store_;
    Metrics& metrics_;
    std::vector<Adapter*> adapters_;
    webchat::WebchatAdapter* webchat_;
    const RoomStatus* rooms_ = nullptr;
    std::map<std::string, Handler> extra_;
    std::vector<std::pair<std::string, Handler>> prefixed_;
    std::string metrics_token_;
};

}  // namespace frontline
