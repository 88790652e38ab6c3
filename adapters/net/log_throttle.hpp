#pragma once
// Lets a repeated warning through at most once per interval and counts what it held back, so an
// attack or an exhausted resource (EMFILE ten times a second) cannot fill the log. Time is passed in.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace frontline::net {

class LogThrottle {
public:
    using Clock = std::chrono::steady_clock;

    explicit LogThrottle(std::chrono::milliseconds interval = std::chrono::seconds(10)) : interval_(interval) {}

    /// The line to log now (with how many were held back since the last one), or nothing.
    std::optional<std::string> admit(const std::string& line, Clock::time_point now) {
        if (last_ && now - *last_ < interval_) {
            ++held_back_;
            return std::nullopt;
        }
        last_ = now;
        std::string out = line;
        if (held_back_ > 0) out += " (" + std::to_string(held_back_) + " more like it not logged)";
        held_back_ = 0;
        return out;
    }

private:
    std::chrono::milliseconds interval_;
    std::optional<Clock::time_point> last_;
    std::size_t held_back_ = 0;
};

}  // namespace frontline::net
