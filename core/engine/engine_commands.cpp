// The global words that work at any point of a conversation, in both languages: help, status,
// cancel, restart, agent (a person now) and language.
#include "core/engine/turn_stages.hpp"

namespace frontline {

Status GlobalCommands::command(const GlobalCommand& c) {
    switch (c.word) {
        case GlobalWord::help: return show_help();
        case GlobalWord::start:
            if (st_.active()) return prompts().reprompt();
            say(st_.name().empty() ? "engine.greeting_noname" : "engine.greeting", {{"name", st_.name()}});
            return {};
        case GlobalWord::status: return show_status();
        case GlobalWord::cancel: return cancel();
        case GlobalWord::restart: return restart();
        case GlobalWord::agent: return agent();
        case GlobalWord::language: return language(c.argument);
        case GlobalWord::new_problem: return new_problem(c.argument);
        case GlobalWord::thanks:
            // Thanked mid-conversation: a word back, and the question still open is asked again.
            say("engine.thanks");
            return st_.active() ? prompts().reprompt() : Status{};
        case GlobalWord::none: break;
    }
    return {};
}

Status GlobalCommands::show_help() {
    say("engine.help");
    return prompts().reprompt();
}

Status GlobalCommands::show_status() {
    TicketFilter f;
    f.requester = user();
    f.limit = 200;
    auto all = repos().tickets.list_tickets(f);
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
        st_.say_text(std::move(text));
    }
    return prompts().reprompt();
}

Status GlobalCommands::cancel() {
    if (tk() && (tk()->status == TicketStatus::new_ || tk()->status == TicketStatus::in_diagnosis)) {
        changed();
        if (auto ok = outcome().cancel_ticket(Actor::requester(user()), false); !ok) return ok;
        st_.end_conversation();
        return {};
    }
    if (tk() && tk()->status == TicketStatus::resolved) {
        // Nothing left to cancel: the fix worked, so the ticket closes.
        changed();
        if (auto ok = move(TicketStatus::closed, Actor::requester(user())); !ok) return ok;
        say("engine.closed", {{"id", tk()->id.str()}});
        st_.end_conversation();
        return {};
    }
    if (st_.active()) {
        changed();
        say("engine.cancelled_draft");
        st_.end_conversation();
        return {};
    }
    say("engine.nothing_to_cancel");
    return {};
}

Status GlobalCommands::restart() {
    changed();
    if (tk() && (tk()->status == TicketStatus::new_ || tk()->status == TicketStatus::in_diagnosis)) {
        if (auto ok = outcome().cancel_ticket(Actor::requester(user()), true); !ok) return ok;
        say("engine.restarted_cancelled", {{"id", tk()->id.str()}});
    } else {
        if (tk() && tk()->status == TicketStatus::resolved)
            if (auto ok = move(TicketStatus::closed, Actor::requester(user())); !ok) return ok;
        say("engine.restarted");
    }
    st_.end_conversation();
    return {};
}

Status GlobalCommands::agent() {
    changed();
    if (tk() && tk()->status == TicketStatus::resolved) {
        say("engine.reopened", {{"id", tk()->id.str()}});
        if (auto ok = move(TicketStatus::in_progress, Actor::requester(user())); !ok) return ok;
        return outcome().escalate("user_asked", std::nullopt);
    }
    if (tk()) {
        say("engine.agent_ok");
        return outcome().escalate("user_asked", std::nullopt);
    }
    if (s().phase == Phase::confirm_type && !s().pending_text.empty()) {
        say("engine.agent_ok");
        const TicketType type = s().pending_type == "request" ? TicketType::request : TicketType::incident;
        if (auto ok = intake().log_ticket(type, s().pending_text); !ok) return ok;
        return outcome().escalate("user_asked", std::nullopt);
    }
    s().wants_agent = true;
    say("engine.agent_describe");
    return {};
}

Status GlobalCommands::new_problem(const std::string& description) {
    // A draft in progress is finished (or cancelled) first: two half-told problems help nobody.
    if (s().phase != Phase::idle) {
        if (tk()) say("engine.new_problem_busy", {{"id", tk()->id.str()}});
        else say("engine.new_problem_busy_draft");
        return prompts().reprompt();
    }
    if (!description.empty()) {
        changed();
        s().wants_new_problem = false;
        return intake().intake(description);
    }
    changed();
    s().wants_new_problem = true;
    say("engine.new_problem_ask");
    return {};
}

Status GlobalCommands::language(const std::string& argument) {
    if (!argument.empty()) {
        if (auto lang = parse_language_name(argument); lang && cfg().catalog.has_language(*lang)) return set_language(*lang);
    }
    std::vector<Choice> choices;
    for (const auto& lang : cfg().catalog.languages())
        choices.push_back({t("engine.language." + lang), "lang|" + lang});
    st_.say_text(t(argument.empty() ? "engine.ask_language" : "engine.language_unknown"), std::move(choices));
    return {};
}

Status GlobalCommands::set_language(const std::string& lang) {
    if (!cfg().catalog.has_language(lang)) return language("?");
    s().locale = lang;
    if (auto ok = repos().persons.set_locale(user(), lang); !ok) return ok;
    if (tk()) {
        tk()->locale = lang;
        st_.ticket_changed();
    }
    if (st_.active()) st_.session_changed();
    say("engine.language_set");
    return prompts().reprompt();
}

}  // namespace frontline
