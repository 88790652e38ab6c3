#pragma once
// The service: the desk (conversation engine + hand-off) built from the configuration, and the
// runtime around it: store thread, engine loop, outbox dispatcher, adapters (web chat + the
// registered platforms), HTTP server; clean shutdown on SIGINT/SIGTERM.
#include <functional>
#include <iosfwd>

#include "bot/config/config.hpp"
#include "core/event_handler.hpp"

namespace frontline {

namespace handoff {
struct DeskConfig;
}

/// Runs until SIGINT/SIGTERM; prints "frontline: listening on http://host:port/" to `out` once the
/// server accepts connections. Returns the process exit code (0 after a clean shutdown).
/// `is_agent` names the configured agents, whose commands per minute are bounded
/// (limits.agent_commands_per_minute); null: no agents, no such limit.
/// `desk`: the hand-off's configuration, for the call booking pages (served when calls are set up).
int run_runtime(const Config& config, EventHandler& handler, std::ostream& out,
                std::function<bool(const Identity&)> is_agent = {}, const handoff::DeskConfig* desk = nullptr);

/// The desk from the configuration, then run_runtime around it; returns the process exit code
/// (2 when the configuration cannot build the desk).
int run_service(const Config& config);

}  // namespace frontline
