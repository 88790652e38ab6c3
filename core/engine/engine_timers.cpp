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
    if (!had_session_) return {};
    if (!active()) return finish();  // the ticket moved on without us: forget the conversation
    // The user answered since the timer was armed: it is stale.
    if (turn != s_.turn) return {};

    if (timer.kind == timers::kSessionIdle) {
        if (s_.reminded) return {};
        s_.reminded = true;
        if (ticket_) {
            if (auto s = reprompt("engine.reminder", {{"id", ticket_->id.str()}}); !s) return s;
        } else {
            if (auto s = reprompt("engine.reminder_noticket"); !s) return s;
        }
        // Saved directly: finish() would re-arm the timers, and the abandon time must not move.
        return repos_.sessions.save_session({user_, to_json_text(s_), now_});
    }

    if (ticket_ && ticket_->status == TicketStatus::resolved) {
        if (auto s = move(TicketStatus::closed, Actor::system()); !s) return s;
        say("engine.auto_closed", {{"id", ticket_->id.str()}});
    } else if (ticket_) {
        if (auto s = cancel_ticket(Actor::system(), true); !s) return s;
        say("engine.abandoned", {{"id", ticket_->id.str()}});
    } else {
        say("engine.abandoned_noticket");
    }
    end_conversation();
    return finish();
}

}  // namespace frontline
