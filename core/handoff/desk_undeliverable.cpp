// When one of our messages cannot arrive, the outbox dispatcher reports it as an undeliverable event.
// A ticket's card (a room that does not exist, a refusal, a platform without an adapter): the agents
// reading the team's other rooms are told where it failed and why; when no room of the team can show
// the card, the requester is told plainly, instead of waiting for an agent who never heard of them.
// A requester who refuses all our messages (blocked the bot): the ticket stays as it is, its journal
// marks the requester unreachable on that platform, and the agents are told to use another channel.
#include "core/handoff/desk_undeliverable.hpp"

#include "core/text.hpp"

namespace frontline::handoff {
namespace {

constexpr const char* kCardFailed = "card_undeliverable";
constexpr const char* kRequesterTold = "no_agent_reachable";
constexpr const char* kRequesterUnreachable = "requester_unreachable";
constexpr const char* kRequesterWrote = "relay_in";

/// "slack:C0SERVICEDESK" for a room of a team.
std::string room_name(const std::string& platform, const std::string& room) { return platform + ":" + room; }

}  // namespace

Result<bool> tell_requester_if_no_room(DeskRun& run, const Ticket& t, const std::set<std::string>& failed_rooms) {
    const Team* team = run.ticket_team(t);
    if (team)
        for (const auto& [platform, room] : team->rooms)
            if (run.enabled(platform) && !failed_rooms.count(room_name(platform, room))) return false;
    auto journal = run.journal_of(t.id);
    if (!journal) return journal.error();
    for (const auto& j : *journal)
        if (j.kind == kRequesterTold) return true;  // once per ticket
    run.tell_requester(t, "handoff.requester.no_agent_reachable", {{"ticket", t.id.str()}});
    if (auto ok = run.journal(t, Actor::system().label(), kRequesterTold, {{"rooms_failed", failed_rooms.size()}}); !ok)
        return ok.error();
    return true;
}

/// Marks `t`'s requester unreachable once, and again only after they wrote in between (they had
/// unblocked the bot, then blocked it again).
Status mark_requester_unreachable(DeskRun& run, const Ticket& t, const InboundEvent& e) {
    auto journal = run.journal_of(t.id);
    if (!journal) return journal.error();
    bool marked = false;
    for (const auto& j : *journal) {
        if (j.kind == kRequesterUnreachable) marked = true;
        if (j.kind == kRequesterWrote) marked = false;
    }
    if (marked) return {};
    const std::string reason = utf8_truncate(e.text, 200);
    if (auto ok = run.journal(t, Actor::system().label(), kRequesterUnreachable,
                              {{"platform", e.where.platform}, {"error", reason}});
        !ok)
        return ok;
    std::string contact = t.requester.contact;
    if (!t.requester.phone.empty()) contact += (contact.empty() ? "" : " · ") + t.requester.phone;
    if (contact.empty()) contact = "-";
    run.post_to_ticket(t,
                       run.agent_text("handoff.card.requester_unreachable",
                                      {{"ticket", t.id.str()}, {"platform", e.where.platform}, {"contact", contact}}),
                       {}, false);
    return {};
}

Status report_undeliverable(DeskRun& run, const InboundEvent& e) {
    const std::string& key = e.payload;
    auto id = ticket_of_message_key(key);
    if (id && e.recipient_unreachable) {
        auto t = run.load(*id);
        if (!t) return t.error().code == Errc::not_found ? Status{} : Status(t.error());
        // Only the requester's own conversation: a room of agents that refuses us is a card problem.
        if (t->address.platform == e.where.platform && t->address.conversation_id == e.where.conversation_id)
            return mark_requester_unreachable(run, *t, e);
    }
    // Only a card decides whether anyone heard of the ticket; other failed messages stay listed by
    // `frontline outbox --failed` and counted in /metrics.
    if (!id || key.find("/card/") == std::string::npos) return {};
    auto t = run.load(*id);
    if (!t) return t.error().code == Errc::not_found ? Status{} : Status(t.error());
    const std::string failed_room = room_name(e.where.platform, e.where.conversation_id);
    const std::string reason = utf8_truncate(e.text, 200);
    if (auto ok = run.journal(*t, Actor::system().label(), kCardFailed, {{"room", failed_room}, {"error", reason}}); !ok)
        return ok;

    std::set<std::string> failed_rooms;
    int failures_here = 0;
    auto journal = run.journal_of(t->id);
    if (!journal) return journal.error();
    for (const auto& j : *journal) {
        if (j.kind != kCardFailed) continue;
        auto details = nlohmann::json::parse(j.details, nullptr, false);
        if (!details.is_object()) continue;
        failed_rooms.insert(details.value("room", ""));
        if (details.value("room", "") == failed_room) ++failures_here;
    }
    // The agents in the rooms that do show the card learn that one room misses it, and why; once
    // per room (a re-ping into the same dead room is journalled, not announced again).
    if (failures_here == 1)
        run.post_to_ticket(*t,
                           run.agent_text("handoff.card.undeliverable",
                                          {{"ticket", t->id.str()}, {"room", failed_room}, {"error", reason}}),
                           {}, false);
    if (!is_open(t->status)) return {};
    auto told = tell_requester_if_no_room(run, *t, failed_rooms);
    if (!told) return told.error();
    return {};
}

}  // namespace frontline::handoff
