#pragma once
// The "alertmanager" section's mapping rules (label matchers -> category, service, impact, urgency,
// auto_resolve), checked against the categories the engine knows.
#include "bot/config/config.hpp"
#include "core/handoff/alert_rules.hpp"

namespace frontline {

/// The rules, or an error naming the file and key (an unknown category included).
Result<handoff::AlertRules> load_alert_rules(const Config& config);

}  // namespace frontline
