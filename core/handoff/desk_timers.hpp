#pragma once
// The hand-off timers when they fire: re-ping, SLA warning and breach, data-breach deadline, auto-close.
#include "core/handoff/desk_run.hpp"
#include "core/handoff/escalator.hpp"
#include "core/handoff/resolution.hpp"
#include "core/handoff/ticket_clocks.hpp"

namespace frontline::handoff {

/// Routes a fired hand-off timer, through a table from its kind, to the handler of that kind.
class DeskTimers {
public:
    DeskTimers(DeskRun& run, TicketClocks& clocks, Escalator& escalator, Resolution& resolution)
        : run_(run), clocks_(clocks), escalator_(escalator), resolution_(resolution) {}

    /// A fired hand-off timer (timers::is_handoff_kind).
    Status fire(const TimerRequest& t);

private:
    // One handler per timer kind (timers::kReping, kSla, kBreach, kAutoClose): the ticket loaded,
    // the timer, its payload.
    Status on_reping(Ticket t, const TimerRequest& tr, const nlohmann::json& payload);
    Status on_sla(Ticket t, const TimerRequest& tr, const nlohmann::json& payload);
    Status on_breach_clock(Ticket t, const TimerRequest& tr, const nlohmann::json& payload);
    Status on_auto_close(Ticket t, const TimerRequest& tr, const nlohmann::json& payload);
    Status on_call_reminder(Ticket t, const TimerRequest& tr, const nlohmann::json& payload);

    DeskRun& run_;
    TicketClocks& clocks_;
    Escalator& escalator_;
    Resolution& resolution_;
};

}  // namespace frontline::handoff
