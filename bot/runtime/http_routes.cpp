#include "bot/runtime/http_routes.hpp"

#include "adapters/webchat/assets.hpp"
#include "adapters/webchat/session_token.hpp"
#include "adapters/webchat/webchat_adapter.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/store/outbox_store.hpp"
#include "core/store/runtime_stats.hpp"
#include "core/store/timer_store.hpp"
#include "core/ticket.hpp"

namespace frontline {

namespace {

net::HttpResponse method_not_allowed(const char* allow) {
    auto r = net::make_response(405, "method not allowed\n");
    r.headers.set("Allow", allow);
    return r;
}

/// The page may talk only to this server: no CDN, no third-party anything.
void page_headers(net::HttpResponse& r) {
    r.headers.set("Content-Security-Policy",
                  "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; "
                  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    r.headers.set("X-Content-Type-Options", "nosniff");
    r.headers.set("Referrer-Policy", "no-referrer");
    r.headers.set("Cache-Control", "no-cache");
}

struct Scrape {
    Result<OutboxDepth> depth;
    Result<std::vector<TicketCount>> tickets;
    Result<long long> timers;
    Result<std::map<std::string, long long>> failed;
    Result<TicketMetrics> ticket_metrics;
};

}  // namespace

HttpRoutes::HttpRoutes(StoreWorker& store, Metrics& metrics, std::vector<Adapter*> adapters,
                       webchat::WebchatAdapter* webchat)
    : store_(store), metrics_(metrics), adapters_(std::move(adapters)), webchat_(webchat) {
    // Adapters that receive over HTTP (Telegram's webhook mode) bring their own routes.
    for (auto* a : adapters_)
        for (auto& r : a->http_routes()) extra_[std::move(r.path)] = std::move(r.handle);
}

void HttpRoutes::add(std::string path, Handler handler) { extra_[std::move(path)] = std::move(handler); }

void HttpRoutes::add_prefix(std::string prefix, Handler handler) { prefixed_.emplace_back(std::move(prefix), std::move(handler)); }

void HttpRoutes::install(net::HttpServer& server) {
    server.on_request([this](net::IncomingRequest r) { return handle(std::move(r)); });
    if (webchat_) {
        auto* chat = webchat_;
        server.on_websocket("/ws", [chat](net::WebSocketPtr ws) { return chat->serve(std::move(ws)); });
    }
}

net::awaitable<net::HttpResponse> HttpRoutes::handle(net::IncomingRequest request) {
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (auto it = extra_.find(request.path); it != extra_.end()) co_return co_await it->second(std::move(request));
    for (auto& [prefix, handler] : prefixed_)
        if (request.path.rfind(prefix, 0) == 0) co_return co_await handler(std::move(request));

    if (request.path == "/healthz") {
        if (!get) co_return method_not_allowed("GET, HEAD");
        co_return net::make_response(200, "ok\n");
    }
    if (request.path == "/readyz") {
        if (!get) co_return method_not_allowed("GET, HEAD");
        co_return co_await readyz();
    }
    if (request.path == "/metrics") {
        if (!get) co_return method_not_allowed("GET, HEAD");
        if (!metrics_token_.empty() && !webchat::constant_time_equal(request.headers.get("Authorization").value_or(""), "Bearer " + metrics_token_)) {
            auto r = net::make_response(401, "/metrics needs a bearer token (http.metrics_token_env)\n");
            r.headers.set("WWW-Authenticate", "Bearer");
            co_return r;
        }
        co_return co_await metrics();
    }
    if (webchat_) {
        if (const auto* asset = webchat::find_asset(request.path)) {
            if (!get) co_return method_not_allowed("GET, HEAD");
            auto r = net::make_response(200, std::string(asset->body), std::string(asset->content_type));
            page_headers(r);
            co_return r;
        }
        if (request.path == "/ws")  // a plain GET without the upgrade headers
            co_return net::make_response(426, "this address speaks WebSocket\n");
    }
    co_return net::make_response(404, "not found\n");
}

net::awaitable<net::HttpResponse> HttpRoutes::readyz() {
    std::string problems;
    Status reachable = co_await store_.run([](Store& s) { return s.ping(); });
    if (!reachable) problems += "store: " + reachable.error().message + "\n";
    for (const auto* a : adapters_)
        if (!a->connected()) problems += a->platform() + ": not connected\n";
    if (rooms_ && !rooms_->checked) problems += "rooms: not verified yet\n";
    if (rooms_)
        for (const auto& p : rooms_->problems) problems += "room " + p + "\n";
    if (!problems.empty()) co_return net::make_response(503, problems);
    co_return net::make_response(200, "ready\n");
}

net::awaitable<net::HttpResponse> HttpRoutes::metrics() {
    Scrape scrape = co_await store_.run([](Store& s) {
        return Scrape{s.outbox().depth(), s.count_tickets_by_status(), s.timers().count(),
                      s.outbox().failed_by_platform(), s.read_ticket_metrics(time_to_claim_bounds(), time_to_resolve_bounds())};
    });
    StoreGauges gauges;
    if (scrape.depth) gauges.outbox_depth = *scrape.depth;
    if (scrape.timers) gauges.timers_armed = *scrape.timers;
    if (scrape.failed) gauges.outbox_failed = *scrape.failed;
    if (scrape.ticket_metrics) gauges.tickets = std::move(*scrape.ticket_metrics);
    if (scrape.tickets) {
        for (const auto& c : *scrape.tickets) {
            auto status = parse_status(c.status);
            if (status && is_open(*status)) gauges.open_tickets[{c.status, c.priority}] += c.count;
        }
    }
    std::vector<std::pair<std::string, bool>> adapters;
    for (const auto* a : adapters_) adapters.emplace_back(a->platform(), a->connected());
    if (!scrape.depth || !scrape.tickets || !scrape.timers || !scrape.failed || !scrape.ticket_metrics)
        co_return net::make_response(503, "the store could not be read\n");
    co_return net::make_response(200, metrics_.render(gauges, adapters), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace frontline
