// A clock is running from the report until it is met (the first answer, the resolution); while the
// ticket waits for the requester it stands still, and what is left of it is counted the way the
// clock counts (working time on the ticket's calendar, or wall time), because that is what the agent
// still has once the requester answers.
#include "core/handoff/clock_lines.hpp"

#include <algorithm>

namespace frontline::handoff {

std::vector<std::string> clock_lines(const Ticket& t, const SlaPolicy& policy, TimePoint now, const TimeWords& words,
                                     const std::function<std::string(const std::string& key, const Vars& vars)>& text) {
    std::vector<std::string> out;
    if (!is_open(t.status) || t.status == TicketStatus::new_ || t.status == TicketStatus::in_diagnosis) return out;
    struct Clock {
        const char* name;
        std::optional<TimePoint> due;
        bool met;
        Seconds target;
    };
    const auto& target = policy.target(t.priority);
    const Clock clocks[] = {
        {"handoff.card.clock_response", t.sla.response_due, t.first_response_at.has_value(), target.response},
        {"handoff.card.clock_resolution", t.sla.resolution_due, t.resolved_at.has_value(), target.resolution},
    };
    for (const auto& c : clocks) {
        if (c.met || !c.due) continue;
        const std::string name = text(c.name, {});
        if (t.sla.paused_since) {
            const Seconds left = std::max(c.target - policy.consumed(t, now), Seconds{0});
            out.push_back(text("handoff.card.clock_paused", {{"clock", name}, {"left", words.duration(left)}}));
        } else if (now < *c.due) {
            out.push_back(text("handoff.card.clock_due", {{"clock", name}, {"due", words.at(*c.due)}, {"left", words.in(*c.due - now)}}));
        } else {
            out.push_back(text("handoff.card.clock_overdue", {{"clock", name}, {"due", words.at(*c.due)}, {"late", words.overdue(now - *c.due)}}));
        }
    }
    return out;
}

}  // namespace frontline::handoff
