// Escalation pings: the card in the rooms of the ticket's team, the agents mentioned, the officer told
// of a data breach, and the clocks started; and the climb to L3 when nobody of L2 claims in time.
#include "core/handoff/escalator.hpp"

#include <algorithm>

namespace frontline::handoff {
namespace {

std::vector<std::string> handles(const std::vector<const Agent*>& agents) {
    std::vector<std::string> out;
    for (const Agent* a : agents) out.push_back(a->handle);
    return out;
}

}  // namespace

Result<std::optional<Ticket>> Escalator::escalate_ticket(const Escalation& esc) {
    const DeskConfig& cfg = run_.config();
    auto loaded = run_.load(esc.ticket);
    if (!loaded) {
        if (loaded.error().code == Errc::not_found) return std::optional<Ticket>{};
        return loaded.error();
    }
    Ticket t = std::move(*loaded);
    if (t.status == TicketStatus::new_ || t.status == TicketStatus::in_diagnosis)
        if (auto ok = run_.move(t, TicketStatus::escalated, Actor::bot()); !ok) return ok.error();
    if (t.status != TicketStatus::escalated) return std::optional<Ticket>{};  // claimed or closed meanwhile
    // Saved again only when the desk's routing changed what the engine saved.
    bool changed = false;
    const bool breach = cfg.policy.is_breach(t);
    if (breach && !t.restricted) {
        t.restricted = true;
        changed = true;
    }
    const auto route = cfg.policy.route(t);
    const Tier tier = std::max({route.tier, esc.tier, t.tier});
    if (tier != t.tier) {
        if (auto ok = run_.journal(t, Actor::bot().label(), "tier", {{"from", to_string(t.tier)}, {"to", to_string(tier)}, {"reason", esc.reason}}); !ok)
            return ok.error();
        t.tier = tier;
        changed = true;
    }
    // The clocks count on the calendar of the team that takes the ticket, by the desk's policy:
    // recomputed from the report (the same due times when the engine read the same config).
    const std::string calendar = cfg.settings.sla.has_calendar(route.team) ? route.team : std::string{};
    const SlaClock before = t.sla;
    t.sla.calendar = calendar;
    cfg.settings.sla.apply(t);
    if (t.sla.response_due != before.response_due || t.sla.resolution_due != before.resolution_due || calendar != before.calendar)
        changed = true;
    if (changed)
        if (auto ok = run_.save(t); !ok) return ok.error();
    // A report of a known major incident: the parent's one card lists it and the parent's pings
    // and clocks speak for it, so the agents are not stormed by one urgent card per reporter.
    auto folded = run_.folded_into_parent(t);
    if (!folded) return folded.error();
    if (*folded) {
        if (auto ok = run_.journal(t, Actor::bot().label(), "folded", {{"parent", t.parent->str()}, {"reason", esc.reason}}); !ok)
            return ok.error();
        if (auto ok = refresh_parent_card(*t.parent); !ok) return ok.error();
        return std::optional<Ticket>{std::move(t)};
    }
    const auto mention = run_.mention_for(t, route);
    const Team* team = run_.ticket_team(t);
    if (auto ok = run_.journal(t, Actor::bot().label(), "escalation_ping",
                               {{"team", team->id}, {"tier", to_string(t.tier)}, {"reason", esc.reason}, {"mentions", handles(mention)}});
        !ok)
        return ok.error();
    run_.post_card(t, false, mention);
    if (breach) {
        if (const Agent* officer = cfg.directory.security_officer())
            run_.dm(*officer, t, run_.agent_text("handoff.agent.breach_officer", {{"ticket", t.id.str()}}) + "\n" + run_.card_text(t, true, officer), true);
        clocks_.arm_breach_clock(t);
    }
    clocks_.arm_reping(t);
    clocks_.arm_sla(t);
    return std::optional<Ticket>{std::move(t)};
}

Status Escalator::refresh_parent_card(const TicketId& parent_id) {
    auto parent = run_.load(parent_id);
    if (!parent) return parent.error();
    // A parent that never reached the people (still with the bot) has no card to update yet.
    if (parent->escalated_at) run_.post_card(*parent, true, {});
    return {};
}

Status Escalator::tier_up(Ticket& t, const Actor& who, const std::string& reason) {
    const Team* before = run_.ticket_team(t);
    if (auto ok = run_.journal(t, who.label(), "tier", {{"from", to_string(t.tier)}, {"to", "L3"}, {"reason", reason}}); !ok) return ok;
    t.tier = Tier::l3;
    if (auto ok = run_.save(t); !ok) return ok;
    const auto mention = run_.mention_for(t, run_.config().policy.route(t));
    if (run_.ticket_team(t) == before) {
        run_.post_card(t, true, {});
        run_.post_to_ticket(t, run_.agent_text("handoff.agent.tier_up", {{"ticket", t.id.str()}}), mention, false);
    } else {
        run_.retire_card(t, *before);
        run_.post_card(t, false, mention);
    }
    clocks_.arm_reping(t);
    return {};
}

}  // namespace frontline::handoff
