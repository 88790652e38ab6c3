#include "core/engine/conversation_engine.hpp"

#include <nlohmann/json.hpp>

#include "core/engine/engine_turn.hpp"
#include "core/engine/session_state.hpp"
#include "core/timer_keys.hpp"

namespace frontline {

ConversationEngine::ConversationEngine(EngineConfig config, PriorityMatrix matrix, SlaPolicy sla, LifecyclePolicy lifecycle)
    : ctx_{config, Classifier(config.classifier), matrix, sla, lifecycle, std::make_shared<FlowArchive>()} {}

Result<Effects> ConversationEngine::handle(const InboundEvent& e, Repositories& repos, TimePoint now) {
    // Keys derive from the event id: a redelivered event produces the very same messages.
    Turn turn(ctx_, repos, now, e.from, "in:" + e.from.platform + ":" + e.event_id);
    if (auto s = turn.on_event(e); !s) return s.error();
    return turn.take_effects();
}

Result<bool> ConversationEngine::in_conversation(const Identity& user, Repositories& repos) {
    auto stored = repos.sessions.load_session(user);
    if (!stored) return stored.error();
    if (!*stored) return false;
    auto s = session_from_json_text((*stored)->state);
    // A damaged state is started afresh by the next turn: not a conversation to route to.
    if (!s) return false;
    return s->phase != Phase::idle || s->wants_agent || s->wants_new_problem;
}

Result<Effects> ConversationEngine::on_timer(const TimerRequest& t, Repositories& repos, TimePoint now) {
    if (!handles_timer(t.kind)) return Effects{};
    const auto payload = nlohmann::json::parse(t.payload, nullptr, false);
    if (payload.is_discarded() || !payload.is_object() || !payload.contains("platform") || !payload.contains("user_id") ||
        !payload["platform"].is_string() || !payload["user_id"].is_string())
        return make_error(Errc::parse, "timer " + t.key + ": payload lacks platform and user_id");
    Identity user{payload["platform"].get<std::string>(), payload["user_id"].get<std::string>()};
    Turn turn(ctx_, repos, now, std::move(user), "timer:" + t.key + ":" + format_iso8601(t.due));
    if (auto s = turn.on_timer(t); !s) return s.error();
    return turn.take_effects();
}

bool ConversationEngine::handles_timer(const std::string& kind) {
    return kind == timers::kSessionIdle || kind == timers::kSessionAbandon;
}

}  // namespace frontline
