#pragma once
// A small EventHandler for runtime tests: answers "echo: <text>", fails on "boom" after writing a
// session (so a rollback is visible), throws on "throw", arms a timer on "remind <seconds>",
// opens an escalated ticket on "ticket <title>" (unless the requester has one open), and answers
// a fired timer with "reminder <key>".
#include <stdexcept>
#include <string>

#include "core/event_handler.hpp"
#include "core/ticket.hpp"

namespace frontline::testing {

class ScriptedHandler final : public EventHandler {
public:
    int handled = 0;
    int timers = 0;

    Result<Effects> handle(const InboundEvent& e, Repositories& repos, TimePoint now) override {
        ++handled;
        if (e.text == "boom") {
            (void)repos.sessions.save_session(StoredSession{e.from, R"({"half":"written"})", now});
            return make_error(Errc::invalid_argument, "scripted failure");
        }
        if (e.text == "throw") throw std::runtime_error("scripted exception");
        if (e.text.rfind("ticket ", 0) == 0) {
            if (auto s = open_ticket(e, repos, now); !s) return s.error();
        }
        Effects fx;
        if (e.text.rfind("remind ", 0) == 0) {
            fx.arm.push_back(TimerRequest{"remind:" + e.from.user_id, now + Seconds{std::stoi(e.text.substr(7))},
                                          "reminder", e.where.conversation_id});
        }
        if (e.text == "cancel") fx.cancel.push_back("remind:" + e.from.user_id);
        OutboundMessage m;
        m.to = e.where;
        m.text = "echo: " + (e.kind == InboundKind::choice ? e.payload : e.text);
        if (e.text == "menu") m.choices = {{"Yes", "yes"}, {"No", "no"}};
        fx.messages.push_back(std::move(m));
        return fx;
    }

    static Status open_ticket(const InboundEvent& e, Repositories& repos, TimePoint now) {
        TicketFilter mine;
        mine.requester = e.from;
        auto existing = repos.tickets.list_tickets(mine);
        if (!existing) return existing.error();
        for (const auto& t : *existing)
            if (is_open(t.status)) return {};
        auto id = repos.tickets.allocate_id(TicketType::incident);
        if (!id) return id.error();
        Ticket t;
        t.id = *id;
        t.title = e.text.substr(7);
        t.requester = {"Someone", e.from, "", ""};
        t.address = e.where;
        t.status = TicketStatus::escalated;
        t.reported_at = now;
        return repos.tickets.save_ticket(t);
    }

    Result<Effects> on_timer(const TimerRequest& t, Repositories&, TimePoint) override {
        ++timers;
        Effects fx;
        OutboundMessage m;
        m.to = Address{"webchat", t.payload, {}};
        m.text = "reminder " + t.key;
        fx.messages.push_back(std::move(m));
        return fx;
    }
};

/// A text event from user `user` on the web chat.
inline InboundEvent text_event(std::string id, std::string user, std::string text) {
    InboundEvent e;
    e.event_id = std::move(id);
    e.from = Identity{"webchat", user};
    e.where = Address{"webchat", user, {}};
    e.text = std::move(text);
    return e;
}

}  // namespace frontline::testing
