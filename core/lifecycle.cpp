#include "core/lifecycle.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/sla_policy.hpp"

namespace frontline {
namespace {

using S = TicketStatus;
using A = ActorKind;

const char* actor_kind_name(ActorKind k) {
    switch (k) {
        case A::bot: return "the bot";
        case A::requester: return "the requester";
        case A::agent: return "an agent";
        case A::system: return "the system";
    }
    return "?";
}

}  // namespace

const std::vector<Transition>& transition_table() {
    static const std::vector<Transition> table = {
        {S::new_, S::in_diagnosis, {A::bot}},
        {S::new_, S::escalated, {A::bot}},  // "agent" typed before diagnosis, data breach
        {S::in_diagnosis, S::escalated, {A::bot}},
        {S::in_diagnosis, S::resolved, {A::bot}},  // self-help known fix worked
        {S::escalated, S::in_progress, {A::agent}},  // claim
        {S::escalated, S::resolved, {A::agent, A::system}},  // system: monitoring saw the alert clear (auto_resolve)
        {S::in_progress, S::escalated, {A::agent, A::system}},  // unclaim, tier up
        {S::in_progress, S::pending_user, {A::agent}},
        {S::pending_user, S::in_progress, {A::agent, A::requester, A::bot}},  // the user answered
        {S::in_progress, S::resolved, {A::agent, A::system}},
        {S::pending_user, S::resolved, {A::agent, A::system}},
        {S::resolved, S::closed, {A::requester, A::agent, A::system, A::bot}},
        {S::resolved, S::in_progress, {A::requester, A::agent, A::bot}},  // reopen
        {S::closed, S::in_progress, {A::requester, A::agent, A::bot}},    // reopen after confirmation
        {S::new_, S::cancelled, {A::requester, A::bot, A::agent, A::system}},
        {S::in_diagnosis, S::cancelled, {A::requester, A::bot, A::agent, A::system}},
        {S::escalated, S::cancelled, {A::requester, A::agent}},
        {S::in_progress, S::cancelled, {A::requester, A::agent}},
        {S::pending_user, S::cancelled, {A::requester, A::agent}},
    };
    return table;
}

Status check_transition(const Ticket& t, TicketStatus to, const Actor& who, TimePoint now,
                        const LifecyclePolicy& policy) {
    const auto& table = transition_table();
    auto it = std::find_if(table.begin(), table.end(),
                           [&](const Transition& tr) { return tr.from == t.status && tr.to == to; });
    const std::string edge = std::string(to_string(t.status)) + " -> " + std::string(to_string(to));
    if (it == table.end())
        return make_error(Errc::invalid_transition, t.id.str() + ": " + edge + " is not a valid transition");
    if (std::find(it->who.begin(), it->who.end(), who.kind) == it->who.end())
        return make_error(Errc::forbidden, t.id.str() + ": " + actor_kind_name(who.kind) + " may not move a ticket " + edge);
    if (who.kind == A::agent && who.tier < it->min_agent_tier)
        return make_error(Errc::forbidden, t.id.str() + ": only L2 or L3 agents may move a ticket " + edge);
    if ((t.status == S::resolved || t.status == S::closed) && to == S::in_progress) {
        // A withdrawn or never-resolved ticket has no resolution to reopen.
        if (!t.resolved_at || now - *t.resolved_at > policy.reopen_window)
            return make_error(Errc::invalid_transition, t.id.str() + ": the reopen window has passed; open a new ticket");
    }
    return {};
}

Result<JournalEntry> transition(Ticket& t, TicketStatus to, const Actor& who, TimePoint now,
                                const LifecyclePolicy& policy) {
    if (auto ok = check_transition(t, to, who, now, policy); !ok) return ok.error();
    const TicketStatus from = t.status;
    if (from == S::pending_user) {
        if (policy.sla) policy.sla->resume(t, now);
        else sla_resume(t, now);
    }
    if (to == S::pending_user) sla_pause(t, now);
    switch (to) {
        case S::escalated:
            if (!t.escalated_at) t.escalated_at = now;
            if (from == S::in_progress) t.assignee.clear();
            break;
        case S::in_progress:
            if (from == S::escalated) t.claimed_at = now;
            if (from == S::resolved || from == S::closed) {  // reopen
                t.resolved_at.reset();
                t.closed_at.reset();
                t.first_contact_resolution = false;
            }
            break;
        case S::resolved:
            t.resolved_at = now;
            t.first_contact_resolution = (from == S::in_diagnosis);
            break;
        case S::closed:
        case S::cancelled:
            t.closed_at = now;
            break;
        default:
            break;
    }
    t.status = to;
    nlohmann::json details = {{"from", to_string(from)}, {"to", to_string(to)}};
    return JournalEntry{0, t.id, who.label(), now, "status", details.dump()};
}

Status move_ticket(TicketRepository& tickets, Ticket& t, TicketStatus to, const Actor& who, TimePoint now,
                   const LifecyclePolicy& policy) {
    auto entry = transition(t, to, who, now, policy);
    if (!entry) return entry.error();
    if (auto ok = tickets.save_ticket(t); !ok) return ok;
    return tickets.append_journal(*entry);
}

}  // namespace frontline
