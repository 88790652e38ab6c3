// Escalation pings and everything the clock drives: re-pings while nobody claims a ticket (and the
// climb to L3), SLA warnings before a breach and escalation on one, the data-breach notification
// deadline, and auto-closure of resolved tickets nobody confirmed. Timers re-check the ticket when
// they fire: a due time that moved (priority change, pending pause) simply re-arms the timer.
#include <algorithm>
#include <map>

#include "core/handoff/desk_run.hpp"
#include "core/timer_keys.hpp"

namespace frontline::handoff {

using nlohmann::json;
using std::chrono::duration_cast;
using std::chrono::minutes;
using namespace frontline::timers;

namespace {

std::vector<std::string> handles(const std::vector<const Agent*>& agents) {
    std::vector<std::string> out;
    for (const Agent* a : agents) out.push_back(a->handle);
    return out;
}

}  // namespace

TimePoint DeskRun::breach_deadline(const Ticket& t) const {
    return t.reported_at + cfg_.policy.breach().notification_deadline;
}

Result<std::optional<Ticket>> DeskRun::escalate_ticket(const Escalation& esc) {
    auto loaded = load(esc.ticket);
    if (!loaded) {
        if (loaded.error().code == Errc::not_found) return std::optional<Ticket>{};
        return loaded.error();
    }
    Ticket t = std::move(*loaded);
    if (t.status == TicketStatus::new_ || t.status == TicketStatus::in_diagnosis)
        if (auto ok = move(t, TicketStatus::escalated, Actor::bot()); !ok) return ok.error();
    if (t.status != TicketStatus::escalated) return std::optional<Ticket>{};  // claimed or closed meanwhile
    // Saved again only when the desk's routing changed what the engine saved.
    bool changed = false;
    const bool breach = cfg_.policy.is_breach(t);
    if (breach && !t.restricted) {
        t.restricted = true;
        changed = true;
    }
    const auto route = cfg_.policy.route(t);
    const Tier tier = std::max({route.tier, esc.tier, t.tier});
    if (tier != t.tier) {
        if (auto ok = journal(t, Actor::bot().label(), "tier", {{"from", to_string(t.tier)}, {"to", to_string(tier)}, {"reason", esc.reason}}); !ok)
            return ok.error();
        t.tier = tier;
        changed = true;
    }
    if (!t.sla.response_due) {
        cfg_.settings.sla.apply(t);
        changed = true;
    }
    if (changed)
        if (auto ok = save(t); !ok) return ok.error();
    const auto mention = mention_for(t, route);
    const Team* team = ticket_team(t);
    if (auto ok = journal(t, Actor::bot().label(), "escalation_ping",
                          {{"team", team->id}, {"tier", to_string(t.tier)}, {"reason", esc.reason}, {"mentions", handles(mention)}});
        !ok)
        return ok.error();
    post_card(t, false, mention);
    if (breach) {
        if (const Agent* officer = cfg_.directory.security_officer())
            dm(*officer, t, agent_text("handoff.agent.breach_officer", {{"ticket", t.id.str()}}) + "\n" + card_text(t, true), true);
        arm_breach_clock(t);
    }
    arm_reping(t);
    arm_sla(t);
    return std::optional<Ticket>{std::move(t)};
}

Status DeskRun::tier_up(Ticket& t, const Actor& who, const std::string& reason) {
    const Team* before = ticket_team(t);
    if (auto ok = journal(t, who.label(), "tier", {{"from", to_string(t.tier)}, {"to", "L3"}, {"reason", reason}}); !ok) return ok;
    t.tier = Tier::l3;
    if (auto ok = save(t); !ok) return ok;
    const auto mention = mention_for(t, cfg_.policy.route(t));
    if (ticket_team(t) == before) {
        post_card(t, true, {});
        post_to_ticket(t, agent_text("handoff.agent.tier_up", {{"ticket", t.id.str()}}), mention, false);
    } else {
        retire_card(t, *before);
        post_card(t, false, mention);
    }
    arm_reping(t);
    return {};
}

void DeskRun::arm_reping(const Ticket& t) {
    const auto route = cfg_.policy.route(t);
    fx_.arm.push_back({reping_key(t.id), now_ + route.reping_every, kReping, json{{"ticket", t.id.str()}}.dump()});
}

void DeskRun::arm_sla(const Ticket& t) {
    for (const auto& [clock, due] : {std::pair{std::string("response"), t.sla.response_due},
                                     std::pair{std::string("resolution"), t.sla.resolution_due}}) {
        if (!due) continue;
        const json payload = {{"ticket", t.id.str()}, {"clock", clock}};
        const TimePoint warn_at = *due - cfg_.policy.sla_warning();
        if (warn_at > now_) {
            json p = payload;
            p["stage"] = "warn";
            fx_.arm.push_back({sla_key(t.id, clock, "warn"), warn_at, kSla, p.dump()});
        }
        json p = payload;
        p["stage"] = "breach";
        fx_.arm.push_back({sla_key(t.id, clock, "breach"), std::max(*due, now_), kSla, p.dump()});
    }
}

void DeskRun::arm_breach_clock(const Ticket& t) {
    const TimePoint deadline = breach_deadline(t);
    std::vector<Seconds> stages = cfg_.policy.breach().warn_before;
    stages.push_back(Seconds{0});
    for (const auto& before : stages) {
        const TimePoint at = deadline - before;
        if (at <= now_ && before.count() > 0) continue;  // that warning's moment already passed
        fx_.arm.push_back({breach_key(t.id, before.count()), std::max(at, now_), kBreach,
                           json{{"ticket", t.id.str()}, {"before", before.count()}}.dump()});
    }
}

void DeskRun::arm_auto_close(const Ticket& t) {
    fx_.arm.push_back({auto_close_key(t.id), now_ + cfg_.settings.auto_close_after, kAutoClose,
                       json{{"ticket", t.id.str()}}.dump()});
}

void DeskRun::cancel_ticket_timers(const Ticket& t, bool keep_breach) {
    fx_.cancel.push_back(reping_key(t.id));
    fx_.cancel.push_back(auto_close_key(t.id));
    for (const char* clock : {"response", "resolution"})
        for (const char* stage : {"warn", "breach"}) fx_.cancel.push_back(sla_key(t.id, clock, stage));
    if (keep_breach) return;
    for (const auto& w : cfg_.policy.breach().warn_before)
        fx_.cancel.push_back(breach_key(t.id, w.count()));
    fx_.cancel.push_back(breach_key(t.id, 0));
}

Status DeskRun::timer(const TimerRequest& tr) {
    using Handler = Status (DeskRun::*)(Ticket, const TimerRequest&, const json&);
    static const std::map<std::string, Handler, std::less<>> kHandlers = {
        {kReping, &DeskRun::on_reping},
        {kSla, &DeskRun::on_sla},
        {kBreach, &DeskRun::on_breach_clock},
        {kAutoClose, &DeskRun::on_auto_close},
    };
    const auto handler = kHandlers.find(tr.kind);
    if (handler == kHandlers.end()) return {};  // a kind of an older version: nothing left to do
    const json p = json::parse(tr.payload, nullptr, false);
    if (!p.is_object() || !p.contains("ticket") || !p["ticket"].is_string()) return {};  // not ours to fix: drop it
    auto id = TicketId::parse(p["ticket"].get<std::string>());
    if (!id) return {};
    auto loaded = load(*id);
    if (!loaded) return loaded.error().code == Errc::not_found ? Status{} : Status{loaded.error()};
    return (this->*handler->second)(std::move(*loaded), tr, p);
}

Status DeskRun::on_reping(Ticket t, const TimerRequest&, const json&) {
    const auto route = cfg_.policy.route(t);
    if (t.status != TicketStatus::escalated || !t.assignee.empty()) return {};
    const auto waited = duration_cast<minutes>(now_ - t.escalated_at.value_or(t.reported_at));
    if (t.tier == Tier::l2 && waited >= route.tier_up_after) return tier_up(t, Actor::system(), "unclaimed");
    post_to_ticket(t, agent_text("handoff.agent.reping", {{"ticket", t.id.str()}, {"priority", std::string(to_string(t.priority))},
                                                          {"minutes", std::to_string(waited.count())}}),
                   mention_for(t, route), false);
    arm_reping(t);
    return journal(t, Actor::system().label(), "reping", {{"waited_minutes", waited.count()}});
}

Status DeskRun::on_sla(Ticket t, const TimerRequest& tr, const json& p) {
    const std::string clock = p.value("clock", "");
    const std::string stage = p.value("stage", "");
    const bool response = clock == "response";
    const bool met = !is_open(t.status) || (response ? t.first_response_at.has_value() : t.resolved_at.has_value());
    const auto& due = response ? t.sla.response_due : t.sla.resolution_due;
    if (met || !due) return {};
    if (t.sla.paused_since) {  // waiting for the user: the clock stands still, look again later
        fx_.arm.push_back({tr.key, now_ + cfg_.policy.sla_warning(), kSla, tr.payload});
        return {};
    }
    const TimePoint at = stage == "warn" ? *due - cfg_.policy.sla_warning() : *due;
    if (now_ < at) {
        fx_.arm.push_back({tr.key, at, kSla, tr.payload});
        return {};
    }
    std::vector<const Agent*> mention;
    if (const Agent* owner = assignee(t)) mention.push_back(owner);
    else mention = mention_for(t, cfg_.policy.route(t));
    const Vars vars = {{"ticket", t.id.str()}, {"priority", std::string(to_string(t.priority))},
                       {"what", agent_text(response ? "handoff.sla.response" : "handoff.sla.resolution")},
                       {"due", format_iso8601(*due)}};
    post_to_ticket(t, agent_text(stage == "warn" ? "handoff.agent.sla_warning" : "handoff.agent.sla_breach", vars), mention, false);
    if (auto ok = journal(t, Actor::system().label(), stage == "warn" ? "sla_warning" : "sla_breach",
                          {{"clock", clock}, {"due", format_iso8601(*due)}});
        !ok)
        return ok;
    // A breach escalates: an unclaimed L2 ticket goes to L3 at once.
    if (stage == "breach" && t.status == TicketStatus::escalated && t.tier == Tier::l2)
        return tier_up(t, Actor::system(), "sla_breach");
    return {};
}

Status DeskRun::on_breach_clock(Ticket t, const TimerRequest&, const json& p) {
    auto entries = repos_.tickets.journal_of(t.id);
    if (!entries) return entries.error();
    for (const auto& j : *entries)
        if (j.kind == "breach_notified" && j.details.find("\"authority\"") != std::string::npos) return {};
    const long long before = p.value("before", 0LL);
    const std::string text =
        agent_text(before > 0 ? "handoff.agent.breach_deadline_near" : "handoff.agent.breach_deadline_passed",
                   {{"ticket", t.id.str()}, {"deadline", format_iso8601(breach_deadline(t))},
                    {"hours", std::to_string(before / 3600)}});
    std::vector<const Agent*> to;
    if (const Agent* officer = cfg_.directory.security_officer()) to.push_back(officer);
    if (const Agent* owner = assignee(t); owner && std::find(to.begin(), to.end(), owner) == to.end()) to.push_back(owner);
    for (const Agent* a : to) dm(*a, t, text, true);
    return journal(t, Actor::system().label(), "breach_clock", {{"hours_left", before / 3600}});
}

Status DeskRun::on_auto_close(Ticket t, const TimerRequest& tr, const json&) {
    if (t.status != TicketStatus::resolved || !t.resolved_at) return {};
    const TimePoint due = *t.resolved_at + cfg_.settings.auto_close_after;
    if (now_ < due) {
        fx_.arm.push_back({tr.key, due, kAutoClose, tr.payload});
        return {};
    }
    if (auto ok = move(t, TicketStatus::closed, Actor::system()); !ok) return ok;
    if (auto ok = journal(t, Actor::system().label(), "auto_close",
                          {{"quiet_days", duration_cast<std::chrono::hours>(cfg_.settings.auto_close_after).count() / 24}});
        !ok)
        return ok;
    cancel_ticket_timers(t, true);
    post_card(t, true, {});
    retire_confirm_question(t);
    tell_requester(t, "handoff.requester.auto_closed", {{"ticket", t.id.str()}});
    return {};
}

}  // namespace frontline::handoff
