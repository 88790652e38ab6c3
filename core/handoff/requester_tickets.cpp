#include "core/handoff/requester_tickets.hpp"

#include "core/text.hpp"

namespace frontline::handoff {
namespace {

bool with_humans(TicketStatus s) {
    return s == TicketStatus::escalated || s == TicketStatus::in_progress || s == TicketStatus::pending_user;
}

/// The open ticket whose id the message names ("about INC-000004: still no sound"), if one.
const Ticket* named_in(const std::string& text, const std::vector<Ticket>& open) {
    std::string upper = text;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const auto& t : open)
        if (upper.find(t.id.str()) != std::string::npos) return &t;
    return nullptr;
}

}  // namespace

std::string RequesterTickets::button_label(const Ticket& t) const {
    return t.id.str() + ": " + utf8_truncate(t.title.empty() ? t.description : t.title, 40);
}

Status RequesterTickets::message(const std::vector<Ticket>& open, const InboundEvent& e) {
    if (open.size() == 1) return relay_.relay_from_requester(open.front(), e);
    if (const Ticket* named = named_in(e.text, open)) return relay_.relay_from_requester(*named, e);
    // An answer in the thread of one ticket's message (platforms with threads) is about that ticket.
    auto context = run_.context_ticket(e);
    if (!context) return context.error();
    if (*context)
        for (const auto& t : open)
            if (t.id == **context) return relay_.relay_from_requester(t, e);
    const std::string text = trim(e.text);
    if (text.empty()) return {};
    if (!is_valid_utf8(text) || text.size() > kMaxUserTextBytes) {
        run_.tell_requester(open.front(), "handoff.requester.too_long", {{"max", std::to_string(kMaxUserTextBytes)}});
        return {};
    }
    auto already = run_.hold_message(e.from, text);
    if (!already) return already.error();
    if (*already) return {};  // the question is already waiting for its answer above
    std::vector<Choice> choices;
    for (const auto& t : open) choices.push_back({button_label(t), requester_payload(RequesterChoice::about, t.id)});
    run_.tell_requester(open.front(), "handoff.requester.which_ticket", {}, std::move(choices));
    return {};
}

Status RequesterTickets::status(const std::vector<Ticket>& open) {
    if (open.size() == 1) return relay_.requester_status(open.front());
    std::string text = run_.requester_text(open.front(), "handoff.requester.status_many", {{"count", std::to_string(open.size())}});
    for (const auto& t : open) text += "\n• " + relay_.status_text(t);
    run_.send_to_requester(open.front(), std::move(text));
    return {};
}

Status RequesterTickets::ask_withdraw(const std::vector<Ticket>& open) {
    const Ticket& newest = open.front();
    std::vector<Choice> choices;
    if (open.size() == 1) {
        choices.push_back({run_.requester_text(newest, "handoff.button.withdraw"), requester_payload(RequesterChoice::withdraw, newest.id)});
        choices.push_back({run_.requester_text(newest, "handoff.button.keep"), requester_payload(RequesterChoice::keep, newest.id)});
        run_.tell_requester(newest, "handoff.requester.withdraw_ask",
                            {{"ticket", newest.id.str()}, {"title", utf8_truncate(newest.title, 80)}}, std::move(choices));
        return {};
    }
    for (const auto& t : open) choices.push_back({button_label(t), requester_payload(RequesterChoice::withdraw, t.id)});
    choices.push_back({run_.requester_text(newest, "handoff.button.keep_all"), requester_payload(RequesterChoice::keep, newest.id)});
    run_.tell_requester(newest, "handoff.requester.withdraw_which", {}, std::move(choices));
    return {};
}

Result<std::optional<Ticket>> RequesterTickets::own_ticket(const TicketId& id, const InboundEvent& e) {
    auto loaded = run_.load(id);
    if (!loaded && loaded.error().code != Errc::not_found) return loaded.error();
    if (!loaded || !run_.is_requester(*loaded, e.from)) {
        OutboundMessage m;
        m.to = e.where;
        m.text = run_.sender_text(e, "handoff.requester.not_yours");
        run_.send(std::move(m));
        return std::optional<Ticket>{};
    }
    return std::optional<Ticket>{std::move(*loaded)};
}

Status RequesterTickets::pressed(const RequesterButton& b, const InboundEvent& e) {
    auto mine = own_ticket(b.ticket, e);
    if (!mine) return mine.error();
    if (!*mine) return {};
    Ticket t = std::move(**mine);
    switch (b.choice) {
        case RequesterChoice::about: {
            auto held = run_.take_held_message(e.from);
            if (!held) return held.error();
            if (!*held) {
                run_.tell_requester(t, "handoff.requester.nothing_held", {{"ticket", t.id.str()}});
                return {};
            }
            if (!with_humans(t.status)) {
                run_.tell_requester(t, "handoff.requester.about_closed", {{"ticket", t.id.str()}});
                return {};
            }
            InboundEvent held_event = e;
            held_event.kind = InboundKind::text;
            held_event.text = **held;
            const bool queued = t.status == TicketStatus::escalated;  // the relay confirms those itself
            const TicketId id = t.id;
            if (auto ok = relay_.relay_from_requester(std::move(t), held_event); !ok) return ok;
            if (!queued) {
                auto relayed = run_.load(id);
                if (!relayed) return relayed.error();
                run_.tell_requester(*relayed, "handoff.requester.added_to", {{"ticket", id.str()}});
            }
            return {};
        }
        case RequesterChoice::withdraw:
            if (!with_humans(t.status)) {
                run_.tell_requester(t, "handoff.requester.withdraw_stale", {{"ticket", t.id.str()}});
                return {};
            }
            return withdraw(std::move(t), e);
        case RequesterChoice::keep:
            run_.tell_requester(t, "handoff.requester.withdraw_kept", {});
            return {};
    }
    return {};
}

Status RequesterTickets::withdraw(Ticket t, const InboundEvent& e) {
    const Actor who = Actor::requester(e.from);
    if (auto ok = run_.move(t, TicketStatus::cancelled, who); !ok) return ok;
    if (auto ok = run_.journal(t, who.label(), "withdrawn", nlohmann::json::object()); !ok) return ok;
    // A restricted ticket's notification deadline is owed whatever the requester decides.
    clocks_.cancel_ticket_timers(t, true);
    run_.post_card(t, true, {});
    const std::string requester = t.requester.name.empty() ? t.requester.identity.user_id : t.requester.name;
    std::vector<const Agent*> mention;
    if (const Agent* owner = run_.assignee(t)) mention.push_back(owner);
    run_.post_to_ticket(t, run_.agent_text("handoff.agent.withdrawn", {{"ticket", t.id.str()}, {"requester", requester}}), mention, false);
    run_.tell_requester(t, "handoff.requester.withdrawn", {{"ticket", t.id.str()}});
    return {};
}

}  // namespace frontline::handoff
