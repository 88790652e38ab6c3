#pragma once
// A ticket's clocks as timer effects: re-ping, SLA warning and breach, data-breach deadline, auto-close.
#include "core/handoff/desk_run.hpp"

namespace frontline::handoff {

/// Arms and cancels the hand-off timers of a ticket (handled when they fire by DeskTimers).
class TicketClocks {
public:
    explicit TicketClocks(DeskRun& run) : run_(run) {}

    /// The next "nobody claimed this yet" ping.
    void arm_reping(const Ticket& t);
    /// The warning before, and the escalation at, each SLA due time.
    void arm_sla(const Ticket& t);
    /// The reminders before, and the alarm at, the data-breach notification deadline.
    void arm_breach_clock(const Ticket& t);
    /// Closure of a resolved ticket that nobody confirmed.
    void arm_auto_close(const Ticket& t);
    /// Every timer of the ticket; the data-breach deadline stays when `keep_breach` (still owed).
    void cancel_ticket_timers(const Ticket& t, bool keep_breach);

private:
    DeskRun& run_;
};

}  // namespace frontline::handoff
