#pragma once
// The state of one conversation turn, shared by its stages (turn_stages.hpp): the session and draft
// ticket loaded for one user, what the bot says, and the effects collected. Its bookkeeping (what
// must be saved, message numbering) is private: stages change the conversation through it.
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/engine/conversation_engine.hpp"
#include "core/engine/session_state.hpp"

namespace frontline {

/// The current question: its text, its buttons, and the value each button stands for.
struct Prompt {
    std::string text;
    std::vector<Choice> choices;
    std::vector<std::string> values;
    std::string step;  ///< the payload prefix of its buttons: answers to older questions are refused
};

class TurnState {
public:
    TurnState(const EngineContext& ctx, Repositories& repos, TimePoint now, Identity user, std::string key_base);

    /// Loads the session, the person and the draft ticket (a ticket taken elsewhere ends the
    /// conversation). flow_changed() then tells whether the flow the user stands on is gone.
    Status load(const std::string& locale_hint);
    bool flow_changed() const;
    /// The flow the conversation stands on, in the version it started on; null when none (or gone).
    const Flow* flow() const { return flow_.get(); }
    /// The conversation enters `f` as configured now: the session keeps its version, whose text
    /// the store keeps for as long as the conversation may need it.
    Status start_flow(const Flow& f);
    /// Saves what changed, arms or cancels the session clocks.
    Status finish();
    Effects take_effects() { return std::move(fx_); }

    const EngineContext& ctx() const { return ctx_; }
    const EngineConfig& cfg() const { return ctx_.config; }
    Repositories& repos() { return repos_; }
    TimePoint now() const { return now_; }
    const Identity& user() const { return user_; }
    SessionState& session() { return s_; }
    std::optional<Ticket>& ticket() { return ticket_; }
    Effects& effects() { return fx_; }
    bool had_session() const { return had_session_; }
    const std::string& name() const { return name_; }     ///< from the platform or the person record
    const std::string& contact() const { return contact_; }
    const std::string& phone() const { return phone_; }
    /// The person was asked how to reach them (answered or skipped) on some earlier hand-off.
    bool contact_asked() const { return contact_asked_; }
    void set_person(std::string name, std::string contact, std::string phone, bool contact_asked);
    /// What the user's platform tells about people: a platform the engine was not told about
    /// (a test's console) counts as telling everything, so nothing is asked there.
    PlatformCapabilities platform() const;

    /// A conversation is going on (a phase, or a wish for a person without a ticket yet).
    bool active() const { return s_.phase != Phase::idle || s_.wants_agent || s_.wants_new_problem; }
    /// The conversation advanced: its turn counter moves and its idle clocks restart.
    void changed();
    /// The session must be saved although the conversation did not advance.
    void session_changed() { dirty_ = true; }
    /// The draft ticket changed and is saved at finish().
    void ticket_changed() { ticket_dirty_ = true; }
    /// Back to idle, keeping the language, the place and the turn counter; open buttons retired.
    void end_conversation();

    std::string t(const std::string& key, const TextVars& vars = {}) const;
    void say(const std::string& key, const TextVars& vars = {});
    void say_text(std::string text, std::vector<Choice> choices = {});
    void ask(const Prompt& p, const std::string& prefix_key = {}, const TextVars& vars = {});
    /// Replaces the live question's buttons with plain text: "the question, then the answer chosen"
    /// when answered (`answer_label`), the bare question when superseded or the conversation ended.
    void retire_question(const std::string& answer_label = {});

    Status journal(const std::string& kind, const std::string& details_json);
    /// The ticket moved (saved, journalled) through core/lifecycle's move_ticket.
    Status move(TicketStatus to, const Actor& who);
    Status save_ticket();
    /// Saves the session as it is, without touching its clocks (a reminder must not move them).
    Status save_session_only();

    std::string format_duration(Seconds d) const;
    std::string format_ago(TimePoint then) const;

private:
    const EngineContext& ctx_;
    Repositories& repos_;
    TimePoint now_;
    Identity user_;
    std::string key_base_;
    int next_message_ = 0;

    SessionState s_;
    std::shared_ptr<const Flow> flow_;
    bool had_session_ = false;
    bool dirty_ = false;
    bool buttons_moved_ = false;  ///< only the asked_* bookkeeping changed
    std::optional<Ticket> ticket_;
    bool ticket_dirty_ = false;
    std::string name_;
    std::string contact_;
    std::string phone_;
    bool contact_asked_ = false;
    Effects fx_;
};

}  // namespace frontline
