#pragma once
// Major incidents: tickets linked to a parent outage, and broadcasts to everyone it affects.
#include "core/handoff/desk_run.hpp"

namespace frontline::handoff {

/// The agents' `link` and `broadcast` (resolving the children with the parent is Resolution's).
class MajorIncidents {
public:
    explicit MajorIncidents(DeskRun& run) : run_(run) {}

    /// Makes `child` a child of `parent`; one level only.
    Status link(Ticket child, const InboundEvent& e, const Agent& a, const TicketId& parent);
    /// One message to each requester of the parent and its open children.
    Status broadcast(Ticket parent, const InboundEvent& e, const Agent& a, const std::string& text);

private:
    DeskRun& run_;
};

}  // namespace frontline::handoff
