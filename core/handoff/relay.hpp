#pragma once
// The relay between a requester and the agents of their ticket, across platforms.
#include "core/handoff/desk_run.hpp"

namespace frontline::handoff {

/// Carries messages between a requester and the agents, and answers the requester's own questions.
class Relay {
public:
    explicit Relay(DeskRun& run) : run_(run) {}

    /// A requester wrote while their ticket is with the humans.
    Status relay_from_requester(Ticket t, const InboundEvent& e);
    /// The requester sent files while their ticket is with the humans: the kept ones go onto the
    /// ticket (journal "attachment") and the assigned agent (else the team) is told with links;
    /// each refused one is explained to the requester in their language. Text is relay_from_requester's.
    Status files_from_requester(const Ticket& t, const InboundEvent& e);
    /// The requester typed "status" (or "stato"): where their ticket stands, not relayed.
    Status requester_status(const Ticket& t);
    /// What requester_status says about `t`, in the ticket's language.
    std::string status_text(const Ticket& t);
    /// The requester typed "help" (or "aiuto"): who reads their messages and the words they can use.
    Status requester_help(const Ticket& t);
    /// An agent's `reply`: the text to the requester, confirmed where the agent wrote.
    Status reply(Ticket t, const InboundEvent& e, const Agent& a, const std::string& text);
    /// "15:30 today (Rome time)": a due time as the requester of `t` reads it; "-" for none.
    std::string due_for_requester(const Ticket& t, std::optional<TimePoint> due);

private:
    DeskRun& run_;
};

}  // namespace frontline::handoff
