// Turn: an input routed to the stage that expects it, and polite answers to bad input.
#include "core/engine/engine_turn.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace frontline {

Turn::Turn(const EngineContext& ctx, Repositories& repos, TimePoint now, Identity user, std::string key_base)
    : state_(ctx, repos, now, std::move(user), std::move(key_base)),
      prompts_(state_, stages_),
      intake_(state_, stages_),
      diagnosis_(state_, stages_),
      outcome_(state_, stages_),
      commands_(state_, stages_) {
    stages_ = TurnStages{&prompts_, &intake_, &diagnosis_, &outcome_, &commands_};
}

Status Turn::load(const std::string& locale_hint) {
    if (auto s = state_.load(locale_hint); !s) return s;
    // The flows changed under a waiting user (a new release): hand the ticket to people.
    if (state_.flow_changed()) return outcome_.escalate("flow_changed", std::nullopt);
    return {};
}

Status Turn::on_event(const InboundEvent& e) {
    // A file alone (no words) is part of the conversation, not an empty message.
    const bool words = !trim(e.text).empty();
    const bool files_only = e.kind != InboundKind::choice && !e.attachments.empty() && !words;
    const InputProblem problem = e.kind == InboundKind::choice || files_only ? InputProblem::none : check_input(e.text);
    if (auto s = load(e.locale_hint); !s) return s;
    SessionState& s = state_.session();
    // Answers go where the user wrote, even an answer to bad input from someone the bot never met.
    const bool moved = s.where != e.where;
    // Buttons live in the conversation they were sent to: one elsewhere cannot be updated from here.
    if (moved) s.asked_key.clear();
    s.where = e.where;
    if (problem != InputProblem::none) {
        if (auto st = on_bad_input(problem); !st) return st;
        return state_.finish();
    }
    // A name the person gave when asked is theirs to keep: a platform's handle never replaces it.
    const bool own_name = !state_.platform().profile_name && !state_.name().empty();
    auto person = state_.repos().persons.upsert_person(state_.user(), own_name ? std::string() : e.display_name, e.contact);
    if (!person) return person.error();
    if (!e.phone.empty() && person->phone.empty())
        if (auto ok = state_.repos().persons.set_contact(state_.user(), "", "", e.phone); !ok) return ok;
    state_.set_person(person->name.empty() ? e.display_name : person->name, person->contact,
                      person->phone.empty() ? e.phone : person->phone, person->contact_asked);
    if (moved && state_.active()) state_.session_changed();

    if (e.kind != InboundKind::choice && !e.attachments.empty()) {
        if (auto st = intake_.receive_files(e, words); !st) return st;
        if (files_only) return state_.finish();
    }
    Status st;
    if (e.kind == InboundKind::choice) {
        st = on_choice(e);
    } else {
        const std::string text = trim(e.text);
        if (auto g = parse_global_word(text); g.word != GlobalWord::none) {
            // "aiuto" or "operatore" as a first word is answered in Italian, "help" in English.
            st = g.written_in.empty() ? Status{} : intake_.adopt_language(g.written_in);
            if (st) st = commands_.command(g);
        }
        else if (looks_like_command(text)) st = prompts_.reprompt("engine.bad.unknown_command", {{"command", utf8_truncate(text, 40)}});
        else if (s.phase == Phase::idle) st = intake_.intake(text);
        else st = answer_text(text);
    }
    if (!st) return st;
    return state_.finish();
}

Status Turn::on_choice(const InboundEvent& e) {
    const SessionState& s = state_.session();
    const auto bar = e.payload.find('|');
    const std::string step = e.payload.substr(0, bar);
    const std::string value = bar == std::string::npos ? std::string() : e.payload.substr(bar + 1);
    if (step == "lang") {
        if (s.asked_step == "lang" && state_.cfg().catalog.has_language(value))
            state_.retire_question(state_.t("engine.language." + value));
        return commands_.language(value);
    }
    if (step == kNewProblemPayload) return commands_.command(GlobalCommand{GlobalWord::new_problem, "", ""});
    if (s.phase == Phase::idle) {
        state_.say("engine.bad.no_conversation_choice");
        return {};
    }
    auto p = prompts_.prompt();
    if (!p) return p.error();
    if (p->step != step) return prompts_.reprompt("engine.bad.stale_choice");
    if (std::find(p->values.begin(), p->values.end(), value) == p->values.end())
        return prompts_.reprompt("engine.bad.invalid_choice");
    return answer_prompt(*p, value);
}

Status Turn::on_bad_input(InputProblem p) {
    switch (p) {
        case InputProblem::invalid_utf8: return prompts_.reprompt("engine.bad.invalid_utf8");
        case InputProblem::too_long:
            return prompts_.reprompt("engine.bad.too_long", {{"max", std::to_string(kMaxUserTextBytes)}});
        case InputProblem::empty: return prompts_.reprompt("engine.bad.empty");
        case InputProblem::no_words: return prompts_.reprompt("engine.bad.no_words");
        case InputProblem::none: break;
    }
    return {};
}

Status Turn::answer_prompt(const Prompt& p, const std::string& value) {
    if (p.step == state_.session().asked_step)
        for (std::size_t i = 0; i < p.values.size(); ++i)
            if (p.values[i] == value) state_.retire_question(p.choices[i].label);
    return answer(value);
}

Status Turn::answer(const std::string& value) {
    SessionState& s = state_.session();
    switch (s.phase) {
        case Phase::confirm_type: {
            auto type = parse_ticket_type(value);
            if (!type) return prompts_.reprompt("engine.bad.invalid_choice");
            state_.changed();
            if (auto st = intake_.log_ticket(*type, s.pending_text); !st) return st;
            s.pending_text.clear();
            return intake_.ask_category(*type, s.category_choices);
        }
        case Phase::confirm_category:
            state_.changed();
            if (value == kOtherCategory && state_.ticket())
                return intake_.ask_category(state_.ticket()->type, s.category_choices, false);
            if (auto st = intake_.set_category(value); !st) return st;
            return intake_.begin_priority();
        case Phase::impact: return intake_.set_impact(value);
        case Phase::urgency: return intake_.set_urgency(value);
        case Phase::flow: return diagnosis_.answer_node(value);
        case Phase::similar: return outcome_.answer_similar(value == "yes");
        case Phase::confirm_resolution: return outcome_.answer_resolution(value == "yes");
        case Phase::contact_name:
        case Phase::contact_reach: return outcome_.answer_contact(value);
        case Phase::idle: break;
    }
    return {};
}

Status Turn::answer_text(const std::string& text) {
    // A name, an e-mail address or a phone number: free text beside the Skip button.
    const Phase phase = state_.session().phase;
    auto p = prompts_.prompt();
    if (!p) return p.error();
    if (phase == Phase::contact_name || phase == Phase::contact_reach) {
        // The Skip button typed by its number or label (platforms without buttons list it).
        if (auto picked = match_choice(text, p->choices, p->values)) return answer_prompt(*p, p->values[*picked]);
        return outcome_.answer_contact(text);
    }
    if (p->choices.empty()) return diagnosis_.answer_node(text);  // a free-text question of the flow
    auto picked = match_choice(text, p->choices, p->values);
    if (!picked) return prompts_.reprompt("engine.bad.invalid_choice");
    return answer_prompt(*p, p->values[*picked]);
}

}  // namespace frontline
