#pragma once
// Who does something to a ticket. Every lifecycle transition names which actors may make it.
#include <string>

#include "core/ticket.hpp"

namespace frontline {

enum class ActorKind { bot, requester, agent, system };

struct Actor {
    ActorKind kind = ActorKind::bot;
    Tier tier = Tier::l1;   ///< for agents: L2 or L3
    std::string name;       ///< agent name or requester identity, for the journal

    static Actor bot() { return {ActorKind::bot, Tier::l1, "bot"}; }
    static Actor system() { return {ActorKind::system, Tier::l1, "system"}; }
    static Actor requester(const Identity& id) { return {ActorKind::requester, Tier::l1, id.platform + ":" + id.user_id}; }
    static Actor agent(std::string agent_name, Tier t) { return {ActorKind::agent, t, std::move(agent_name)}; }

    /// "bot", "system", "agent:alice", "requester:<platform>:<user id>": the journal's actor column.
    std::string label() const;
};

}  // namespace frontline
