// The relay between a requester and the agents, across platforms. The default (explicit) relay mode
// sends out only what an agent marked for the requester: internal talk in a ticket's thread must
// never leak to a customer, and every message that did go out is confirmed in the thread.
#include "core/handoff/desk_run.hpp"
#include "core/text.hpp"

namespace frontline::handoff {
namespace {

/// "2026-11-25 12:00 UTC": the requester reads it, so no ISO 'T' and 'Z'.
std::string requester_time(std::optional<TimePoint> t) {
    std::string s = t ? format_iso8601(*t) : std::string("-");
    if (s.size() == 20) s = s.substr(0, 10) + " " + s.substr(11, 5) + " UTC";
    return s;
}

}  // namespace

Status DeskRun::do_reply(Ticket t, const InboundEvent& e, const Agent& a, const std::string& text) {
    if (t.status == TicketStatus::escalated) {
        answer(e, agent_text("handoff.agent.claim_first", {{"ticket", t.id.str()}}));
        return {};
    }
    if (t.status == TicketStatus::closed || t.status == TicketStatus::cancelled || t.status == TicketStatus::new_ ||
        t.status == TicketStatus::in_diagnosis)
        return make_error(Errc::invalid_transition, agent_text("handoff.agent.not_open", {{"status", std::string(to_string(t.status))}}));
    tell_requester(t, "handoff.requester.agent_says", {{"agent", a.name}, {"ticket", t.id.str()}, {"text", text}});
    const bool first = !t.first_response_at;
    if (first) {
        t.first_response_at = now_;
        if (auto ok = save(t); !ok) return ok;
    }
    if (auto ok = journal(t, actor_of(a).label(), "relay_out", {{"text", text}, {"first_response", first}}); !ok) return ok;
    const std::string who = t.requester.name.empty() ? t.requester.identity.user_id : t.requester.name;
    // The confirmation quotes the text unless that would put a data-breach conversation in a broad room.
    const bool broad = is_broad_room(e.where);
    const bool quote = !(t.restricted && broad);
    answer(e, quote ? agent_text("handoff.agent.sent", {{"requester", who}, {"text", utf8_truncate(text, 500)}})
                    : agent_text("handoff.agent.sent_short", {{"requester", who}}),
           t.restricted && !broad);
    return {};
}

Status DeskRun::reply_button(AgentCommand c, const InboundEvent& e, const Agent* agent) {
    c.text = trim(e.text);
    // Some adapters report a pressed button's label as the event's text: the word "Reply" must not
    // reach the requester, that is a button without a text.
    for (const auto& lang : cfg_.texts.languages())
        if (c.text == cfg_.texts.get(lang, "handoff.button.reply")) c.text.clear();
    if (agent && c.text.empty()) {
        answer(e, agent_text("handoff.agent.reply_hint", {{"ticket", c.ticket->str()}}));
        return {};
    }
    // From here exactly `reply INC text`: authorisation, bad input, state checks, journal, confirmation.
    return run_command(std::move(c), e, agent);
}

Status DeskRun::thread_message(Ticket t, const InboundEvent& e, const Agent& a) {
    const Team* team = cfg_.directory.team_by_room(e.where.platform, e.where.conversation_id);
    if (!team) team = ticket_team(t);
    const std::string text = trim(e.text);
    if (text.empty()) return {};
    if (team->relay_mode == RelayMode::explicit_only) return {};  // discussion between agents stays internal
    if (text.rfind(team->note_marker, 0) == 0) {
        const std::string note = trim(std::string_view(text).substr(team->note_marker.size()));
        if (note.empty()) return {};
        return journal(t, actor_of(a).label(), "note", {{"text", note}});
    }
    if (!is_valid_utf8(text) || text.size() > kMaxUserTextBytes) {
        answer(e, agent_text("handoff.agent.too_long"));
        return {};
    }
    const std::string id = t.id.str();
    auto s = do_reply(std::move(t), e, a, text);
    if (!s && (s.error().code == Errc::invalid_transition)) {
        answer(e, agent_text("handoff.agent.refused", {{"ticket", id}, {"reason", s.error().message}}));
        return {};
    }
    return s;
}

Status DeskRun::relay_from_requester(Ticket t, const InboundEvent& e) {
    const std::string text = trim(e.text);
    if (text.empty()) return {};
    if (!is_valid_utf8(text) || text.size() > kMaxUserTextBytes) {
        tell_requester(t, "handoff.requester.too_long", {{"max", std::to_string(kMaxUserTextBytes)}});
        return {};
    }
    if (t.status == TicketStatus::pending_user) {
        if (auto ok = move(t, TicketStatus::in_progress, Actor::requester(e.from)); !ok) return ok;
        if (auto ok = save(t); !ok) return ok;
        post_card(t, true, {});
    }
    if (auto ok = journal(t, Actor::requester(e.from).label(), "relay_in", {{"text", text}}); !ok) return ok;
    const std::string who = t.requester.name.empty() ? t.requester.identity.user_id : t.requester.name;
    std::vector<const Agent*> mention;
    if (const Agent* owner = assignee(t)) mention.push_back(owner);
    post_to_ticket(t, agent_text("handoff.agent.requester_says", {{"ticket", t.id.str()}, {"requester", who}, {"text", text}}),
                   mention, true);
    if (t.status == TicketStatus::escalated)
        tell_requester(t, "handoff.requester.queued", {{"ticket", t.id.str()}, {"due", requester_time(t.sla.response_due)}});
    return {};
}

Status DeskRun::requester_status(const Ticket& t) {
    const Agent* owner = assignee(t);
    const Vars vars = {{"ticket", t.id.str()},
                       {"title", utf8_truncate(t.title.empty() ? t.description : t.title, 80)},
                       {"agent", owner ? owner->name : t.assignee}};
    std::string s;
    if (t.status == TicketStatus::pending_user) {
        // The clock is paused while we wait for them: a due time would be wrong.
        s = requester_text(t, "handoff.requester.status_pending", vars) + " " +
            requester_text(t, "handoff.requester.status_paused");
    } else {
        s = requester_text(t, t.status == TicketStatus::escalated ? "handoff.requester.status_queued"
                                                                 : "handoff.requester.status_claimed", vars);
        // The target that matters to them next: the first answer until they had one, then the fix.
        if (!t.first_response_at && t.sla.response_due)
            s += " " + requester_text(t, "handoff.requester.status_reply_by", {{"due", requester_time(t.sla.response_due)}});
        else if (t.sla.resolution_due)
            s += " " + requester_text(t, "handoff.requester.status_resolve_by", {{"due", requester_time(t.sla.resolution_due)}});
    }
    send_to_requester(t, std::move(s));
    return {};
}

Status DeskRun::requester_help(const Ticket& t) {
    const Agent* owner = assignee(t);
    if (t.status == TicketStatus::escalated || t.assignee.empty())
        tell_requester(t, "handoff.requester.help_queued", {{"ticket", t.id.str()}});
    else
        tell_requester(t, "handoff.requester.help_claimed", {{"ticket", t.id.str()}, {"agent", owner ? owner->name : t.assignee}});
    return {};
}

}  // namespace frontline::handoff
