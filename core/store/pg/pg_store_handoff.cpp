// The hand-off's look-ups on PostgreSQL (handoff_store.cpp): which ticket a delivered platform
// message belongs to, a card's platform reference, the children of a major incident, and the words
// a requester wrote while they say which ticket they are about. The held message is written and
// taken by single statements, so two processes at once get what SQLite's one writer gives.
#include "core/store/pg/pg_store.hpp"
#include "core/store/pg/pg_ticket_rows.hpp"
#include "core/store/unix_time.hpp"

namespace frontline {
namespace {

using pg::integer;
using pg::text;

}  // namespace

Result<std::optional<TicketId>> PgStore::ticket_of_message(const std::string& platform, const std::string& conversation_id,
                                                           const std::string& message_ref) {
    // The adapter writes the same reference in an inbound thread or reply as it reported on delivery.
    auto q = db_->query("SELECT message_key FROM outbox WHERE platform = $1 AND conversation = $2"
                        " AND platform_message_id = $3 AND message_key IS NOT NULL ORDER BY id LIMIT 1",
                        {text(platform), text(conversation_id), text(message_ref)});
    if (!q) return q.error();
    if (q->empty()) return std::optional<TicketId>{};
    return ticket_of_message_key(q->text(0, 0));
}

Result<std::optional<std::string>> PgStore::platform_id_of(const std::string& message_key) {
    auto q = db_->query("SELECT platform_message_id FROM outbox WHERE message_key = $1"
                        " AND platform_message_id IS NOT NULL AND platform_message_id <> '' ORDER BY id LIMIT 1",
                        {text(message_key)});
    if (!q) return q.error();
    if (q->empty()) return std::optional<std::string>{};
    return std::optional<std::string>{q->text(0, 0)};
}

Result<std::vector<Ticket>> PgStore::children_of(const TicketId& parent) {
    auto q = db_->query("SELECT record FROM tickets WHERE parent = $1 ORDER BY reported_at, number", {text(parent.str())});
    if (!q) return q.error();
    return pg::read_tickets(*q);
}

Result<bool> PgStore::hold_message(const Identity& from, const std::string& message, TimePoint at) {
    // One upsert: a second process holding for the same person waits on the key and appends. Whether
    // something was held before is read from the row written (a look-up first would miss another
    // process's uncommitted row): an append adds at least the line break, so the row differs from
    // this message exactly when it appended.
    auto q = db_->query("INSERT INTO held_messages (platform, user_id, text, held_at) VALUES ($1, $2, $3, $4)"
                        " ON CONFLICT (platform, user_id) DO UPDATE SET text = held_messages.text || chr(10) || excluded.text"
                        " RETURNING (held_messages.text <> $3::text)::int",
                        {text(from.platform), text(from.user_id), text(message), integer(to_unix(at))});
    if (!q) return q.error();
    if (q->size() != 1) return make_error(Errc::storage, "hold a requester's message: no row written");
    return q->integer(0, 0) != 0;
}

Result<std::optional<std::string>> PgStore::take_held_message(const Identity& from) {
    // DELETE ... RETURNING takes the row under its lock: of two processes, one gets the text and
    // the other, once the first commits, finds nothing.
    auto q = db_->query("DELETE FROM held_messages WHERE platform = $1 AND user_id = $2 RETURNING text",
                        {text(from.platform), text(from.user_id)});
    if (!q) return q.error();
    if (q->empty()) return std::optional<std::string>{};
    return std::optional<std::string>{q->text(0, 0)};
}

}  // namespace frontline
