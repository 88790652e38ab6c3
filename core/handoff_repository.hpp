#pragma once
// What the hand-off needs from the store beyond tickets, sessions and persons: which ticket a
// platform message belongs to (a reply in a card's thread names no ticket), the platform reference
// of a card (to post into its thread), and the children of a major incident. core/store implements
// it over the outbox and tickets tables; it is one of the batch's Repositories.
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/ticket.hpp"

namespace frontline {

class HandoffRepository {
public:
    virtual ~HandoffRepository() = default;
    /// The ticket whose message (card, relay, notice) the platform knows as `message_ref` in this
    /// conversation. `message_ref` is the neutral message reference the adapter reported when it
    /// delivered the message (DeliveryOutcome::platform_message_id) and writes again in an inbound
    /// event's `Address::thread` or `InboundEvent::reply_to`: core compares it, never parses it.
    virtual Result<std::optional<TicketId>> ticket_of_message(const std::string& platform, const std::string& conversation_id,
                                                              const std::string& message_ref) = 0;
    /// The platform's reference of the first delivered message we named `message_key`, once delivered.
    virtual Result<std::optional<std::string>> platform_id_of(const std::string& message_key) = 0;
    /// Every ticket whose parent is `parent`, any status, oldest first.
    virtual Result<std::vector<Ticket>> children_of(const TicketId& parent) = 0;
    /// Keeps what a requester wrote until they say which of their tickets it is about; a second
    /// message before they answer is added to the first. True when something was already held.
    virtual Result<bool> hold_message(const Identity& from, const std::string& text, TimePoint at) = 0;
    /// What was held for `from`, removed; nullopt when nothing is.
    virtual Result<std::optional<std::string>> take_held_message(const Identity& from) = 0;
};

/// Message keys of ticket messages start with the ticket id: "INC-000042/card/<platform>:<room>".
inline std::optional<TicketId> ticket_of_message_key(const std::string& message_key) {
    const auto slash = message_key.find('/');
    if (slash == std::string::npos) return std::nullopt;
    auto id = TicketId::parse(message_key.substr(0, slash));
    if (!id) return std::nullopt;
    return *id;
}

}  // namespace frontline
