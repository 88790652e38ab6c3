// A turn's plumbing: loading and saving the session and draft ticket, speaking, prompts, dispatch of
// an input to the stage that expects it, and polite answers to bad input.
#include "core/engine/engine_turn.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "core/timer_keys.hpp"

namespace frontline {
namespace {

bool supported(const EngineConfig& c, const std::string& lang) { return !lang.empty() && c.catalog.has_language(lang); }

}  // namespace

Turn::Turn(const EngineContext& ctx, Repositories& repos, TimePoint now, Identity user, std::string key_base)
    : ctx_(ctx), cfg_(ctx.config), repos_(repos), now_(now), user_(std::move(user)), key_base_(std::move(key_base)) {}

Status Turn::load(const std::string& locale_hint) {
    auto stored = repos_.sessions.load_session(user_);
    if (!stored) return stored.error();
    if (*stored) {
        had_session_ = true;
        auto state = session_from_json_text((*stored)->state);
        // A damaged state must not wedge the user: start afresh.
        if (state) s_ = std::move(*state);
        else dirty_ = true;
    }
    auto person = repos_.persons.find_person(user_);
    if (!person) return person.error();
    if (*person) {
        name_ = (*person)->name;
        contact_ = (*person)->contact;
    }
    if (!supported(cfg_, s_.locale)) {
        if (*person && supported(cfg_, (*person)->locale)) s_.locale = (*person)->locale;
        else if (supported(cfg_, locale_hint)) s_.locale = locale_hint;
        else s_.locale = cfg_.settings.default_locale;
    }
    if (s_.ticket) {
        auto found = repos_.tickets.find_ticket(*s_.ticket);
        if (!found) return found.error();
        const bool ours = *found && ((*found)->status == TicketStatus::new_ ||
                                     (*found)->status == TicketStatus::in_diagnosis ||
                                     ((*found)->status == TicketStatus::resolved && s_.phase == Phase::confirm_resolution));
        if (ours) {
            ticket_ = std::move(**found);
        } else {
            // Agents or the system took the ticket elsewhere meanwhile: this conversation is over.
            end_conversation();
            dirty_ = true;
        }
    }
    if (s_.phase == Phase::flow && ticket_) {
        const Flow* flow = cfg_.flow(s_.flow);
        // The flows changed under a waiting user (a new release): hand the ticket to people.
        if (!flow || !flow->nodes.count(s_.node)) return escalate("flow_changed", std::nullopt);
    }
    return {};
}

Status Turn::finish() {
    // Everything said in a data-breach conversation carries the flag, even what was said before the
    // category was known.
    if (ticket_ && ticket_->restricted)
        for (auto& m : fx_.messages) m.restricted = true;
    if (ticket_dirty_)
        if (auto s = save_ticket(); !s) return s;
    const std::string idle_key = timers::session_idle_key(user_);
    const std::string abandon_key = timers::session_abandon_key(user_);
    if (active()) {
        if (!dirty_ && !buttons_moved_) return {};
        if (auto s = repos_.sessions.save_session({user_, to_json_text(s_), now_}); !s) return s;
        // Only the live buttons moved (a question asked again after bad input): the conversation
        // did not advance, so its idle and abandon clocks do not move either.
        if (!dirty_) return {};
        nlohmann::json payload = {{"platform", user_.platform}, {"user_id", user_.user_id}, {"turn", s_.turn}};
        fx_.arm.push_back({idle_key, now_ + cfg_.settings.idle_reminder, timers::kSessionIdle, payload.dump()});
        fx_.arm.push_back({abandon_key, now_ + cfg_.settings.abandon, timers::kSessionAbandon, payload.dump()});
        return {};
    }
    if (had_session_) {
        if (auto s = repos_.sessions.erase_session(user_); !s) return s;
        fx_.cancel.push_back(idle_key);
        fx_.cancel.push_back(abandon_key);
    }
    return {};
}

std::string Turn::t(const std::string& key, const TextVars& vars) const { return cfg_.catalog.text(s_.locale, key, vars); }

void Turn::say(const std::string& key, const TextVars& vars) { say_text(t(key, vars)); }

void Turn::say_text(std::string text, std::vector<Choice> choices) {
    if (!choices.empty()) retire_question();
    OutboundMessage m;
    m.to = s_.where;
    m.text = std::move(text);
    m.choices = std::move(choices);
    m.idempotency_key = key_base_ + ":" + std::to_string(next_message_++);
    m.restricted = ticket_ && ticket_->restricted;
    if (!m.choices.empty()) {
        m.message_key = m.idempotency_key;
        s_.asked_key = m.message_key;
        s_.asked_text = m.text;
        s_.asked_step = m.choices.front().payload.substr(0, m.choices.front().payload.find('|'));
        buttons_moved_ = true;
    }
    fx_.messages.push_back(std::move(m));
}

void Turn::ask(const Prompt& p, const std::string& prefix_key, const TextVars& vars) {
    std::string text = p.text;
    if (!prefix_key.empty()) text = t(prefix_key, vars) + "\n" + text;
    say_text(std::move(text), p.choices);
    if (!p.choices.empty()) s_.asked_text = p.text;  // the apology is not part of the question
}

void Turn::retire_question(const std::string& answer_label) {
    if (s_.asked_key.empty()) return;
    OutboundMessage m;
    m.to = s_.where;
    m.text = s_.asked_text;
    if (!answer_label.empty()) m.text += "\n" + t("engine.answered", {{"answer", answer_label}});
    m.replaces = s_.asked_key;
    m.idempotency_key = key_base_ + ":" + std::to_string(next_message_++);
    m.restricted = ticket_ && ticket_->restricted;
    fx_.messages.push_back(std::move(m));
    s_.asked_key.clear();
    s_.asked_text.clear();
    s_.asked_step.clear();
    buttons_moved_ = true;
}

Status Turn::answer_prompt(const Prompt& p, const std::string& value) {
    if (p.step == s_.asked_step)
        for (std::size_t i = 0; i < p.values.size(); ++i)
            if (p.values[i] == value) retire_question(p.choices[i].label);
    return answer(value);
}

Status Turn::reprompt(const std::string& prefix_key, const TextVars& vars) {
    if (s_.phase == Phase::idle) {
        if (!prefix_key.empty()) say(prefix_key, vars);
        return {};
    }
    auto p = prompt();
    if (!p) return p.error();
    ask(*p, prefix_key, vars);
    return {};
}

Status Turn::journal(const std::string& kind, const std::string& details_json) {
    JournalEntry e{0, ticket_->id, Actor::bot().label(), now_, kind, details_json};
    return repos_.tickets.append_journal(e);
}

Status Turn::move(TicketStatus to, const Actor& who) {
    ticket_dirty_ = false;  // move_ticket saves it
    return move_ticket(repos_.tickets, *ticket_, to, who, now_, ctx_.lifecycle);
}

Status Turn::save_ticket() {
    ticket_dirty_ = false;
    return repos_.tickets.save_ticket(*ticket_);
}

Status Turn::on_event(const InboundEvent& e) {
    const InputProblem problem = e.kind == InboundKind::choice ? InputProblem::none : check_input(e.text);
    if (auto s = load(e.locale_hint); !s) return s;
    // Answers go where the user wrote, even an answer to bad input from someone the bot never met.
    const bool moved = s_.where != e.where;
    // Buttons live in the conversation they were sent to: one elsewhere cannot be updated from here.
    if (moved) s_.asked_key.clear();
    s_.where = e.where;
    if (problem != InputProblem::none) {
        if (auto s = on_bad_input(problem); !s) return s;
        return finish();
    }
    auto person = repos_.persons.upsert_person(user_, e.display_name, e.contact);
    if (!person) return person.error();
    name_ = person->name.empty() ? e.display_name : person->name;
    contact_ = person->contact;
    if (moved && active()) dirty_ = true;

    if (e.kind == InboundKind::choice) {
        const auto bar = e.payload.find('|');
        const std::string step = e.payload.substr(0, bar);
        const std::string value = bar == std::string::npos ? std::string() : e.payload.substr(bar + 1);
        Status st;
        if (step == "lang") {
            if (s_.asked_step == "lang" && cfg_.catalog.has_language(value)) retire_question(t("engine.language." + value));
            st = do_language(value);
        } else if (s_.phase == Phase::idle) {
            say("engine.bad.no_conversation_choice");
        } else {
            auto p = prompt();
            if (!p) return p.error();
            if (p->step != step) st = reprompt("engine.bad.stale_choice");
            else if (std::find(p->values.begin(), p->values.end(), value) == p->values.end())
                st = reprompt("engine.bad.invalid_choice");
            else st = answer_prompt(*p, value);
        }
        if (!st) return st;
        return finish();
    }

    Status st;
    const std::string text = trim(e.text);
    if (auto g = parse_global_word(text); g.word != GlobalWord::none) st = command(g);
    else if (looks_like_command(text)) st = reprompt("engine.bad.unknown_command", {{"command", utf8_truncate(text, 40)}});
    else if (s_.phase == Phase::idle) st = intake(text);
    else st = answer_text(text);
    if (!st) return st;
    return finish();
}

Status Turn::on_bad_input(InputProblem p) {
    switch (p) {
        case InputProblem::invalid_utf8: return reprompt("engine.bad.invalid_utf8");
        case InputProblem::too_long:
            return reprompt("engine.bad.too_long", {{"max", std::to_string(kMaxUserTextBytes)}});
        case InputProblem::empty: return reprompt("engine.bad.empty");
        case InputProblem::no_words: return reprompt("engine.bad.no_words");
        case InputProblem::none: break;
    }
    return {};
}

Status Turn::answer(const std::string& value) {
    switch (s_.phase) {
        case Phase::confirm_type: {
            auto type = parse_ticket_type(value);
            if (!type) return reprompt("engine.bad.invalid_choice");
            changed();
            if (auto s = log_ticket(*type, s_.pending_text); !s) return s;
            s_.pending_text.clear();
            return ask_category(*type, s_.category_choices);
        }
        case Phase::confirm_category:
            changed();
            if (auto s = set_category(value); !s) return s;
            return begin_priority();
        case Phase::impact: return set_impact(value);
        case Phase::urgency: return set_urgency(value);
        case Phase::flow: return answer_node(value, {});
        case Phase::similar: return answer_similar(value == "yes");
        case Phase::confirm_resolution: return answer_resolution(value == "yes");
        case Phase::idle: break;
    }
    return {};
}

Status Turn::answer_text(const std::string& text) {
    auto p = prompt();
    if (!p) return p.error();
    if (p->choices.empty()) return answer_node(text, text);  // a free-text question of the flow
    auto picked = match_choice(text, p->choices, p->values);
    if (!picked) return reprompt("engine.bad.invalid_choice");
    return answer_prompt(*p, p->values[*picked]);
}

std::string Turn::format_duration(Seconds d) const {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(d).count();
    if (minutes % 60 == 0) {
        const auto hours = minutes / 60;
        return hours == 1 ? t("engine.duration.hour") : t("engine.duration.hours", {{"n", std::to_string(hours)}});
    }
    return minutes == 1 ? t("engine.duration.minute") : t("engine.duration.minutes", {{"n", std::to_string(minutes)}});
}

std::string Turn::format_ago(TimePoint then) const {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(now_ - then).count();
    if (minutes < 1) return t("engine.ago.now");
    if (minutes < 60)
        return minutes == 1 ? t("engine.ago.minute") : t("engine.ago.minutes", {{"n", std::to_string(minutes)}});
    const auto hours = minutes / 60;
    return hours == 1 ? t("engine.ago.hour") : t("engine.ago.hours", {{"n", std::to_string(hours)}});
}

}  // namespace frontline
