// Resolution, confirmation, reopening and closure; major incidents (link, broadcast, resolving the
// children with the parent).
#include <set>
#include <tuple>

#include "core/handoff/desk_run.hpp"
#include "core/timer_keys.hpp"

namespace frontline::handoff {

namespace {


/// The resolution question is named per ticket, so whichever copy was delivered last is updated.
std::string confirm_key(const Ticket& t) { return t.id.str() + "/confirm"; }

std::vector<Choice> confirm_choices(const DeskRun& run, const Ticket& t) {
    return {{run.requester_text(t, "handoff.button.works"), confirm_payload(t.id, true)},
            {run.requester_text(t, "handoff.button.broken"), confirm_payload(t.id, false)}};
}

bool with_humans(TicketStatus s) {
    return s == TicketStatus::escalated || s == TicketStatus::in_progress || s == TicketStatus::pending_user;
}

}  // namespace

void DeskRun::ask_to_confirm(const Ticket& t, const std::string& agent_name, OutboxPriority priority) {
    OutboundMessage m;
    m.to = t.address;
    m.text = requester_text(t, "handoff.requester.resolved", {{"ticket", t.id.str()}, {"agent", agent_name}, {"text", t.resolution_notes}});
    m.choices = confirm_choices(*this, t);
    m.priority = priority;
    m.idempotency_key = next_key();
    m.message_key = confirm_key(t);
    send(std::move(m));
}

void DeskRun::retire_confirm_question(const Ticket& t, const std::string& answer_label) {
    // A ticket the L1 bot solved itself never went to people: the question is the engine's, and an
    // update of one we never sent would reach the requester as a new message.
    if (!t.escalated_at) return;
    OutboundMessage m;
    m.to = t.address;
    const Vars vars = {{"ticket", t.id.str()}, {"text", t.resolution_notes}, {"answer", answer_label}};
    m.text = requester_text(t, answer_label.empty() ? "handoff.requester.resolved_retired" : "handoff.requester.resolved_answered", vars);
    m.replaces = confirm_key(t);
    m.idempotency_key = next_key();
    send(std::move(m));
}

Status DeskRun::do_resolve(Ticket t, const InboundEvent& e, const Agent& a, const std::string& code,
                           const std::string& text) {
    if (!with_humans(t.status))
        return make_error(Errc::invalid_transition, agent_text("handoff.agent.not_open", {{"status", std::string(to_string(t.status))}}));
    if (auto ok = move(t, TicketStatus::resolved, actor_of(a)); !ok) return ok;
    if (t.assignee.empty()) t.assignee = a.handle;
    if (!t.first_response_at) t.first_response_at = now_;
    t.resolution_code = code;
    t.resolution_notes = text;
    if (auto ok = save(t); !ok) return ok;
    if (auto ok = journal(t, actor_of(a).label(), "resolution", {{"code", code}, {"text", text}}); !ok) return ok;
    fx_.cancel.push_back(timers::reping_key(t.id));
    arm_auto_close(t);
    post_card(t, true, {});
    ask_to_confirm(t, a.name, OutboxPriority::direct);

    // A major incident: its children share the resolution and each requester is asked to confirm.
    auto children = repos_.handoff.children_of(t.id);
    if (!children) return children.error();
    int resolved_children = 0;
    for (auto& child : *children) {
        if (!with_humans(child.status)) continue;
        if (!move(child, TicketStatus::resolved, actor_of(a))) continue;
        child.resolution_code = code;
        child.resolution_notes = text;
        if (!child.first_response_at) child.first_response_at = now_;
        if (auto ok = save(child); !ok) return ok;
        if (auto ok = journal(child, actor_of(a).label(), "resolution", {{"code", code}, {"text", text}, {"parent", t.id.str()}}); !ok)
            return ok;
        fx_.cancel.push_back(timers::reping_key(child.id));
        arm_auto_close(child);
        ask_to_confirm(child, a.name, OutboxPriority::bulk);
        ++resolved_children;
    }
    answer(e, agent_text(resolved_children ? "handoff.agent.resolved_with_children" : "handoff.agent.resolved",
                         {{"ticket", t.id.str()}, {"children", std::to_string(resolved_children)}}));
    return {};
}

Status DeskRun::do_reopen(Ticket t, const InboundEvent& e, const Agent& a) {
    const bool was_resolved = t.status == TicketStatus::resolved;
    if (auto ok = move(t, TicketStatus::in_progress, actor_of(a)); !ok) return ok;
    if (was_resolved) retire_confirm_question(t);
    if (t.assignee.empty()) t.assignee = a.handle;
    if (auto ok = save(t); !ok) return ok;
    fx_.cancel.push_back(timers::auto_close_key(t.id));
    post_card(t, true, {});
    const Agent* owner = assignee(t);
    tell_requester(t, "handoff.requester.reopened_by_agent", {{"ticket", t.id.str()}, {"agent", owner ? owner->name : a.name}});
    answer(e, agent_text("handoff.agent.reopened", {{"ticket", t.id.str()}}));
    return {};
}

Status DeskRun::do_close(Ticket t, const InboundEvent& e, const Agent& a) {
    if (t.restricted && a.tier < Tier::l3)
        return make_error(Errc::forbidden, agent_text("handoff.agent.l3_closes_breach"));
    const bool was_resolved = t.status == TicketStatus::resolved;
    if (auto ok = move(t, TicketStatus::closed, actor_of(a)); !ok) return ok;
    if (was_resolved) retire_confirm_question(t);
    if (auto ok = save(t); !ok) return ok;
    cancel_ticket_timers(t, true);
    post_card(t, true, {});
    tell_requester(t, "handoff.requester.closed", {{"ticket", t.id.str()}});
    answer(e, agent_text("handoff.agent.closed", {{"ticket", t.id.str()}}));
    return {};
}

Status DeskRun::confirm(const TicketId& id, bool works, const InboundEvent& e) {
    auto loaded = load(id);
    if (!loaded) return loaded.error().code == Errc::not_found ? Status{} : Status{loaded.error()};
    Ticket t = std::move(*loaded);
    if (t.requester.identity != e.from) {
        // Only the requester answers for their ticket; anyone else pressing the button changes nothing,
        // not even the ticket's journal (someone not on the ticket never writes into it).
        OutboundMessage m;
        m.to = e.where;
        m.text = cfg_.texts.get(cfg_.texts.has_language(e.locale_hint) ? e.locale_hint : cfg_.settings.default_locale,
                               "handoff.requester.not_yours");
        send(std::move(m));
        return {};
    }
    if (t.status != TicketStatus::resolved) {
        tell_requester(t, "handoff.requester.confirm_stale", {{"ticket", t.id.str()}, {"status", std::string(to_string(t.status))}});
        return {};
    }
    const Actor who = Actor::requester(e.from);
    retire_confirm_question(t, requester_text(t, works ? "handoff.button.works" : "handoff.button.broken"));
    if (works) {
        if (auto ok = move(t, TicketStatus::closed, who); !ok) return ok;
        if (auto ok = save(t); !ok) return ok;
        if (auto ok = journal(t, who.label(), "confirmed", {{"works", true}}); !ok) return ok;
        cancel_ticket_timers(t, true);
        post_card(t, true, {});
        tell_requester(t, "handoff.requester.closed_thanks", {{"ticket", t.id.str()}});
        return {};
    }
    if (auto ok = move(t, TicketStatus::in_progress, who); !ok) {
        tell_requester(t, "handoff.requester.reopen_too_late", {{"ticket", t.id.str()}});
        return {};
    }
    fx_.cancel.push_back(timers::auto_close_key(t.id));
    if (auto ok = journal(t, who.label(), "confirmed", {{"works", false}}); !ok) return ok;
    const Agent* owner = assignee(t);
    if (owner) {
        if (auto ok = save(t); !ok) return ok;
        post_card(t, true, {});
        post_to_ticket(t, agent_text("handoff.agent.reopened_ping", {{"ticket", t.id.str()}, {"agent", owner->name}}), {owner}, false);
    } else {
        // Resolved with its parent and never claimed: back to the queue with a fresh ping.
        if (auto ok = move(t, TicketStatus::escalated, Actor::system()); !ok) return ok;
        if (auto ok = save(t); !ok) return ok;
        post_card(t, false, mention_for(t, cfg_.policy.route(t)));
        arm_reping(t);
    }
    tell_requester(t, "handoff.requester.reopened", {{"ticket", t.id.str()}});
    return {};
}

Status DeskRun::do_link(Ticket child, const InboundEvent& e, const Agent& a, const TicketId& parent_id) {
    if (child.id == parent_id) return make_error(Errc::invalid_argument, std::string(usage(Verb::link)));
    auto parent = load(parent_id);
    if (!parent) {
        if (parent.error().code != Errc::not_found) return parent.error();
        return make_error(Errc::not_found, agent_text("handoff.agent.unknown_ticket", {{"ticket", parent_id.str()}}));
    }
    if (parent->parent)  // one level only: a major incident is never itself a child
        return make_error(Errc::invalid_argument, agent_text("handoff.agent.parent_is_child", {{"parent", parent_id.str()}, {"grandparent", parent->parent->str()}}));
    child.parent = parent_id;
    if (auto ok = save(child); !ok) return ok;
    if (auto ok = journal(child, actor_of(a).label(), "link", {{"parent", parent_id.str()}}); !ok) return ok;
    if (auto ok = journal(*parent, actor_of(a).label(), "link_child", {{"child", child.id.str()}}); !ok) return ok;
    if (is_open(child.status))
        tell_requester(child, "handoff.requester.linked", {{"ticket", child.id.str()}, {"parent", parent_id.str()}});
    answer(e, agent_text("handoff.agent.linked", {{"ticket", child.id.str()}, {"parent", parent_id.str()}}));
    return {};
}

Status DeskRun::do_broadcast(Ticket parent, const InboundEvent& e, const Agent& a, const std::string& text) {
    auto children = repos_.handoff.children_of(parent.id);
    if (!children) return children.error();
    std::vector<const Ticket*> recipients{&parent};
    for (const auto& c : *children)
        if (c.status != TicketStatus::closed && c.status != TicketStatus::cancelled) recipients.push_back(&c);
    // One message per requester conversation, even when someone reported the outage twice.
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    int sent = 0;
    for (const Ticket* t : recipients) {
        if (!seen.insert({t->address.platform, t->address.conversation_id, t->address.thread}).second) continue;
        tell_requester(*t, "handoff.requester.broadcast", {{"parent", parent.id.str()}, {"ticket", t->id.str()}, {"text", text}},
                       {}, OutboxPriority::bulk);
        if (t != &parent)
            if (auto ok = journal(*t, actor_of(a).label(), "broadcast", {{"parent", parent.id.str()}, {"text", text}}); !ok) return ok;
        ++sent;
    }
    if (auto ok = journal(parent, actor_of(a).label(), "broadcast", {{"text", text}, {"recipients", sent}}); !ok) return ok;
    answer(e, agent_text("handoff.agent.broadcast_sent", {{"ticket", parent.id.str()}, {"count", std::to_string(sent)}}));
    return {};
}

}  // namespace frontline::handoff
