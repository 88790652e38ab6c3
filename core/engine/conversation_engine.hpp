#pragma once
// The L1 conversation engine: the first line of the service desk, in chat. For each inbound event it
// identifies, logs, categorises and prioritises the user's problem, walks the category's diagnosis
// flow, offers known fixes and similar incidents, and escalates what it cannot solve. Pure: it reads
// and writes only through the repositories it is handed and returns everything else as Effects.
#include <memory>

#include "core/engine/classifier.hpp"
#include "core/engine/engine_config.hpp"
#include "core/engine/flow_archive.hpp"
#include "core/event_handler.hpp"
#include "core/lifecycle.hpp"
#include "core/priority_matrix.hpp"
#include "core/sla_policy.hpp"

namespace frontline {


/// Everything a conversation turn needs to decide, shared read-only by every turn.
struct EngineContext {
    EngineConfig config;
    Classifier classifier;
    PriorityMatrix matrix;
    SlaPolicy sla;
    LifecyclePolicy lifecycle;
    /// Older versions of the flows, for conversations that started before a flow file changed.
    std::shared_ptr<FlowArchive> flows;
};

class ConversationEngine final : public EventHandler {
public:
    ConversationEngine(EngineConfig config, PriorityMatrix matrix, SlaPolicy sla, LifecyclePolicy lifecycle);

    /// One user message or button press; replies go to the event's `where` address.
    Result<Effects> handle(const InboundEvent& e, Repositories& repos, TimePoint now) override;
    /// timers::kSessionIdle (one reminder) and kSessionAbandon (cancel the draft); other kinds are ignored.
    Result<Effects> on_timer(const TimerRequest& t, Repositories& repos, TimePoint now) override;

    /// True for the timer kinds this engine handles.
    static bool handles_timer(const std::string& kind);
    Result<bool> in_conversation(const Identity& user, Repositories& repos) override;

    const EngineConfig& config() const { return ctx_.config; }
    /// The running platforms and what their profiles tell about people (EngineConfig::platforms).
    void set_platforms(PlatformCapabilitiesMap platforms) { ctx_.config.platforms = std::move(platforms); }

private:
    EngineContext ctx_;
};

}  // namespace frontline
