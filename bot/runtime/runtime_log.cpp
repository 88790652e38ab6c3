#include "bot/runtime/runtime_log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

#include "core/clock.hpp"

namespace frontline {

namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::info)};
std::mutex g_mutex;

const char* name_of(LogLevel l) {
    switch (l) {
        case LogLevel::debug: return "debug";
        case LogLevel::info: return "info";
        case LogLevel::warn: return "warn";
        case LogLevel::error: return "error";
    }
    return "info";
}
}  // namespace

void set_log_level(LogLevel level) { g_level = static_cast<int>(level); }

void log_line(LogLevel level, std::string_view component, std::string_view message) {
    if (static_cast<int>(level) < g_level.load()) return;
    const std::string stamp = format_iso8601(SystemClock{}.now());
    std::lock_guard lock(g_mutex);
    std::fprintf(stderr, "%s %s %.*s: %.*s\n", stamp.c_str(), name_of(level), static_cast<int>(component.size()),
                 component.data(), static_cast<int>(message.size()), message.data());
}

}  // namespace frontline
