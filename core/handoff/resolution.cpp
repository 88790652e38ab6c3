// Resolution, confirmation, reopening and closure; resolving a major incident resolves its open
// children with it.
#include "core/handoff/resolution.hpp"

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

void Resolution::ask_to_confirm(const Ticket& t, const std::string& agent_name, OutboxPriority priority) {
    OutboundMessage m;
    m.to = t.address;
    m.text = run_.requester_text(t, "handoff.requester.resolved", {{"ticket", t.id.str()}, {"agent", agent_name}, {"text", t.resolution_notes}});
    m.choices = confirm_choices(run_, t);
    m.priority = priority;
    m.idempotency_key = run_.next_key();
    m.message_key = confirm_key(t);
    run_.send(std::move(m));
}

void Resolution::retire_confirm_question(const Ticket& t, const std::string& answer_label) {
    // A ticket the L1 bot solved itself never went to people: the question is the engine's, and an
    // update of one we never sent would reach the requester as a new message.
    if (!t.escalated_at) return;
    OutboundMessage m;
    m.to = t.address;
    const Vars vars = {{"ticket", t.id.str()}, {"text", t.resolution_notes}, {"answer", answer_label}};
    m.text = run_.requester_text(t, answer_label.empty() ? "handoff.requester.resolved_retired" : "handoff.requester.resolved_answered", vars);
    m.replaces = confirm_key(t);
    m.idempotency_key = run_.next_key();
    run_.send(std::move(m));
}

Status Resolution::resolve(Ticket t, const InboundEvent& e, const Agent& a, const std::string& code,
                           const std::string& text) {
    if (!with_humans(t.status))
        return make_error(Errc::invalid_transition, run_.agent_text("handoff.agent.not_open", {{"status", std::string(to_string(t.status))}}));
    if (t.assignee.empty()) t.assignee = a.handle;
    const TicketId id = t.id;
    auto children = resolve_with_children(std::move(t), actor_of(a), a.name, code, text);
    if (!children) return children.error();
    const char* said = *children == 0 ? "handoff.agent.resolved"
                       : *children == 1 ? "handoff.agent.resolved_with_child"
                                        : "handoff.agent.resolved_with_children";
    run_.answer(e, run_.agent_text(said,
                                   {{"ticket", id.str()}, {"children", std::to_string(*children)}}));
    return {};
}

Result<int> Resolution::resolve_with_children(Ticket t, const Actor& who, const std::string& by_name, const std::string& code,
                                              const std::string& text) {
    if (!with_humans(t.status)) return 0;
    if (auto ok = run_.move(t, TicketStatus::resolved, who); !ok) return ok.error();
    if (!t.first_response_at) t.first_response_at = run_.now();
    t.resolution_code = code;
    t.resolution_notes = text;
    if (auto ok = run_.save(t); !ok) return ok.error();
    if (auto ok = run_.journal(t, who.label(), "resolution", {{"code", code}, {"text", text}}); !ok) return ok.error();
    run_.cancel(timers::reping_key(t.id));
    clocks_.arm_auto_close(t);
    run_.post_card(t, true, {});
    ask_to_confirm(t, by_name, OutboxPriority::direct);

    // A major incident: its children share the resolution and each requester is asked to confirm.
    auto children = run_.children_of(t.id);
    if (!children) return children.error();
    int resolved_children = 0;
    for (auto& child : *children) {
        if (!with_humans(child.status)) continue;
        if (!run_.move(child, TicketStatus::resolved, who)) continue;
        child.resolution_code = code;
        child.resolution_notes = text;
        if (!child.first_response_at) child.first_response_at = run_.now();
        if (auto ok = run_.save(child); !ok) return ok.error();
        if (auto ok = run_.journal(child, who.label(), "resolution", {{"code", code}, {"text", text}, {"parent", t.id.str()}}); !ok)
            return ok.error();
        run_.cancel(timers::reping_key(child.id));
        clocks_.arm_auto_close(child);
        ask_to_confirm(child, by_name, OutboxPriority::bulk);
        ++resolved_children;
    }
    return resolved_children;
}

Status Resolution::close(Ticket t, const InboundEvent& e, const Agent& a) {
    if (t.restricted && a.tier < Tier::l3)
        return make_error(Errc::forbidden, run_.agent_text("handoff.agent.l3_closes_breach"));
    const bool was_resolved = t.status == TicketStatus::resolved;
    if (auto ok = run_.move(t, TicketStatus::closed, actor_of(a)); !ok) return ok;
    if (was_resolved) retire_confirm_question(t);
    if (auto ok = run_.save(t); !ok) return ok;
    clocks_.cancel_ticket_timers(t, true);
    run_.post_card(t, true, {});
    run_.tell_requester(t, "handoff.requester.closed", {{"ticket", t.id.str()}});
    run_.answer(e, run_.agent_text("handoff.agent.closed", {{"ticket", t.id.str()}}));
    return {};
}

Status Resolution::confirm(const TicketId& id, bool works, const InboundEvent& e) {
    auto loaded = run_.load(id);
    if (!loaded) return loaded.error().code == Errc::not_found ? Status{} : Status{loaded.error()};
    Ticket t = std::move(*loaded);
    if (!run_.is_requester(t, e.from)) {
        // Only the requester answers for their ticket; anyone else pressing the button changes nothing,
        // not even the ticket's journal (someone not on the ticket never writes into it).
        OutboundMessage m;
        m.to = e.where;
        m.text = run_.sender_text(e, "handoff.requester.not_yours");
        run_.send(std::move(m));
        return {};
    }
    if (t.status != TicketStatus::resolved) {
        run_.tell_requester(t, "handoff.requester.confirm_stale", {{"ticket", t.id.str()}, {"status", std::string(to_string(t.status))}});
        return {};
    }
    const Actor who = Actor::requester(e.from);
    retire_confirm_question(t, run_.requester_text(t, works ? "handoff.button.works" : "handoff.button.broken"));
    if (works) {
        if (auto ok = run_.move(t, TicketStatus::closed, who); !ok) return ok;
        if (auto ok = run_.save(t); !ok) return ok;
        if (auto ok = run_.journal(t, who.label(), "confirmed", {{"works", true}}); !ok) return ok;
        clocks_.cancel_ticket_timers(t, true);
        run_.post_card(t, true, {});
        run_.tell_requester(t, "handoff.requester.closed_thanks", {{"ticket", t.id.str()}});
        return {};
    }
    if (auto ok = run_.move(t, TicketStatus::in_progress, who); !ok) {
        run_.tell_requester(t, "handoff.requester.reopen_too_late", {{"ticket", t.id.str()}});
        return {};
    }
    run_.cancel(timers::auto_close_key(t.id));
    // A reopening like any other: clocks from now, and counted (journal "reopened") for the reports.
    run_.config().settings.sla.restart(t, run_.now());
    t.first_response_at.reset();
    clocks_.arm_sla(t);
    if (auto ok = run_.journal(t, who.label(), "confirmed", {{"works", false}}); !ok) return ok;
    if (auto ok = run_.journal(t, who.label(), "reopened", {{"by", who.label()}}); !ok) return ok;
    const Agent* owner = run_.assignee(t);
    if (owner) {
        if (auto ok = run_.save(t); !ok) return ok;
        run_.post_card(t, true, {});
        run_.post_to_ticket(t, run_.agent_text("handoff.agent.reopened_ping", {{"ticket", t.id.str()}, {"agent", owner->name}}), {owner}, false);
    } else {
        // Resolved with its parent and never claimed: back to the queue with a fresh ping.
        if (auto ok = run_.move(t, TicketStatus::escalated, Actor::system()); !ok) return ok;
        if (auto ok = run_.save(t); !ok) return ok;
        run_.post_card(t, false, run_.mention_for(t, run_.config().policy.route(t)));
        clocks_.arm_reping(t);
    }
    run_.tell_requester(t, "handoff.requester.reopened", {{"ticket", t.id.str()}});
    return {};
}

}  // namespace frontline::handoff
