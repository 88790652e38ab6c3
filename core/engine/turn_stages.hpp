#pragma once
// The stages of a conversation turn, each an object over the shared TurnState with only its own
// entry points public: the questions (Prompts), from first words to a prioritised ticket (Intake),
// the category's diagnosis flow (Diagnosis), how an L1 conversation ends (Outcome), and the words
// that work at any point (GlobalCommands). Turn (engine_turn.hpp) builds them and routes to them.
#include <optional>
#include <string>
#include <vector>

#include "core/engine/turn_state.hpp"
#include "core/engine/user_input.hpp"

namespace frontline {

class Prompts;
class Intake;
class Diagnosis;
class Outcome;
class GlobalCommands;

/// The value of the "something else" button under a shortlist of categories.
inline constexpr const char* kOtherCategory = "other";

/// The stages of one turn, so that each can hand over to the next.
struct TurnStages {
    Prompts* prompts = nullptr;
    Intake* intake = nullptr;
    Diagnosis* diagnosis = nullptr;
    Outcome* outcome = nullptr;
    GlobalCommands* commands = nullptr;
};

/// What every stage reads and says through: the turn's state and its sibling stages.
class TurnStage {
protected:
    TurnStage(TurnState& state, const TurnStages& stages) : st_(state), stages_(stages) {}

    SessionState& s() { return st_.session(); }
    std::optional<Ticket>& tk() { return st_.ticket(); }
    const EngineContext& ctx() const { return st_.ctx(); }
    const EngineConfig& cfg() const { return st_.cfg(); }
    const Flow* flow() const { return st_.flow(); }
    Repositories& repos() { return st_.repos(); }
    TimePoint now() const { return st_.now(); }
    const Identity& user() const { return st_.user(); }
    std::string t(const std::string& key, const TextVars& vars = {}) const { return st_.t(key, vars); }
    void say(const std::string& key, const TextVars& vars = {}) { st_.say(key, vars); }
    void ask(const Prompt& p) { st_.ask(p); }
    void changed() { st_.changed(); }
    Status journal(const std::string& kind, const std::string& details_json) { return st_.journal(kind, details_json); }
    Status move(TicketStatus to, const Actor& who) { return st_.move(to, who); }

    Prompts& prompts() const { return *stages_.prompts; }
    Intake& intake() const { return *stages_.intake; }
    Diagnosis& diagnosis() const { return *stages_.diagnosis; }
    Outcome& outcome() const { return *stages_.outcome; }

    TurnState& st_;

private:
    const TurnStages& stages_;
};

/// engine_prompts.cpp: the question expected in each phase, to ask it, ask it again after bad
/// input, and check that a pressed button belongs to it.
class Prompts : TurnStage {
public:
    Prompts(TurnState& state, const TurnStages& stages) : TurnStage(state, stages) {}
    Result<Prompt> prompt();
    /// The current question again, after `prefix_key` (an apology, a reminder); idle: only the prefix.
    Status reprompt(const std::string& prefix_key = {}, const TextVars& vars = {});
    /// Asks the question of the phase the session is now in.
    Status ask_current();

private:
    /// Another ticket as a neutral description (category, affected service): never its requester's words.
    std::string neutral_description(const Ticket& other) const;
};

/// engine_intake.cpp: identification, logging, categorisation and prioritisation.
class Intake : TurnStage {
public:
    Intake(TurnState& state, const TurnStages& stages) : TurnStage(state, stages) {}
    /// The user's first words of a conversation.
    Status intake(const std::string& text);
    Status log_ticket(TicketType type, const std::string& text);
    /// `shortlist`: only the likeliest few of `ranked` (plus "something else"); otherwise every
    /// category of the type, `ranked` first.
    Status ask_category(TicketType type, const std::vector<std::string>& ranked, bool shortlist = true);
    Status set_category(const std::string& id);
    /// First contact and no language known yet: answer from now on in `language`, the one the
    /// user writes in (when the catalog has it). Nothing changes for someone whose language is known.
    Status adopt_language(const std::string& language);
    Status begin_priority();
    Status set_impact(const std::string& value);
    Status set_urgency(const std::string& value);
    /// engine_files.cpp: the kept files of `e` onto the draft ticket, or held until it is logged;
    /// refused ones explained. `words_follow`: the message has text, which the turn goes on with;
    /// otherwise the question that waits for words is asked again.
    Status receive_files(const InboundEvent& e, bool words_follow);
    /// The files held before the ticket existed, onto it (log_ticket).
    Status attach_held_files();

private:
    /// One polite sentence per file the runtime or the ticket's limit refused.
    void explain_refused(const std::vector<Attachment>& refused);
    Status apply_priority(Priority p);
    /// What the first message says about risk (engine_priority.cpp): the floor under the answers.
    std::optional<RiskFloor> risk_floor() const;
    Status ask_urgency();
    Status finish_priority();
};

/// engine_flow.cpp: the category's diagnosis flow.
class Diagnosis : TurnStage {
public:
    Diagnosis(TurnState& state, const TurnStages& stages) : TurnStage(state, stages) {}
    Status start_flow();
    /// Goes on with the flow at `node` (after a known outage offered mid-way was declined).
    Status resume_flow(const std::string& node);
    /// An answer to the flow's current node (a button's value, or the text typed).
    Status answer_node(const std::string& value);

private:
    Status advance(std::string node_id);
    Status record_symptom(const std::string& node_id, const std::string& question, const std::string& answer);
};

/// engine_outcome.cpp: linked to a similar incident, escalated to people, resolved by a known fix
/// (and confirmed), or cancelled.
class Outcome : TurnStage {
public:
    Outcome(TurnState& state, const TurnStages& stages) : TurnStage(state, stages) {}
    Status before_escalation(const std::optional<Tier>& node_tier);
    /// While the diagnosis runs: offers the link to an open incident opened by monitoring whose
    /// category or affected service is the ticket's, or that the similar-incident search finds for
    /// the user's words. True when offered (the flow waits; `resume_node` is where it goes on).
    Result<bool> offer_known_outage(const std::string& resume_node);
    Status answer_similar(bool link);
    /// Hands the ticket to people; first asks how to reach the person when their platform does not
    /// tell it and they were never asked (engine_contact.cpp), then hands it over once answered.
    Status escalate(const std::string& reason, std::optional<Tier> node_tier);
    /// The person's answer while their name or e-mail/phone is asked (a typed text or the Skip button).
    Status answer_contact(const std::string& text);
    /// The person left while asked for contact details: the hand-off goes ahead without them.
    Status hand_off_without_contact();
    Status resolve_by_fix(const std::string& code, const std::string& text_key);
    Status answer_resolution(bool works);
    /// Withdraws the draft ticket (new or in diagnosis); `quiet`: the caller says why.
    Status cancel_ticket(const Actor& who, bool quiet);

private:
    /// Searches the ticket's similar open tickets once and keeps them on it (the agents' card lists
    /// them): a turn or a card update never searches again.
    Status search_similar();
    /// The hand-off itself: tier, status, the promise to the requester, the escalation effect.
    Status hand_off(const std::string& reason, std::optional<Tier> node_tier);
    /// True (and the first question asked) when contact details are to be asked before the hand-off.
    Result<bool> ask_contact_first(const std::string& reason, std::optional<Tier> node_tier);
    /// Contact given or skipped: the hand-off asked for goes ahead.
    Status resume_hand_off();
};

/// engine_commands.cpp: help, start, status, cancel, restart, agent and language, in both languages.
class GlobalCommands : TurnStage {
public:
    GlobalCommands(TurnState& state, const TurnStages& stages) : TurnStage(state, stages) {}
    Status command(const GlobalCommand& c);
    /// The language buttons' answer, or "language <name>".
    Status language(const std::string& argument);

private:
    Status show_help();
    Status show_status();
    Status cancel();
    Status restart();
    Status agent();
    Status new_problem(const std::string& description);
    Status set_language(const std::string& lang);
};

}  // namespace frontline
