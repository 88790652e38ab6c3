#pragma once
// Builds the service's top-level handler from the configuration: the conversation engine wrapped by
// the hand-off Desk (agents, escalation policy, relay, closure).
#include <memory>

#include "bot/config/config.hpp"
#include "core/event_handler.hpp"
#include "core/handoff/desk.hpp"
#include "core/platform.hpp"

namespace frontline {

/// The Desk around the ConversationEngine; errors name the file and key that are wrong.
/// `platforms`: each platform whose adapter runs and what it can show (enabled_platforms() in
/// bot/runtime/adapter_registry); cards and private messages go nowhere else.
Result<std::unique_ptr<handoff::Desk>> make_desk(const Config& config, PlatformCapabilitiesMap platforms);

/// For check-config: the agents file, its escalation policy and the hand-off texts are valid.
Status validate_desk_config(const Config& config);

}  // namespace frontline
