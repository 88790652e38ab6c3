#pragma once
// Commands and lines per agent per minute (issue 13: nothing bounded what one agent identity, or a
// script holding an agent's chat account, could make the desk do). Wraps the service's handler: past
// `per_minute` events from one configured agent in the last minute, the next ones are refused without
// reaching the desk (nothing journalled, nothing changed); the agent is told once per minute, in their
// language, where they wrote, so a flood is not answered line by line into the agents' room.
#include <deque>
#include <functional>
#include <map>
#include <string>

#include "core/event_handler.hpp"

namespace frontline {

struct AgentQuotaOptions {
    int per_minute = 30;  ///< events per agent per minute (sliding window); 0: no limit
    /// Whether an identity is a configured agent (the agents file); null: nobody is, no limit.
    std::function<bool(const Identity&)> is_agent;
    /// The refusal in the agent's language (limits.agent_commands).
    std::function<std::string(const std::string& locale)> text;
    /// Counts a refusal (metrics), reason "agent_commands".
    std::function<void(const std::string& reason)> refused;
    /// A warning when an agent is told to slow down (so once per agent per minute at most).
    std::function<void(const std::string&)> log;
};

class AgentQuota final : public EventHandler {
public:
    AgentQuota(EventHandler& inner, AgentQuotaOptions options) : inner_(inner), options_(std::move(options)) {}

    Result<Effects> handle(const InboundEvent& e, Repositories& repos, TimePoint now) override;
    Result<Effects> on_timer(const TimerRequest& t, Repositories& repos, TimePoint now) override {
        return inner_.on_timer(t, repos, now);
    }

private:
    struct Recent {
        std::deque<TimePoint> accepted;  ///< within the last minute
        TimePoint told{};                ///< when the agent was last told to slow down
    };
    /// Drops what is older than a minute (and, past many agents, agents with nothing recent).
    Recent& recent_of(const std::string& key, TimePoint now);

    EventHandler& inner_;
    AgentQuotaOptions options_;
    /// By "platform:user_id". Only the store thread calls handle().
    std::map<std::string, Recent> by_agent_;
};

}  // namespace frontline
