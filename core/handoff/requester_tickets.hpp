#pragma once
// A requester with more than one ticket with the people: a message that names none of them is held
// and they are asked which ticket it is about; `status` lists them all; `cancel` withdraws one
// (after asking), journalled, and the agents are told.
#include <vector>

#include "core/handoff/desk_run.hpp"
#include "core/handoff/relay.hpp"
#include "core/handoff/requester_choices.hpp"
#include "core/handoff/ticket_clocks.hpp"

namespace frontline::handoff {

class RequesterTickets {
public:
    RequesterTickets(DeskRun& run, TicketClocks& clocks, Relay& relay) : run_(run), clocks_(clocks), relay_(relay) {}

    /// A message while `open` (newest first, at least one) are with the people.
    Status message(const std::vector<Ticket>& open, const InboundEvent& e);
    /// "status" / "my tickets": where each of them stands.
    Status status(const std::vector<Ticket>& open);
    /// "cancel": which ticket to withdraw (or whether to withdraw the only one), with buttons.
    Status ask_withdraw(const std::vector<Ticket>& open);
    /// One of the buttons of requester_choices.
    Status pressed(const RequesterButton& b, const InboundEvent& e);

private:
    Status withdraw(Ticket t, const InboundEvent& e);
    /// The requester's ticket `id`, or nullopt after telling the presser it is not theirs.
    Result<std::optional<Ticket>> own_ticket(const TicketId& id, const InboundEvent& e);
    std::string button_label(const Ticket& t) const;

    DeskRun& run_;
    TicketClocks& clocks_;
    Relay& relay_;
};

}  // namespace frontline::handoff
