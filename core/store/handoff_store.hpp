#pragma once
// The hand-off's look-ups on SQLite: which ticket a delivered platform message belongs to (through
// the outbox's message keys and platform ids), a card's platform id, and the children of a major
// incident. Shares the Store's connection, so it reads inside the batch's transaction.
#include <memory>

#include "core/handoff/handoff_repository.hpp"
#include "core/store/store.hpp"

namespace frontline {

class HandoffStore final : public handoff::HandoffRepository {
public:
    explicit HandoffStore(Store& store) : store_(store) {}
    Result<std::optional<TicketId>> ticket_of_message(const std::string& platform, const std::string& conversation_id,
                                                      const std::string& platform_message_id) override;
    Result<std::optional<std::string>> platform_id_of(const std::string& message_key) override;
    Result<std::vector<Ticket>> children_of(const TicketId& parent) override;

private:
    Store& store_;
};

/// The provider the Desk takes: a HandoffStore on the Store behind `repos`, or null when the
/// repositories are not a Store (then the Desk works without thread look-ups).
std::unique_ptr<handoff::HandoffRepository> make_handoff_repository(Repositories& repos);

}  // namespace frontline
