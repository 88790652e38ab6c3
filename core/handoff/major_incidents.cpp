// Major incidents: one outage reported by many. Agents link the duplicates to a parent ticket and
// broadcast updates to everyone affected, once per requester conversation.
#include "core/handoff/major_incidents.hpp"

#include <set>
#include <tuple>

namespace frontline::handoff {

Status MajorIncidents::link(Ticket child, const InboundEvent& e, const Agent& a, const TicketId& parent_id) {
    if (child.id == parent_id) return make_error(Errc::invalid_argument, std::string(usage(Verb::link)));
    auto parent = run_.load(parent_id);
    if (!parent) {
        if (parent.error().code != Errc::not_found) return parent.error();
        return make_error(Errc::not_found, run_.agent_text("handoff.agent.unknown_ticket", {{"ticket", parent_id.str()}}));
    }
    if (parent->parent)  // one level only: a major incident is never itself a child
        return make_error(Errc::invalid_argument, run_.agent_text("handoff.agent.parent_is_child", {{"parent", parent_id.str()}, {"grandparent", parent->parent->str()}}));
    child.parent = parent_id;
    if (auto ok = run_.save(child); !ok) return ok;
    if (auto ok = run_.journal(child, actor_of(a).label(), "link", {{"parent", parent_id.str()}}); !ok) return ok;
    if (auto ok = run_.journal(*parent, actor_of(a).label(), "link_child", {{"child", child.id.str()}}); !ok) return ok;
    if (is_open(child.status))
        run_.tell_requester(child, "handoff.requester.linked", {{"ticket", child.id.str()}, {"parent", parent_id.str()}});
    // One card for the outage: an unclaimed report's own card says where it is followed now (its
    // re-pings stop when they next fire), and the parent's card lists it.
    if (child.status == TicketStatus::escalated && child.escalated_at) run_.post_card(child, true, {});
    if (parent->escalated_at) run_.post_card(*parent, true, {});
    run_.answer(e, run_.agent_text("handoff.agent.linked", {{"ticket", child.id.str()}, {"parent", parent_id.str()}}));
    return {};
}

Status MajorIncidents::broadcast(Ticket parent, const InboundEvent& e, const Agent& a, const std::string& text) {
    auto children = run_.children_of(parent.id);
    if (!children) return children.error();
    std::vector<const Ticket*> recipients{&parent};
    for (const auto& c : *children)
        if (c.status != TicketStatus::closed && c.status != TicketStatus::cancelled) recipients.push_back(&c);
    // One message per requester conversation, even when someone reported the outage twice.
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    int sent = 0;
    for (const Ticket* t : recipients) {
        if (!seen.insert({t->address.platform, t->address.conversation_id, t->address.thread}).second) continue;
        run_.tell_requester(*t, "handoff.requester.broadcast", {{"parent", parent.id.str()}, {"ticket", t->id.str()}, {"text", text}},
                            {}, OutboxPriority::bulk);
        if (t != &parent)
            if (auto ok = run_.journal(*t, actor_of(a).label(), "broadcast", {{"parent", parent.id.str()}, {"text", text}}); !ok) return ok;
        ++sent;
    }
    if (auto ok = run_.journal(parent, actor_of(a).label(), "broadcast", {{"text", text}, {"recipients", sent}}); !ok) return ok;
    run_.answer(e, run_.agent_text("handoff.agent.broadcast_sent", {{"ticket", parent.id.str()}, {"count", std::to_string(sent)}}));
    return {};
}

}  // namespace frontline::handoff
