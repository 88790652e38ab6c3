#pragma once
// SLA targets per priority and the arithmetic of due times. A clock counts working time on its
// team's business calendar, or wall time (P1 by default); time in pending_user does not count.
#include <array>
#include <map>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/business_calendar.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"

namespace frontline {

/// Whether a priority's clocks count every second or only the team's working hours.
enum class SlaCounting { wall, working };

struct SlaTarget {
    Seconds response;
    Seconds resolution;
    SlaCounting counts = SlaCounting::working;
};

/// Which of a ticket's two clocks.
enum class SlaClockKind { response, resolution };

class SlaPolicy {
public:
    /// The service's promise: response P1 1h, P2 2h, P3 3h, P4 3h; resolution P1 4h, P2 8h, P3 24h,
    /// P4 72h; P1 in wall time, the rest in working time on a default calendar that is around the clock.
    SlaPolicy();

    /// Reads {"P1":{"response_minutes":60,"resolution_minutes":240,"counts":"wall"}, ...,
    /// "warning_share":0.75, "calendars":{"default":{...},"<team>":{...}}}; every priority required;
    /// "response_seconds"/"resolution_seconds" may replace the minutes. Calendars: BusinessCalendar.
    static Result<SlaPolicy> from_json(const nlohmann::json& j, const ZoneSource& zones);

    const SlaTarget& target(Priority p) const { return targets_[static_cast<std::size_t>(p) - 1]; }
    void set(Priority p, SlaTarget t) { targets_[static_cast<std::size_t>(p) - 1] = t; }
    /// Share of a target after which the agents are warned (0 < share < 1).
    double warning_share() const { return warning_share_; }
    void set_warning_share(double s) { warning_share_ = s; }
    /// A team's own calendar, else the default one.
    const BusinessCalendar& calendar(const std::string& team) const;
    void set_calendar(const std::string& team, BusinessCalendar c);
    bool has_calendar(const std::string& team) const { return calendars_.count(team) > 0; }
    /// What the ticket's clocks count on: its team's calendar, or wall time for its priority.
    const BusinessCalendar& clock_of(const Ticket& t) const;

    /// Sets the ticket's due times from reported_at, its priority, its calendar and the paused time
    /// so far. Called at logging and whenever the priority or the team changes.
    void apply(Ticket& t) const;
    /// Both clocks start again at `now`: a reopened ticket is owed a first response and a fix as if
    /// reported now (the original due times passed while it was resolved).
    void restart(Ticket& t, TimePoint now) const;
    /// When the warning of one clock is due: `warning_share` of its target consumed.
    TimePoint warning_at(const Ticket& t, SlaClockKind clock) const;
    /// Restarts a paused clock: the paused span, in wall and in working time, is kept out and the
    /// due times recomputed. Idempotent.
    void resume(Ticket& t, TimePoint now) const;
    /// Clock time consumed between the report and `now`, pauses excluded (for reports and cards).
    Seconds consumed(const Ticket& t, TimePoint now) const;

private:
    std::array<SlaTarget, 4> targets_{};
    double warning_share_ = 0.75;
    BusinessCalendar default_calendar_ = BusinessCalendar::around_the_clock();
    std::map<std::string, BusinessCalendar> calendars_;
};

/// Stops the SLA clock (entering pending_user). Idempotent.
void sla_pause(Ticket& t, TimePoint now);
/// Restarts it counting wall time, pushing the due times back by the paused span (no policy at
/// hand; SlaPolicy::resume is the calendar-aware one). Idempotent.
void sla_resume(Ticket& t, TimePoint now);

/// Seconds left until the due time at `now`, not counting a pause in progress (negative = breached).
Seconds sla_remaining(const Ticket& t, TimePoint due, TimePoint now);

}  // namespace frontline
