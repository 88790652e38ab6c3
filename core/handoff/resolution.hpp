#pragma once
// Resolution, the requester's confirmation, reopening and closure.
#include "core/handoff/desk_run.hpp"
#include "core/handoff/ticket_clocks.hpp"

namespace frontline::handoff {

/// Ends a ticket's time with the humans, and brings it back when the fix did not hold.
class Resolution {
public:
    Resolution(DeskRun& run, TicketClocks& clocks) : run_(run), clocks_(clocks) {}

    /// The agent's `resolve`: the ticket and its open major-incident children, each requester asked to confirm.
    Status resolve(Ticket t, const InboundEvent& e, const Agent& a, const std::string& code, const std::string& text);
    /// Resolves `t` (when with the humans) and its open children as `who`, each requester asked to
    /// confirm with `by_name` as who resolved it; how many children were resolved. No answer to anyone.
    Result<int> resolve_with_children(Ticket t, const Actor& who, const std::string& by_name, const std::string& code,
                                      const std::string& text);
    Status close(Ticket t, const InboundEvent& e, const Agent& a);
    /// The requester answered "Yes, it works" / "No, still broken".
    Status confirm(const TicketId& id, bool works, const InboundEvent& e);
    /// Asks the requester whether the resolution of `t` works, with the Yes/No buttons.
    void ask_to_confirm(const Ticket& t, const std::string& agent_name, OutboxPriority priority);
    /// Takes the buttons off the requester's "Is everything working again?" question once it is
    /// answered (`answer_label`) or moot (closed, reopened by an agent): the message keeps its text.
    void retire_confirm_question(const Ticket& t, const std::string& answer_label = {});

private:
    DeskRun& run_;
    TicketClocks& clocks_;
};

}  // namespace frontline::handoff
