#pragma once
// POST /hooks/alertmanager: Alertmanager's webhook receiver. Checks the bearer token, decodes the
// payload (alert_payload.hpp) and hands the alert group to the engine loop as one InboundEvent;
// answers 200 only once the loop committed it, so Alertmanager retries anything not recorded.
#include <cstddef>
#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "adapters/adapter.hpp"
#include "adapters/net/http_types.hpp"

namespace frontline::alertmanager {

/// The platform name the events carry (`InboundEvent::from.platform`): the inbox keys by it.
inline constexpr const char* kSource = "alertmanager";

struct WebhookSettings {
    std::string path = "/hooks/alertmanager";
    std::string token;                     ///< the bearer token Alertmanager sends (http_config.authorization)
    std::string token_env;                 ///< its variable's name, for messages
    std::size_t max_body_bytes = 256 * 1024;  ///< larger bodies get 400
};

class AlertmanagerWebhook {
public:
    using Log = std::function<void(const std::string&)>;
    /// `sink` outlives us (the engine loop); `clock_now` stamps received_at.
    AlertmanagerWebhook(WebhookSettings settings, InboundSink& sink, std::function<TimePoint()> clock_now, Log warn);

    /// Answers one request: 405 unless POST, 401 without the token, 400 for a body that is too
    /// large or not a version-4 payload (nothing recorded), 503 when the store could not commit.
    boost::asio::awaitable<net::HttpResponse> handle(net::IncomingRequest request);

    const WebhookSettings& settings() const { return settings_; }

private:
    WebhookSettings settings_;
    InboundSink& sink_;
    std::function<TimePoint()> now_;
    Log warn_;
};

/// The inbox key of a notification: the same body twice (Alertmanager retrying a send whose answer
/// was lost) is one event; a different body about the same group is another one.
std::string notification_id(const std::string& group_key, const std::string& body);

}  // namespace frontline::alertmanager
