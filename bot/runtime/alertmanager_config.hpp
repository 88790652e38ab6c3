#pragma once
// The "alertmanager" section's receiver settings: whether POST /hooks/alertmanager is served, the
// bearer token (from the environment variable named by alertmanager.token_env) and the body limit.
#include <optional>

#include "adapters/alertmanager/alertmanager_webhook.hpp"
#include "bot/config/config.hpp"

namespace frontline {

/// nullopt when alertmanager.enabled is false (the default); an error naming the key otherwise.
Result<std::optional<alertmanager::WebhookSettings>> read_alertmanager_webhook(const Config& config);

}  // namespace frontline
