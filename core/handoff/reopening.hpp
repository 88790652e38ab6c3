#pragma once
// Reopening: a fix that did not hold brings the ticket back to whoever worked on it, with fresh
// clocks; past lifecycle.reopen_window_hours a new ticket is opened instead and linked to the old one
// (the agent sees what was done last time, and the old ticket's history stays as it was).
#include <string>

#include "core/handoff/desk_run.hpp"
#include "core/handoff/escalator.hpp"
#include "core/handoff/reopen_words.hpp"
#include "core/handoff/resolution.hpp"
#include "core/handoff/ticket_clocks.hpp"

namespace frontline::handoff {

class Reopening {
public:
    Reopening(DeskRun& run, TicketClocks& clocks, Escalator& escalator, Resolution& resolution)
        : run_(run), clocks_(clocks), escalator_(escalator), resolution_(resolution) {}

    /// The agent's `reopen INC [reason]` of a resolved or closed ticket within the window.
    Status by_agent(Ticket t, const InboundEvent& e, const Agent& a, const std::string& reason);
    /// The requester's "it broke again" / "reopen INC-…": the ticket they named, else their latest
    /// resolved or closed one. False when they have none (the words are a new problem then).
    Result<bool> by_requester(const ReopenRequest& r, const InboundEvent& e);

private:
    /// Back with the humans: in progress with its last assignee (or in the team's queue when it has
    /// none), clocks restarted, the reopening journalled and counted.
    Status bring_back(Ticket t, const Actor& who, const std::string& reason);
    /// Past the window: a new ticket like the old one, linked both ways, escalated to the same team.
    Status follow_up(const Ticket& old, const InboundEvent& e);
    bool within_window(const Ticket& t) const;
    /// "7 days" / "36 hours" in the agents' language.
    std::string window_text() const;

    DeskRun& run_;
    TicketClocks& clocks_;
    Escalator& escalator_;
    Resolution& resolution_;
};

}  // namespace frontline::handoff
