#pragma once
// What the hand-off needs from the store beyond tickets, sessions and persons: which ticket a
// platform message belongs to (a reply in a card's thread names no ticket), the platform id of a
// card (to post into its thread), and the children of a major incident. core/store implements it
// over the outbox and tickets tables; a Desk without one still works, without thread lookups.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/event_handler.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"

namespace frontline::handoff {

class HandoffRepository {
public:
    virtual ~HandoffRepository() = default;
    /// The ticket whose message (card, relay, notice) has `platform_message_id` in this conversation.
    virtual Result<std::optional<TicketId>> ticket_of_message(const std::string& platform, const std::string& conversation_id,
                                                              const std::string& platform_message_id) = 0;
    /// The platform's id for the first delivered message we named `message_key`, once delivered.
    virtual Result<std::optional<std::string>> platform_id_of(const std::string& message_key) = 0;
    /// Every ticket whose parent is `parent`, any status, oldest first.
    virtual Result<std::vector<Ticket>> children_of(const TicketId& parent) = 0;
};

/// Gives the hand-off repository that shares the batch's connection (and transaction) with `repos`.
using HandoffRepositoryProvider = std::function<std::unique_ptr<HandoffRepository>(Repositories& repos)>;

/// Message keys of ticket messages start with the ticket id: "INC-000042/card/slack:C1".
std::optional<TicketId> ticket_of_message_key(const std::string& message_key);

}  // namespace frontline::handoff
