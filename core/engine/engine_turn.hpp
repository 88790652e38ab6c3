#pragma once
// One turn of a conversation: an inbound event or a session timer for one user. Turn loads the
// TurnState, routes the input to the stage that expects it (turn_stages.hpp) and finishes.
#include <string>

#include "core/engine/turn_stages.hpp"

namespace frontline {

class Turn {
public:
    Turn(const EngineContext& ctx, Repositories& repos, TimePoint now, Identity user, std::string key_base);

    /// An inbound event from the user.
    Status on_event(const InboundEvent& e);
    /// A fired session timer.
    Status on_timer(const TimerRequest& t);

    Effects take_effects() { return state_.take_effects(); }

private:
    /// load(), and the hand-over to people when the flow the user stood on is gone (a new release).
    Status load(const std::string& locale_hint);
    Status answer(const std::string& value);
    Status answer_text(const std::string& text);
    /// The answer `value` of the current prompt `p`, retiring its buttons with the chosen label.
    Status answer_prompt(const Prompt& p, const std::string& value);
    Status on_choice(const InboundEvent& e);
    Status on_bad_input(InputProblem p);

    TurnState state_;
    TurnStages stages_;
    Prompts prompts_;
    Intake intake_;
    Diagnosis diagnosis_;
    Outcome outcome_;
    GlobalCommands commands_;
};

}  // namespace frontline
