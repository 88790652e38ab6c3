#pragma once
// Escalation: a ticket handed to the humans (card, pings, timers), and its climb to L3.
#include <optional>

#include "core/handoff/desk_run.hpp"
#include "core/handoff/ticket_clocks.hpp"

namespace frontline::handoff {

/// Puts tickets in front of the agents of their tier and moves them up a tier.
class Escalator {
public:
    Escalator(DeskRun& run, TicketClocks& clocks) : run_(run), clocks_(clocks) {}

    /// A ticket the engine (or an agent) escalated: tier, restriction, card, pings, timers. The
    /// ticket as escalated, or none when there was nothing to ping (gone, claimed or closed meanwhile).
    Result<std::optional<Ticket>> escalate_ticket(const Escalation& e);
    /// Moves `t` to L3: journal, save, card (moved to the L3 team's rooms if that is another team), re-ping.
    Status tier_up(Ticket& t, const Actor& who, const std::string& reason);
    /// Updates a major incident's card in place (its list of linked reports changed).
    Status refresh_parent_card(const TicketId& parent);

private:
    DeskRun& run_;
    TicketClocks& clocks_;
};

}  // namespace frontline::handoff
