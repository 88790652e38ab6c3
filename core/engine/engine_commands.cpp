// The global words that work at any point of a conversation, in both languages: help, status,
// cancel, restart, agent (a person now) and language.
#include "core/engine/engine_turn.hpp"

namespace frontline {

Status Turn::command(const GlobalCommand& c) {
    switch (c.word) {
        case GlobalWord::help: return show_help();
        case GlobalWord::start:
            if (active()) return reprompt();
            say(name_.empty() ? "engine.greeting_noname" : "engine.greeting", {{"name", name_}});
            return {};
        case GlobalWord::status: return show_status();
        case GlobalWord::cancel: return do_cancel();
        case GlobalWord::restart: return do_restart();
        case GlobalWord::agent: return do_agent();
        case GlobalWord::language: return do_language(c.argument);
        case GlobalWord::none: break;
    }
    return {};
}

Status Turn::show_help() {
    say("engine.help");
    return reprompt();
}

Status Turn::show_status() {
    TicketFilter f;
    f.requester = user_;
    f.limit = 200;
    auto all = repos_.tickets.list_tickets(f);
    if (!all) return all.error();
    // Open tickets, and resolved ones still waiting for the user's confirmation.
    std::vector<Ticket> mine;
    for (auto& tk : *all)
        if (is_open(tk.status) || tk.status == TicketStatus::resolved) mine.push_back(std::move(tk));
    if (mine.empty()) {
        say("engine.status_none");
    } else {
        std::string text = t("engine.status_header");
        for (const auto& tk : mine) {
            text += "\n" + t("engine.status_line", {{"id", tk.id.str()},
                                                    {"title", tk.title},
                                                    {"status", t("engine.status." + std::string(to_string(tk.status)))},
                                                    {"priority", std::string(to_string(tk.priority))}});
        }
        say_text(std::move(text));
    }
    return reprompt();
}

Status Turn::do_cancel() {
    if (ticket_ && (ticket_->status == TicketStatus::new_ || ticket_->status == TicketStatus::in_diagnosis)) {
        changed();
        if (auto s = cancel_ticket(Actor::requester(user_), false); !s) return s;
        end_conversation();
        return {};
    }
    if (ticket_ && ticket_->status == TicketStatus::resolved) {
        // Nothing left to cancel: the fix worked, so the ticket closes.
        changed();
        if (auto s = move(TicketStatus::closed, Actor::requester(user_)); !s) return s;
        say("engine.closed", {{"id", ticket_->id.str()}});
        end_conversation();
        return {};
    }
    if (active()) {
        changed();
        say("engine.cancelled_draft");
        end_conversation();
        return {};
    }
    say("engine.nothing_to_cancel");
    return {};
}

Status Turn::do_restart() {
    changed();
    if (ticket_ && (ticket_->status == TicketStatus::new_ || ticket_->status == TicketStatus::in_diagnosis)) {
        if (auto s = cancel_ticket(Actor::requester(user_), true); !s) return s;
        say("engine.restarted_cancelled", {{"id", ticket_->id.str()}});
    } else {
        if (ticket_ && ticket_->status == TicketStatus::resolved)
            if (auto s = move(TicketStatus::closed, Actor::requester(user_)); !s) return s;
        say("engine.restarted");
    }
    end_conversation();
    return {};
}

Status Turn::do_agent() {
    changed();
    if (ticket_ && ticket_->status == TicketStatus::resolved) {
        say("engine.reopened", {{"id", ticket_->id.str()}});
        if (auto s = move(TicketStatus::in_progress, Actor::requester(user_)); !s) return s;
        return escalate("user_asked", std::nullopt);
    }
    if (ticket_) {
        say("engine.agent_ok");
        return escalate("user_asked", std::nullopt);
    }
    if (s_.phase == Phase::confirm_type && !s_.pending_text.empty()) {
        say("engine.agent_ok");
        const TicketType type = s_.pending_type == "request" ? TicketType::request : TicketType::incident;
        if (auto s = log_ticket(type, s_.pending_text); !s) return s;
        return escalate("user_asked", std::nullopt);
    }
    s_.wants_agent = true;
    say("engine.agent_describe");
    return {};
}

Status Turn::do_language(const std::string& argument) {
    if (!argument.empty()) {
        if (auto lang = parse_language_name(argument); lang && cfg_.catalog.has_language(*lang)) return set_language(*lang);
    }
    std::vector<Choice> choices;
    for (const auto& lang : cfg_.catalog.languages())
        choices.push_back({t("engine.language." + lang), "lang|" + lang});
    say_text(t(argument.empty() ? "engine.ask_language" : "engine.language_unknown"), std::move(choices));
    return {};
}

Status Turn::set_language(const std::string& lang) {
    if (!cfg_.catalog.has_language(lang)) return do_language("?");
    s_.locale = lang;
    if (auto s = repos_.persons.set_locale(user_, lang); !s) return s;
    if (ticket_) {
        ticket_->locale = lang;
        ticket_dirty_ = true;
    }
    if (active()) dirty_ = true;
    say("engine.language_set");
    return reprompt();
}

}  // namespace frontline
