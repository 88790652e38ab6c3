#include "adapters/alertmanager/alertmanager_webhook.hpp"

#include <cstdint>
#include <cstdio>
#include <memory>

#include "adapters/alertmanager/alert_payload.hpp"

namespace frontline::alertmanager {
namespace {

/// Compares without an early exit, so the time taken says nothing about how much of a guess was right.
bool same_secret(const std::string& a, const std::string& b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
    return diff == 0;
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t h) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

}  // namespace

std::string notification_id(const std::string& group_key, const std::string& body) {
    // Two independent 64-bit hashes: an accidental collision would silently drop a notification.
    const std::uint64_t a = fnv1a(body, fnv1a(group_key, 14695981039346656037ull));
    const std::uint64_t b = fnv1a(group_key, fnv1a(body, 1469598103934665603ull ^ 0x9e3779b97f4a7c15ull));
    char out[40];
    std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
    return out;
}

AlertmanagerWebhook::AlertmanagerWebhook(WebhookSettings settings, InboundSink& sink, std::function<TimePoint()> clock_now, Log warn)
    : settings_(std::move(settings)), sink_(sink), now_(std::move(clock_now)), warn_(std::move(warn)) {}

boost::asio::awaitable<net::HttpResponse> AlertmanagerWebhook::handle(net::IncomingRequest request) {
    if (request.method != "POST") {
        auto r = net::make_response(405, "method not allowed\n");
        r.headers.set("Allow", "POST");
        co_return r;
    }
    const auto auth = request.headers.get("Authorization");
    if (settings_.token.empty() || !auth || !same_secret(*auth, "Bearer " + settings_.token)) {
        warn_("alertmanager webhook: a POST from " + request.remote_address + " without the right bearer token");
        auto r = net::make_response(401, "unauthorized: send the bearer token from " + settings_.token_env + "\n");
        r.headers.set("WWW-Authenticate", "Bearer");
        co_return r;
    }
    if (request.body.size() > settings_.max_body_bytes) {
        warn_("alertmanager webhook: a body of " + std::to_string(request.body.size()) + " bytes, over alertmanager.max_body_bytes");
        co_return net::make_response(400, "body too large (alertmanager.max_body_bytes is " + std::to_string(settings_.max_body_bytes) +
                                              "); lower max_alerts in the receiver\n");
    }
    auto notice = parse_webhook_payload(request.body);
    if (!notice) {
        warn_("alertmanager webhook: " + notice.error().message);
        co_return net::make_response(400, notice.error().message + "\n");
    }
    InboundEvent e;
    e.event_id = notification_id(notice->group_key, request.body);
    e.kind = InboundKind::alert;
    e.from = Identity{kSource, notice->receiver};
    e.source_address = request.remote_address;
    e.received_at = now_();
    e.alert = std::make_shared<const AlertNotice>(std::move(*notice));
    std::vector<InboundEvent> events;
    events.push_back(std::move(e));
    Status committed = co_await sink_.commit(std::move(events));
    if (!committed) {
        // Not recorded: Alertmanager sends it again (it retries until its next group_interval).
        warn_("alertmanager webhook: not recorded: " + committed.error().message);
        co_return net::make_response(503, "not recorded, try again\n");
    }
    co_return net::make_response(200, "ok\n");
}

}  // namespace frontline::alertmanager
