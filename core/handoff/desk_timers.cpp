// What the clock drives when a hand-off timer fires: re-pings while nobody claims a ticket (and the
// climb to L3), SLA warnings before a breach and escalation on one, the data-breach notification
// deadline, and auto-closure of resolved tickets nobody confirmed. Timers re-check the ticket when
// they fire: a due time that moved (priority change, pending pause) simply re-arms the timer.
#include "core/handoff/desk_timers.hpp"

#include <algorithm>
#include <map>

#include "core/handoff/calls.hpp"
#include "core/timer_keys.hpp"

namespace frontline::handoff {

using nlohmann::json;
using std::chrono::duration_cast;
using std::chrono::minutes;
using namespace frontline::timers;

namespace {
// How often a paused clock's timer looks again whether the user answered (the resume itself does
// not re-arm: the timer finds the moved due time when it fires).
constexpr Seconds kPausedRecheck = std::chrono::minutes{15};
}  // namespace

Status DeskTimers::fire(const TimerRequest& tr) {
    using Handler = Status (DeskTimers::*)(Ticket, const TimerRequest&, const json&);
    static const std::map<std::string, Handler, std::less<>> kHandlers = {
        {kReping, &DeskTimers::on_reping},
        {kSla, &DeskTimers::on_sla},
        {kBreach, &DeskTimers::on_breach_clock},
        {kAutoClose, &DeskTimers::on_auto_close},
        {kCallReminder, &DeskTimers::on_call_reminder},
    };
    const auto handler = kHandlers.find(tr.kind);
    if (handler == kHandlers.end()) return {};  // a kind of an older version: nothing left to do
    const json p = json::parse(tr.payload, nullptr, false);
    if (!p.is_object() || !p.contains("ticket") || !p["ticket"].is_string()) return {};  // not ours to fix: drop it
    auto id = TicketId::parse(p["ticket"].get<std::string>());
    if (!id) return {};
    auto loaded = run_.load(*id);
    if (!loaded) return loaded.error().code == Errc::not_found ? Status{} : Status{loaded.error()};
    return (this->*handler->second)(std::move(*loaded), tr, p);
}

Status DeskTimers::on_reping(Ticket t, const TimerRequest&, const json&) {
    const auto route = run_.config().policy.route(t);
    if (t.status != TicketStatus::escalated || !t.assignee.empty()) return {};
    // Linked to an open major incident since it was armed: the parent's re-pings speak for it.
    auto folded = run_.folded_into_parent(t);
    if (!folded) return folded.error();
    if (*folded) return {};
    const auto waited = duration_cast<minutes>(run_.now() - t.escalated_at.value_or(t.reported_at));
    if (t.tier == Tier::l2 && waited >= route.tier_up_after) return escalator_.tier_up(t, Actor::system(), "unclaimed");
    run_.post_to_ticket(t, run_.agent_text("handoff.agent.reping", {{"ticket", t.id.str()}, {"priority", std::string(to_string(t.priority))},
                                                                    {"waited", run_.room_words(t).duration(waited)}}),
                        run_.mention_for(t, route), false);
    clocks_.arm_reping(t);
    return run_.journal(t, Actor::system().label(), "reping", {{"waited_minutes", waited.count()}});
}

Status DeskTimers::on_sla(Ticket t, const TimerRequest& tr, const json& p) {
    const std::string clock = p.value("clock", "");
    const std::string stage = p.value("stage", "");
    const bool response = clock == "response";
    const bool met = !is_open(t.status) || (response ? t.first_response_at.has_value() : t.resolved_at.has_value());
    const auto& due = response ? t.sla.response_due : t.sla.resolution_due;
    if (met || !due) return {};
    // An unclaimed report folded into an open major incident: the parent's clocks are the ones
    // the team works against (and resolving the parent resolves it).
    if (t.status == TicketStatus::escalated) {
        auto folded = run_.folded_into_parent(t);
        if (!folded) return folded.error();
        if (*folded) return {};
    }
    if (t.sla.paused_since) {  // waiting for the user: the clock stands still, look again later
        run_.arm({tr.key, run_.now() + kPausedRecheck, kSla, tr.payload});
        return {};
    }
    const auto kind = response ? SlaClockKind::response : SlaClockKind::resolution;
    const TimePoint at = stage == "warn" ? run_.config().settings.sla.warning_at(t, kind) : *due;
    if (run_.now() < at) {
        run_.arm({tr.key, at, kSla, tr.payload});
        return {};
    }
    std::vector<const Agent*> mention;
    if (const Agent* owner = run_.assignee(t)) mention.push_back(owner);
    else mention = run_.mention_for(t, run_.config().policy.route(t));
    // Said in the thread of the ticket's card: on the clock of the rooms that read it.
    const TimeWords words = run_.room_words(t);
    const Vars vars = {{"ticket", t.id.str()}, {"priority", std::string(to_string(t.priority))},
                       {"what", run_.agent_text(response ? "handoff.sla.response" : "handoff.sla.resolution")},
                       {"due", words.at(*due)}, {"left", words.in(*due - run_.now())}};
    run_.post_to_ticket(t, run_.agent_text(stage == "warn" ? "handoff.agent.sla_warning" : "handoff.agent.sla_breach", vars), mention, false);
    if (auto ok = run_.journal(t, Actor::system().label(), stage == "warn" ? "sla_warning" : "sla_breach",
                               {{"clock", clock}, {"due", format_iso8601(*due)}, {"priority", to_string(t.priority)}});
        !ok)
        return ok;
    // A breach escalates: an unclaimed L2 ticket goes to L3 at once.
    if (stage == "breach" && t.status == TicketStatus::escalated && t.tier == Tier::l2)
        return escalator_.tier_up(t, Actor::system(), "sla_breach");
    return {};
}

Status DeskTimers::on_breach_clock(Ticket t, const TimerRequest&, const json& p) {
    auto entries = run_.journal_of(t.id);
    if (!entries) return entries.error();
    for (const auto& j : *entries)
        if (j.kind == "breach_notified" && j.details.find("\"authority\"") != std::string::npos) return {};
    const long long before = p.value("before", 0LL);
    std::vector<const Agent*> to;
    if (const Agent* officer = run_.config().directory.security_officer()) to.push_back(officer);
    if (const Agent* owner = run_.assignee(t); owner && std::find(to.begin(), to.end(), owner) == to.end()) to.push_back(owner);
    // Each reads the deadline on their own clock.
    for (const Agent* a : to)
        run_.dm(*a, t,
                run_.agent_text(before > 0 ? "handoff.agent.breach_deadline_near" : "handoff.agent.breach_deadline_passed",
                                {{"ticket", t.id.str()}, {"deadline", run_.agent_words(*a).at(run_.breach_deadline(t))},
                                 {"hours", std::to_string(before / 3600)}}),
                true);
    return run_.journal(t, Actor::system().label(), "breach_clock", {{"hours_left", before / 3600}});
}

Status DeskTimers::on_auto_close(Ticket t, const TimerRequest& tr, const json&) {
    if (t.status != TicketStatus::resolved || !t.resolved_at) return {};
    const TimePoint due = *t.resolved_at + run_.config().settings.auto_close_after;
    if (run_.now() < due) {
        run_.arm({tr.key, due, kAutoClose, tr.payload});
        return {};
    }
    if (auto ok = run_.move(t, TicketStatus::closed, Actor::system()); !ok) return ok;
    if (auto ok = run_.journal(t, Actor::system().label(), "auto_close",
                               {{"quiet_days", duration_cast<std::chrono::hours>(run_.config().settings.auto_close_after).count() / 24}});
        !ok)
        return ok;
    clocks_.cancel_ticket_timers(t, true);
    run_.post_card(t, true, {});
    resolution_.retire_confirm_question(t);
    run_.tell_requester(t, "handoff.requester.auto_closed", {{"ticket", t.id.str()}});
    return {};
}

Status DeskTimers::on_call_reminder(Ticket t, const TimerRequest& tr, const json& p) {
    return Calls(run_).remind(std::move(t), tr, p);
}

}  // namespace frontline::handoff
