// The relay between a requester and the agents, across platforms. The default (explicit) relay mode
// sends out only what an agent marked for the requester: internal talk in a ticket's thread must
// never leak to a customer, and every message that did go out is confirmed in the thread.
#include "core/handoff/relay.hpp"

#include "core/text.hpp"
#include "core/ticket_files.hpp"

namespace frontline::handoff {

std::string Relay::due_for_requester(const Ticket& t, std::optional<TimePoint> due) {
    return due ? run_.requester_words(t).at(*due) : std::string("-");
}

Status Relay::reply(Ticket t, const InboundEvent& e, const Agent& a, const std::string& text) {
    if (t.status == TicketStatus::escalated) {
        run_.answer(e, run_.agent_text("handoff.agent.claim_first", {{"ticket", t.id.str()}}));
        return {};
    }
    if (t.status == TicketStatus::closed || t.status == TicketStatus::cancelled || t.status == TicketStatus::new_ ||
        t.status == TicketStatus::in_diagnosis)
        return make_error(Errc::invalid_transition, run_.agent_text("handoff.agent.not_open", {{"status", std::string(to_string(t.status))}}));
    run_.tell_requester(t, "handoff.requester.agent_says", {{"agent", a.name}, {"ticket", t.id.str()}, {"text", text}});
    const bool first = !t.first_response_at;
    if (first) {
        t.first_response_at = run_.now();
        if (auto ok = run_.save(t); !ok) return ok;
    }
    if (auto ok = run_.journal(t, actor_of(a).label(), "relay_out", {{"text", text}, {"first_response", first}}); !ok) return ok;
    const std::string who = t.requester.name.empty() ? t.requester.identity.user_id : t.requester.name;
    // The confirmation quotes the text unless that would put a data-breach conversation in a broad room.
    const bool broad = run_.is_broad_room(e.where);
    const bool quote = !(t.restricted && broad);
    run_.answer(e, quote ? run_.agent_text("handoff.agent.sent", {{"requester", who}, {"text", utf8_truncate(text, 500)}})
                         : run_.agent_text("handoff.agent.sent_short", {{"requester", who}}),
                t.restricted && !broad);
    return {};
}

Status Relay::relay_from_requester(Ticket t, const InboundEvent& e) {
    const std::string text = trim(e.text);
    if (text.empty()) return {};
    if (!is_valid_utf8(text) || text.size() > kMaxUserTextBytes) {
        run_.tell_requester(t, "handoff.requester.too_long", {{"max", std::to_string(kMaxUserTextBytes)}});
        return {};
    }
    if (t.status == TicketStatus::pending_user) {
        if (auto ok = run_.move(t, TicketStatus::in_progress, Actor::requester(e.from)); !ok) return ok;
        if (auto ok = run_.save(t); !ok) return ok;
        run_.post_card(t, true, {});
    }
    if (auto ok = run_.journal(t, Actor::requester(e.from).label(), "relay_in", {{"text", text}}); !ok) return ok;
    const std::string who = t.requester.name.empty() ? t.requester.identity.user_id : t.requester.name;
    std::vector<const Agent*> mention;
    if (const Agent* owner = run_.assignee(t)) mention.push_back(owner);
    run_.post_to_ticket(t, run_.agent_text("handoff.agent.requester_says", {{"ticket", t.id.str()}, {"requester", who}, {"text", text}}),
                        mention, true);
    if (t.status == TicketStatus::escalated)
        run_.tell_requester(t, "handoff.requester.queued", {{"ticket", t.id.str()}, {"due", due_for_requester(t, t.sla.response_due)}});
    return {};
}

Status Relay::files_from_requester(const Ticket& t, const InboundEvent& e) {
    const FileLimits& limits = run_.config().settings.files;
    auto attached = attach_files(run_.repos(), t.id, Actor::requester(e.from).label(), kept_files(e), run_.now(),
                                 limits.max_per_ticket);
    if (!attached) return attached.error();
    std::vector<Attachment> refused = refused_files(e);
    refused.insert(refused.end(), attached->too_many.begin(), attached->too_many.end());
    const std::string unnamed = run_.requester_text(t, "handoff.card.file_unnamed");
    for (const auto& f : refused) {
        const Vars vars = {{"name", f.name.empty() ? unnamed : utf8_truncate(f.name, 80)},
                           {"ticket", t.id.str()},
                           {"max", std::to_string(limits.max_bytes / (1024 * 1024))}};
        run_.tell_requester(t, "handoff.requester.file_" + f.state, vars);
    }
    if (attached->added.empty()) return {};
    const std::string who = t.requester.name.empty() ? t.requester.identity.user_id : t.requester.name;
    std::vector<const Agent*> mention;
    if (const Agent* owner = run_.assignee(t)) mention.push_back(owner);
    std::vector<Attachment> shown;
    for (const auto& f : attached->added) {
        if (f.state == "quarantined") {
            const std::string name = f.name.empty() ? run_.agent_text("handoff.card.file_unnamed") : utf8_truncate(f.name, 80);
            run_.post_to_ticket(t, run_.agent_text("handoff.agent.file_quarantined", {{"requester", who}, {"ticket", t.id.str()}, {"name", name}}),
                                mention, true);
        } else {
            shown.push_back(f);
        }
    }
    // The links ride in a ticket message: post_to_ticket keeps a restricted ticket's to its assignee
    // (else the security officer), privately.
    if (!shown.empty())
        run_.post_to_ticket(t, run_.agent_text("handoff.agent.requester_file", {{"requester", who}, {"ticket", t.id.str()}, {"list", run_.file_list(t, shown)}}),
                            mention, true);
    // The card lists the ticket's files: refreshed where it stands.
    run_.post_card(t, true, {});
    run_.tell_requester(t, "handoff.requester.file_added", {{"ticket", t.id.str()}, {"list", file_names(attached->added, unnamed)}});
    return {};
}

Status Relay::requester_status(const Ticket& t) {
    run_.send_to_requester(t, status_text(t));
    return {};
}

std::string Relay::status_text(const Ticket& t) {
    const Agent* owner = run_.assignee(t);
    const Vars vars = {{"ticket", t.id.str()},
                       {"title", utf8_truncate(t.title.empty() ? t.description : t.title, 80)},
                       {"agent", owner ? owner->name : t.assignee}};
    std::string s;
    if (t.status == TicketStatus::pending_user) {
        // The clock is paused while we wait for them: a due time would be wrong.
        s = run_.requester_text(t, "handoff.requester.status_pending", vars) + " " +
            run_.requester_text(t, "handoff.requester.status_paused");
    } else {
        s = run_.requester_text(t, t.status == TicketStatus::escalated ? "handoff.requester.status_queued"
                                                                      : "handoff.requester.status_claimed", vars);
        // The target that matters to them next: the first answer until they had one, then the fix.
        if (!t.first_response_at && t.sla.response_due)
            s += " " + run_.requester_text(t, "handoff.requester.status_reply_by", {{"due", due_for_requester(t, t.sla.response_due)}});
        else if (t.sla.resolution_due)
            s += " " + run_.requester_text(t, "handoff.requester.status_resolve_by", {{"due", due_for_requester(t, t.sla.resolution_due)}});
    }
    return s;
}

Status Relay::requester_help(const Ticket& t) {
    const Agent* owner = run_.assignee(t);
    if (t.status == TicketStatus::escalated || t.assignee.empty())
        run_.tell_requester(t, "handoff.requester.help_queued", {{"ticket", t.id.str()}});
    else
        run_.tell_requester(t, "handoff.requester.help_claimed", {{"ticket", t.id.str()}, {"agent", owner ? owner->name : t.assignee}});
    return {};
}

}  // namespace frontline::handoff
