#pragma once
// Time is passed in: core never reads a clock of its own, so tests drive it and never sleep.
#include <chrono>
#include <optional>
#include <string>

namespace frontline {

using TimePoint = std::chrono::sys_seconds;
using Seconds = std::chrono::seconds;

/// Source of "now" for the service; core functions take a TimePoint instead.
class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

/// The wall clock, truncated to seconds.
class SystemClock final : public Clock {
public:
    TimePoint now() const override {
        return std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now());
    }
};

/// A clock that moves only when told: for tests and transcripts.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start) : now_(start) {}
    TimePoint now() const override { return now_; }
    void advance(Seconds by) { now_ += by; }
    void set(TimePoint t) { now_ = t; }

private:
    TimePoint now_;
};

/// ISO 8601 UTC, e.g. 2026-11-27T09:30:00Z.
std::string format_iso8601(TimePoint t);
/// Parses what format_iso8601 writes; nullopt on anything else.
std::optional<TimePoint> parse_iso8601(const std::string& s);

}  // namespace frontline
