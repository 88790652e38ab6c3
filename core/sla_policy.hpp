#pragma once
// SLA targets per priority and the arithmetic of due times. Time in pending_user does not count.
#include <array>

#include <nlohmann/json_fwd.hpp>

#include "core/result.hpp"
#include "core/ticket.hpp"

namespace frontline {

struct SlaTarget {
    Seconds response;
    Seconds resolution;
};

class SlaPolicy {
public:
    /// The service's promise: response P1 1h, P2 2h, P3 3h, P4 3h; resolution P1 4h, P2 8h, P3 24h, P4 72h.
    SlaPolicy();

    /// Reads {"P1":{"response_minutes":60,"resolution_minutes":240}, ...}; every priority required.
    static Result<SlaPolicy> from_json(const nlohmann::json& j);

    const SlaTarget& target(Priority p) const { return targets_[static_cast<std::size_t>(p) - 1]; }
    void set(Priority p, SlaTarget t) { targets_[static_cast<std::size_t>(p) - 1] = t; }

    /// Sets the ticket's due times from reported_at, its priority and the paused time so far.
    /// Called at logging and whenever the priority changes.
    void apply(Ticket& t) const;
    /// Both clocks start again at `now`: a reopened ticket is owed a first response and a fix as if
    /// reported now (the original due times passed while it was resolved).
    void restart(Ticket& t, TimePoint now) const;

private:
    std::array<SlaTarget, 4> targets_{};
};

/// Stops the SLA clock (entering pending_user). Idempotent.
void sla_pause(Ticket& t, TimePoint now);
/// Restarts it, pushing the due times back by the paused span. Idempotent.
void sla_resume(Ticket& t, TimePoint now);

/// Seconds left until the due time at `now`, not counting a pause in progress (negative = breached).
Seconds sla_remaining(const Ticket& t, TimePoint due, TimePoint now);

}  // namespace frontline
