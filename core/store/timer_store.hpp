#pragma once
// Durable timers (SLA warnings, idle reminders, auto-close): armed and cancelled in the same
// transaction as the decision that asked for them, fired by the engine loop when due.
#include <optional>
#include <string>
#include <vector>

#include "core/effects.hpp"
#include "core/result.hpp"

namespace frontline {

class TimerStore {
public:
    virtual ~TimerStore() = default;
    /// Arms `t`; arming an existing key moves it to the new due time, kind and payload.
    virtual Status arm(const TimerRequest& t) = 0;
    /// Cancels the timer named `key`; cancelling an absent key is not an error.
    virtual Status cancel(const std::string& key) = 0;
    /// Timers due at or before `now`, earliest first, at most `limit`. Inside a transaction that
    /// then cancels and fires them; on a store shared by several processes the rows stay locked
    /// until it ends and other processes skip them (SKIP LOCKED), so each timer fires once.
    virtual Result<std::vector<TimerRequest>> due(TimePoint now, int limit) = 0;
    /// The earliest due time, if any timer is armed.
    virtual Result<std::optional<TimePoint>> next_due() = 0;
    virtual Result<long long> count() = 0;
};

}  // namespace frontline
