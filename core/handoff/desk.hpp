#pragma once
// Desk: THE top-level EventHandler of the service. It routes each inbound event to the agents'
// commands, to the requester <-> agent relay, or to the conversation engine (the inner handler),
// turns the engine's escalations into pings, and owns the hand-off timers (re-ping, SLA warnings,
// data-breach deadline, auto-close). Stateless between calls: one Desk may serve several threads,
// each with its own store connection.
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "core/event_handler.hpp"
#include "core/handoff/alert_rules.hpp"
#include "core/handoff/agents_directory.hpp"
#include "core/file_links.hpp"
#include "core/handoff/call_links.hpp"
#include "core/handoff/escalation_policy.hpp"
#include "core/handoff/texts.hpp"
#include "core/lifecycle.hpp"
#include "core/platform.hpp"
#include "core/priority_matrix.hpp"
#include "core/sla_policy.hpp"

namespace frontline::handoff {

struct DeskSettings {
    LifecyclePolicy lifecycle;
    SlaPolicy sla;
    Seconds auto_close_after{std::chrono::hours{24 * 3}};  ///< lifecycle.auto_close_days
    std::string default_locale = "en";
    std::string agent_locale = "en";  ///< language of what the agents read
    PriorityMatrix matrix;            ///< the priority of incidents opened by monitoring
    /// Platforms with an enabled adapter and what each can show: rooms and private messages
    /// elsewhere are skipped (they would wait in the outbox forever).
    PlatformCapabilitiesMap platforms;
    CallSettings calls;
    /// desk.time_zone: how times read to people whose own zone is unknown (Telegram, Matrix) and
    /// in rooms of teams without a calendar of their own; null: the default calendar's zone.
    std::shared_ptr<const TimeZone> time_zone;
    /// How long a `link` code works (identity.link_code_minutes).
    Seconds link_code_life{std::chrono::minutes{10}};
    FileLimits files;  ///< attachments.max_per_ticket and max_bytes
};

/// Everything the Desk needs, loaded and validated at start-up.
struct DeskConfig {
    AgentsDirectory directory;
    EscalationPolicy policy;
    Texts texts;
    DeskSettings settings;
    AlertRules alerts;  ///< how monitoring's alert groups become incidents
    /// Time zones by IANA name (a requester's zone chosen on the booking page).
    ZoneSource zones;
    /// The call feature's signed links; null when calls are not set up (http.public_url, calls.secret_env).
    std::shared_ptr<const CallLinks> call_links;
    /// Signed links to the files on tickets; null when not set up (http.public_url and the secret
    /// named by attachments.link_secret_env): messages then name the files without links.
    std::shared_ptr<const FileLinks> file_links;
    /// Random bits for one-time `link` codes: bot/ draws them from the system's random source
    /// (core has none of its own). Unset: people cannot link identities by code.
    std::function<std::uint64_t()> random_bits;
};

/// Parses agents.json text into a directory + escalation policy and loads the agents' time zones
/// from `zones` (errors name `origin` and the key).
Result<DeskConfig> parse_desk_config(const std::string& agents_json_text, const std::string& origin, Texts texts,
                                     DeskSettings settings, const ZoneSource& zones);


class Desk final : public EventHandler {
public:
    /// `inner` handles everything that is not the hand-off's (the ConversationEngine in production).
    Desk(DeskConfig config, std::unique_ptr<EventHandler> inner);

    Result<Effects> handle(const InboundEvent& e, Repositories& repos, TimePoint now) override;
    Result<Effects> on_timer(const TimerRequest& t, Repositories& repos, TimePoint now) override;

    const DeskConfig& config() const { return config_; }

private:
    DeskConfig config_;
    std::unique_ptr<EventHandler> inner_;
};

}  // namespace frontline::handoff
