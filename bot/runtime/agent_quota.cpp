#include "bot/runtime/agent_quota.hpp"

#include <chrono>

namespace frontline {

namespace {

constexpr auto kWindow = std::chrono::minutes(1);
constexpr std::size_t kForgetAgentsAbove = 1'000;

}  // namespace

AgentQuota::Recent& AgentQuota::recent_of(const std::string& key, TimePoint now) {
    if (by_agent_.size() > kForgetAgentsAbove)
        std::erase_if(by_agent_, [&](const auto& entry) {
            return (entry.second.accepted.empty() || entry.second.accepted.back() <= now - kWindow) &&
                   entry.second.told <= now - kWindow;
        });
    Recent& r = by_agent_[key];
    while (!r.accepted.empty() && r.accepted.front() <= now - kWindow) r.accepted.pop_front();
    return r;
}

Result<Effects> AgentQuota::handle(const InboundEvent& e, Repositories& repos, TimePoint now) {
    // The outbox's own reports are not anyone's commands.
    if (options_.per_minute <= 0 || !options_.is_agent || e.kind == InboundKind::undeliverable || !options_.is_agent(e.from))
        return inner_.handle(e, repos, now);
    Recent& r = recent_of(e.from.platform + ":" + e.from.user_id, now);
    if (r.accepted.size() < static_cast<std::size_t>(options_.per_minute)) {
        r.accepted.push_back(now);
        return inner_.handle(e, repos, now);
    }
    if (options_.refused) options_.refused("agent_commands");
    Effects fx;
    if (r.told > now - kWindow) return fx;  // told already: the rest of the flood is dropped quietly
    r.told = now;
    if (options_.log)
        options_.log("agent " + e.from.platform + ":" + e.from.user_id + " sent more than " +
                     std::to_string(options_.per_minute) +
                     " commands in a minute (limits.agent_commands_per_minute): the rest of this minute's are dropped");
    std::string text = options_.text ? options_.text(e.locale_hint) : std::string();
    if (text.empty()) text = "That's more commands in a minute than I take from one agent: please wait a moment, then send it again.";
    OutboundMessage m;
    m.to = e.where;
    m.text = std::move(text);
    m.idempotency_key = e.event_id + ":agent-quota";
    fx.messages.push_back(std::move(m));
    return fx;
}

}  // namespace frontline
