// ReportSource on PostgreSQL (report_store.cpp): a period's tickets and their journal, chosen by
// the tickets' report time, so a ticket's whole history counts in the period it was reported in.
#include "core/store/pg/pg_store.hpp"
#include "core/store/pg/pg_ticket_rows.hpp"
#include "core/store/unix_time.hpp"

namespace frontline {
namespace {

using pg::integer;

}  // namespace

Result<std::vector<Ticket>> PgStore::tickets_reported_between(TimePoint from, TimePoint to) {
    // COLLATE "C": the type's tie-break compares bytes, as SQLite does, whatever the database's locale.
    auto q = db_->query("SELECT record FROM tickets WHERE reported_at >= $1 AND reported_at < $2"
                        " ORDER BY reported_at, type COLLATE \"C\", number",
                        {integer(to_unix(from)), integer(to_unix(to))});
    if (!q) return q.error();
    return pg::read_tickets(*q);
}

Result<std::vector<JournalEntry>> PgStore::journal_of_tickets_reported_between(TimePoint from, TimePoint to) {
    auto q = db_->query(
        "SELECT j.seq, j.ticket_id, j.actor, j.at, j.kind, j.details FROM journal j JOIN tickets t ON t.id = j.ticket_id"
        " WHERE t.reported_at >= $1 AND t.reported_at < $2 ORDER BY j.seq",
        {integer(to_unix(from)), integer(to_unix(to))});
    if (!q) return q.error();
    std::vector<JournalEntry> out;
    out.reserve(static_cast<std::size_t>(q->size()));
    for (int i = 0; i < q->size(); ++i) {
        auto id = TicketId::parse(q->text(i, 1));
        if (!id) return id.error();
        out.push_back({q->integer(i, 0), *id, q->text(i, 2), from_unix(q->integer(i, 3)), q->text(i, 4), q->text(i, 5)});
    }
    return out;
}

}  // namespace frontline
