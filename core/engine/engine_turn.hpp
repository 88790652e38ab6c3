#pragma once
// One turn of a conversation: the state loaded for one user, the decisions taken on one input or
// timer, and the effects collected. Internal to core/engine; split over engine_*.cpp by stage.
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/engine/conversation_engine.hpp"
#include "core/engine/session_state.hpp"
#include "core/engine/user_input.hpp"

namespace frontline {

/// The current question: its text, its buttons, and the value each button stands for.
struct Prompt {
    std::string text;
    std::vector<Choice> choices;
    std::vector<std::string> values;
    std::string step;  ///< the payload prefix of its buttons: answers to older questions are refused
};

class Turn {
public:
    Turn(const EngineContext& ctx, Repositories& repos, TimePoint now, Identity user, std::string key_base);

    /// An inbound event from the user.
    Status on_event(const InboundEvent& e);
    /// A fired session timer.
    Status on_timer(const TimerRequest& t);

    Effects take_effects() { return std::move(fx_); }

private:
    // engine_turn.cpp: loading, saving, speaking, prompts
    Status load(const std::string& locale_hint);
    Status finish();
    std::string t(const std::string& key, const TextVars& vars = {}) const;
    void say(const std::string& key, const TextVars& vars = {});
    void say_text(std::string text, std::vector<Choice> choices = {});
    void ask(const Prompt& p, const std::string& prefix_key = {}, const TextVars& vars = {});
    /// Replaces the live question's buttons with plain text: "the question, then the answer chosen"
    /// when answered (`answer_label`), the bare question when superseded or the conversation ended.
    void retire_question(const std::string& answer_label = {});
    /// The answer `value` of the current prompt `p`, retiring its buttons with the chosen label.
    Status answer_prompt(const Prompt& p, const std::string& value);
    Result<Prompt> prompt();
    Status reprompt(const std::string& prefix_key = {}, const TextVars& vars = {});
    bool active() const { return s_.phase != Phase::idle || s_.wants_agent; }
    void changed() { ++s_.turn; s_.reminded = false; dirty_ = true; }
    Status journal(const std::string& kind, const std::string& details_json);
    /// The ticket moved (saved, journalled) through core/lifecycle's move_ticket.
    Status move(TicketStatus to, const Actor& who);
    Status save_ticket();
    Status answer(const std::string& value);
    Status answer_text(const std::string& text);
    Status on_bad_input(InputProblem p);
    std::string format_duration(Seconds d) const;
    std::string format_ago(TimePoint then) const;
    /// Another ticket as a neutral description (category, affected service): never its requester's words.
    std::string neutral_description(const Ticket& other) const;

    // engine_intake.cpp: identification, logging, categorisation, priority
    Status intake(const std::string& text);
    Status log_ticket(TicketType type, const std::string& text);
    Status ask_category(TicketType type, const std::vector<std::string>& ranked);
    Status set_category(const std::string& id);
    Status begin_priority();
    Status set_impact(const std::string& value);
    Status set_urgency(const std::string& value);
    Status apply_priority(Priority p);

    // engine_flow.cpp: the diagnosis flow
    Status start_flow();
    Status advance(std::string node_id);
    Status answer_node(const std::string& value, const std::string& shown);
    Status record_symptom(const std::string& node_id, const std::string& question, const std::string& answer);

    // engine_outcome.cpp: similar incidents, escalation, resolution, cancel
    Status before_escalation(const std::optional<Tier>& node_tier);
    Status answer_similar(bool link);
    Status escalate(const std::string& reason, std::optional<Tier> node_tier);
    Status resolve_by_fix(const std::string& code, const std::string& text_key);
    Status answer_resolution(bool works);
    Status cancel_ticket(const Actor& who, bool quiet);
    void end_conversation();

    // engine_commands.cpp: the global words
    Status command(const GlobalCommand& c);
    Status show_help();
    Status show_status();
    Status do_cancel();
    Status do_restart();
    Status do_agent();
    Status do_language(const std::string& argument);
    Status set_language(const std::string& lang);

    const EngineContext& ctx_;
    const EngineConfig& cfg_;
    Repositories& repos_;
    TimePoint now_;
    Identity user_;
    std::string key_base_;
    int next_message_ = 0;

    SessionState s_;
    bool had_session_ = false;
    bool dirty_ = false;
    bool buttons_moved_ = false;  ///< only the asked_* bookkeeping changed
    std::optional<Ticket> ticket_;
    bool ticket_dirty_ = false;
    std::string name_;     ///< display name from the platform or the person record
    std::string contact_;
    Effects fx_;
};

}  // namespace frontline
