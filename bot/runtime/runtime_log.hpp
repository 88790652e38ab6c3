#pragma once
// One-line log records on stderr, safe from any thread. Callers never pass secrets.
#include <string_view>

namespace frontline {

enum class LogLevel { debug, info, warn, error };

/// Writes "2026-11-27T09:30:00Z warn engine: <message>" to stderr.
void log_line(LogLevel level, std::string_view component, std::string_view message);

/// Drops records below `level` (default info; FRONTLINE_LOG=debug at start-up lowers it).
void set_log_level(LogLevel level);

}  // namespace frontline
