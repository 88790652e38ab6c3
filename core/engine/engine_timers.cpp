// Session timers: one reminder to an idle user, then the abandoned draft is cancelled (or, when the
// fix worked and we were only waiting for a confirmation, the ticket is closed).
#include <nlohmann/json.hpp>

#include "core/engine/engine_turn.hpp"
#include "core/timer_keys.hpp"

namespace frontline {

Status Turn::on_timer(const TimerRequest& timer) {
    const auto payload = nlohmann::json::parse(timer.payload, nullptr, false);
    if (payload.is_discarded() || !payload.is_object() || !payload.contains("turn") || !payload["turn"].is_number_integer())
        return {};  // not ours to read: nothing to do
    const int turn = payload["turn"].get<int>();
    if (auto s = load(""); !s) return s;
    if (!state_.had_session()) return {};
    if (!state_.active()) return state_.finish();  // the ticket moved on without us: forget the conversation
    SessionState& session = state_.session();
    std::optional<Ticket>& ticket = state_.ticket();
    // The user answered since the timer was armed: it is stale.
    if (turn != session.turn) return {};
    if (timer.kind == timers::kSessionIdle) {
        if (session.reminded) return {};
        session.reminded = true;
        if (ticket) {
            if (auto s = prompts_.reprompt("engine.reminder", {{"id", ticket->id.str()}}); !s) return s;
        } else {
            if (auto s = prompts_.reprompt("engine.reminder_noticket"); !s) return s;
        }
        // Saved directly: finish() would re-arm the timers, and the abandon time must not move.
        return state_.save_session_only();
    }
    if (ticket && (session.phase == Phase::contact_name || session.phase == Phase::contact_reach)) {
        // Everything is told but how to reach them: the people take it from here, in the chat.
        if (auto s = outcome_.hand_off_without_contact(); !s) return s;
        return state_.finish();
    }
    if (ticket && ticket->status == TicketStatus::resolved) {
        if (auto s = state_.move(TicketStatus::closed, Actor::system()); !s) return s;
        state_.say("engine.auto_closed", {{"id", ticket->id.str()}});
    } else if (ticket) {
        if (auto s = outcome_.cancel_ticket(Actor::system(), true); !s) return s;
        state_.say("engine.abandoned", {{"id", ticket->id.str()}});
    } else {
        state_.say("engine.abandoned_noticket");
    }
    state_.end_conversation();
    return state_.finish();
}

}  // namespace frontline
