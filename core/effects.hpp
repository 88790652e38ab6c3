#pragma once
// What a core decision asks the shell to do. Core returns these as data; the engine loop writes
// them (outbox rows, timer rows) in the same transaction as the ticket changes that caused them.
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/message.hpp"
#include "core/ticket.hpp"

namespace frontline {

/// A durable timer: fires once at `due` unless cancelled by key. Arming an existing key moves it.
struct TimerRequest {
    std::string key;      ///< unique, e.g. "idle:<platform>:<user id>", "sla-response:INC-000042"
    TimePoint due{};
    std::string kind;     ///< which handler takes it: "session_idle", "sla_warning", "auto_close", ...
    std::string payload;  ///< JSON text for the handler
};

/// A ticket that left L1 and needs humans: the hand-off module pings the agents.
struct Escalation {
    TicketId ticket;
    Tier tier = Tier::l2;
    std::string reason;  ///< "flow_end", "user_asked", "restricted", "priority", ...
    /// The idempotency key of the engine's message promising the requester an agent: the desk
    /// withdraws it when no room of the team can show the card, and says so instead.
    std::string promise_key;
};

struct Effects {
    std::vector<OutboundMessage> messages;
    std::vector<TimerRequest> arm;
    std::vector<std::string> cancel;  ///< timer keys
    std::vector<Escalation> escalations;

    void append(Effects&& other) {
        for (auto& m : other.messages) messages.push_back(std::move(m));
        for (auto& t : other.arm) arm.push_back(std::move(t));
        for (auto& c : other.cancel) cancel.push_back(std::move(c));
        for (auto& e : other.escalations) escalations.push_back(std::move(e));
    }
};

}  // namespace frontline
