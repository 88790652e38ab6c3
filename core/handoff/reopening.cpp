#include "core/handoff/reopening.hpp"

#include "core/lifecycle.hpp"
#include "core/timer_keys.hpp"

namespace frontline::handoff {
namespace {

bool with_humans(TicketStatus s) {
    return s == TicketStatus::escalated || s == TicketStatus::in_progress || s == TicketStatus::pending_user;
}

/// How many times the ticket was reopened before: reports count reopenings from the journal.
int reopened_before(DeskRun& run, const TicketId& id) {
    auto journal = run.journal_of(id);
    if (!journal) return 0;
    int n = 0;
    for (const auto& j : *journal) n += j.kind == "reopened";
    return n;
}

}  // namespace

bool Reopening::within_window(const Ticket& t) const {
    return t.resolved_at && run_.now() - *t.resolved_at <= run_.config().settings.lifecycle.reopen_window;
}

std::string Reopening::window_text() const {
    const auto hours = std::chrono::duration_cast<std::chrono::hours>(run_.config().settings.lifecycle.reopen_window).count();
    const bool days = hours % 24 == 0;
    const long long n = days ? hours / 24 : hours;
    const std::string unit = std::string("handoff.duration.") + (days ? "day" : "hour") + (n == 1 ? "" : "s");
    return run_.agent_text(unit, {{"n", std::to_string(n)}});
}

Status Reopening::by_agent(Ticket t, const InboundEvent& e, const Agent& a, const std::string& reason) {
    if (t.status != TicketStatus::resolved && t.status != TicketStatus::closed) {
        run_.answer(e, run_.agent_text("handoff.agent.reopen_not_resolved", {{"ticket", t.id.str()}, {"status", std::string(to_string(t.status))}}));
        return {};
    }
    if (!within_window(t)) {
        run_.answer(e, run_.agent_text("handoff.agent.reopen_too_late", {{"ticket", t.id.str()}, {"window", window_text()}}));
        return {};
    }
    // Whoever reopens a ticket nobody owns takes it.
    if (t.assignee.empty()) t.assignee = a.handle;
    const std::string name = a.name;
    const TicketId id = t.id;
    if (auto ok = bring_back(std::move(t), actor_of(a), reason); !ok) return ok;
    auto reopened = run_.load(id);
    if (!reopened) return reopened.error();
    const Agent* owner = run_.assignee(*reopened);
    run_.tell_requester(*reopened, "handoff.requester.reopened_by_agent", {{"ticket", id.str()}, {"agent", owner ? owner->name : name}});
    run_.answer(e, run_.agent_text("handoff.agent.reopened", {{"ticket", id.str()}}));
    return {};
}

Result<bool> Reopening::by_requester(const ReopenRequest& r, const InboundEvent& e) {
    std::optional<Ticket> target;
    if (r.ticket) {
        auto loaded = run_.load(*r.ticket);
        if (!loaded && loaded.error().code != Errc::not_found) return loaded.error();
        // Someone else's ticket and no ticket at all get the same answer: an id says nothing about
        // whether it exists.
        if (!loaded || !run_.is_requester(*loaded, e.from)) {
            OutboundMessage m;
            m.to = e.where;
            m.text = run_.sender_text(e, "handoff.requester.reopen_unknown");
            run_.send(std::move(m));
            return true;
        }
        target = std::move(*loaded);
    } else {
        TicketFilter f;
        f.requester = e.from;
        f.any_status = {TicketStatus::resolved, TicketStatus::closed};
        f.limit = 50;
        auto mine = run_.list_tickets(f);
        if (!mine) return mine.error();
        for (auto& t : *mine) {
            if (!t.resolved_at) continue;  // the store lists the person's tickets only
            if (!target || *t.resolved_at > *target->resolved_at) target = std::move(t);
        }
        if (!target) return false;
    }
    Ticket& t = *target;
    if (with_humans(t.status)) {
        run_.tell_requester(t, "handoff.requester.reopen_still_open", {{"ticket", t.id.str()}});
        return true;
    }
    if (t.status == TicketStatus::cancelled) {
        run_.tell_requester(t, "handoff.requester.reopen_withdrawn", {{"ticket", t.id.str()}});
        return true;
    }
    // Still in the L1 bot's hands: its conversation answers.
    if (t.status == TicketStatus::new_ || t.status == TicketStatus::in_diagnosis) return false;
    // Awaiting the requester's confirmation: the same as answering "No, still broken".
    if (t.status == TicketStatus::resolved && t.escalated_at) {
        if (auto ok = resolution_.confirm(t.id, false, e); !ok) return ok.error();
        return true;
    }
    if (!within_window(t)) {
        if (auto ok = follow_up(t, e); !ok) return ok.error();
        return true;
    }
    if (auto ok = bring_back(std::move(t), Actor::requester(e.from), {}); !ok) return ok.error();
    return true;
}

Status Reopening::bring_back(Ticket t, const Actor& who, const std::string& reason) {
    const bool was_resolved = t.status == TicketStatus::resolved;
    if (auto ok = run_.move(t, TicketStatus::in_progress, who); !ok) return ok;
    if (was_resolved) resolution_.retire_confirm_question(t);
    run_.config().settings.sla.restart(t, run_.now());
    t.first_response_at.reset();
    run_.cancel(timers::auto_close_key(t.id));
    nlohmann::json details = {{"by", who.label()}, {"count", reopened_before(run_, t.id) + 1}};
    if (!reason.empty()) details["reason"] = reason;
    if (auto ok = run_.journal(t, who.label(), "reopened", details); !ok) return ok;
    const Agent* owner = run_.assignee(t);
    if (!owner) {
        // Nobody to give it back to (the L1 bot fixed it, or its agent left): the team's queue.
        t.assignee.clear();
        if (auto ok = run_.move(t, TicketStatus::escalated, Actor::system()); !ok) return ok;
        if (auto ok = run_.save(t); !ok) return ok;
        run_.post_card(t, false, run_.mention_for(t, run_.config().policy.route(t)));
        clocks_.arm_reping(t);
        clocks_.arm_sla(t);
        if (who.kind == ActorKind::requester) run_.tell_requester(t, "handoff.requester.reopened_queued", {{"ticket", t.id.str()}});
        return {};
    }
    if (auto ok = run_.save(t); !ok) return ok;
    run_.post_card(t, true, {});
    clocks_.arm_sla(t);
    if (who.kind == ActorKind::requester) {
        const std::string requester = t.requester.name.empty() ? t.requester.identity.user_id : t.requester.name;
        run_.post_to_ticket(t, run_.agent_text("handoff.agent.reopened_by_requester", {{"agent", owner->name}, {"requester", requester}, {"ticket", t.id.str()}}),
                            {owner}, false);
        run_.tell_requester(t, "handoff.requester.reopened_to_agent", {{"ticket", t.id.str()}, {"agent", owner->name}});
    }
    return {};
}

Status Reopening::follow_up(const Ticket& old, const InboundEvent& e) {
    auto id = run_.allocate_id(old.type);
    if (!id) return id.error();
    Ticket t;
    t.id = *id;
    t.type = old.type;
    t.status = TicketStatus::new_;
    t.category = old.category;
    t.subcategory = old.subcategory;
    t.affected_service = old.affected_service;
    t.impact = old.impact;
    t.urgency = old.urgency;
    t.priority = old.priority;
    t.tier = old.tier;
    t.restricted = old.restricted;
    t.requester = old.requester;
    t.address = e.where;
    t.locale = old.locale;
    t.title = old.title;
    t.description = old.description;
    t.reported_at = run_.now();
    t.logged_at = run_.now();
    run_.config().settings.sla.apply(t);
    if (auto ok = run_.save(t); !ok) return ok;
    const Actor who = Actor::requester(e.from);
    if (auto ok = run_.journal(t, Actor::bot().label(), "created", {{"type", to_string(t.type)}, {"title", t.title}, {"platform", e.from.platform}});
        !ok)
        return ok;
    if (auto ok = run_.journal(t, who.label(), "follows", {{"ticket", old.id.str()}, {"text", e.text}}); !ok) return ok;
    if (auto ok = run_.journal(old, who.label(), "followed_by", {{"ticket", t.id.str()}}); !ok) return ok;
    if (auto ok = run_.move(t, TicketStatus::escalated, Actor::bot()); !ok) return ok;
    Escalation esc;
    esc.ticket = t.id;
    esc.tier = std::max(old.tier, Tier::l2);
    esc.reason = "reopened_after_window";
    auto escalated = escalator_.escalate_ticket(esc);
    if (!escalated) return escalated.error();
    run_.tell_requester(t, "handoff.requester.reopened_as_new", {{"old", old.id.str()}, {"ticket", t.id.str()}});
    return {};
}

}  // namespace frontline::handoff
