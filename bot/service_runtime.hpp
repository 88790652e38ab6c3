#pragma once
// The service around one event handler: store thread, engine loop, outbox dispatcher, adapters
// (web chat + the registered platforms), HTTP server; clean shutdown on SIGINT/SIGTERM.
#include <iosfwd>

#include "bot/config.hpp"
#include "core/event_handler.hpp"

namespace frontline {

/// Runs until SIGINT/SIGTERM; prints "frontline: listening on http://host:port/" to `out` once the
/// server accepts connections. Returns the process exit code (0 after a clean shutdown).
int run_runtime(const Config& config, EventHandler& handler, std::ostream& out);

}  // namespace frontline
