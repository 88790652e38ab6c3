#pragma once
// Durable timers (SLA warnings, idle reminders, auto-close): armed and cancelled in the same
// transaction as the decision that asked for them, fired by the engine loop when due.
#include <optional>
#include <string>
#include <vector>

#include "core/effects.hpp"
#include "core/result.hpp"

namespace frontline {

class Store;

class TimerStore {
public:
    explicit TimerStore(Store& store) : store_(store) {}
    /// Arms `t`; arming an existing key moves it to the new due time, kind and payload.
    Status arm(const TimerRequest& t);
    /// Cancels the timer named `key`; cancelling an absent key is not an error.
    Status cancel(const std::string& key);
    /// Timers due at or before `now`, earliest first, at most `limit`.
    Result<std::vector<TimerRequest>> due(TimePoint now, int limit);
    /// The earliest due time, if any timer is armed.
    Result<std::optional<TimePoint>> next_due();
    Result<long long> count();

private:
    Store& store_;
};

}  // namespace frontline
