// The hand-off's look-ups: which ticket a delivered platform message belongs to (through the
// outbox's message keys and platform references), a card's platform reference, and the children of
// a major incident. On the Store's connection, so they read inside the batch's transaction.
#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_store.hpp"
#include "core/store/ticket_rows.hpp"

namespace frontline {

Result<std::optional<TicketId>> SqliteStore::ticket_of_message(const std::string& platform, const std::string& conversation_id,
                                                         const std::string& message_ref) {
    return sql_guard("find the ticket of a message", [&]() -> Result<std::optional<TicketId>> {
        // The adapter writes the same reference in an inbound thread or reply as it reported on delivery.
        auto q = statement("SELECT message_key FROM outbox WHERE platform = ? AND conversation = ?"
                           " AND platform_message_id = ? AND message_key IS NOT NULL ORDER BY id LIMIT 1");
        q->bind(1, platform);
        q->bind(2, conversation_id);
        q->bind(3, message_ref);
        if (!q->executeStep()) return std::optional<TicketId>{};
        return ticket_of_message_key(q->getColumn(0).getString());
    });
}

Result<std::optional<std::string>> SqliteStore::platform_id_of(const std::string& message_key) {
    return sql_guard("find a message's platform id", [&]() -> Result<std::optional<std::string>> {
        auto q = statement("SELECT platform_message_id FROM outbox WHERE message_key = ?"
                           " AND platform_message_id IS NOT NULL AND platform_message_id <> '' ORDER BY id LIMIT 1");
        q->bind(1, message_key);
        if (!q->executeStep()) return std::optional<std::string>{};
        return std::optional<std::string>{q->getColumn(0).getString()};
    });
}

Result<std::vector<Ticket>> SqliteStore::children_of(const TicketId& parent) {
    return sql_guard("list the children of a major incident", [&]() -> Result<std::vector<Ticket>> {
        auto q = statement("SELECT record FROM tickets WHERE parent = ? ORDER BY reported_at, number");
        q->bind(1, parent.str());
        return read_tickets(*q);
    });
}

Result<bool> SqliteStore::hold_message(const Identity& from, const std::string& text, TimePoint at) {
    return sql_guard("hold a requester's message", [&]() -> Result<bool> {
        auto held = statement("SELECT 1 FROM held_messages WHERE platform = ? AND user_id = ?");
        held->bind(1, from.platform);
        held->bind(2, from.user_id);
        const bool already = held->executeStep();
        auto q = statement("INSERT INTO held_messages (platform, user_id, text, held_at) VALUES (?, ?, ?, ?)"
                           " ON CONFLICT (platform, user_id) DO UPDATE SET text = text || char(10) || excluded.text");
        q->bind(1, from.platform);
        q->bind(2, from.user_id);
        q->bind(3, text);
        q->bind(4, static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count()));
        q->exec();
        return already;
    });
}

Result<std::optional<std::string>> SqliteStore::take_held_message(const Identity& from) {
    return sql_guard("take a requester's held message", [&]() -> Result<std::optional<std::string>> {
        auto q = statement("DELETE FROM held_messages WHERE platform = ? AND user_id = ? RETURNING text");
        q->bind(1, from.platform);
        q->bind(2, from.user_id);
        if (!q->executeStep()) return std::optional<std::string>{};
        std::optional<std::string> text = q->getColumn(0).getString();
        // RETURNING rows are produced as the statement runs: step it to its end so the delete completes.
        while (q->executeStep()) {
        }
        return text;
    });
}

}  // namespace frontline
