// The period is chosen by the tickets' report time (indexed: tickets_by_status has reported_at, and
// the journal is read through journal_by_ticket), so a ticket's whole history counts in the period
// it was reported in, whenever its later steps happened.
#include "core/store/sqlite_store.hpp"

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/store.hpp"
#include "core/store/ticket_rows.hpp"

namespace frontline {

Result<std::vector<Ticket>> SqliteStore::tickets_reported_between(TimePoint from, TimePoint to) {
    return sql_guard("read a report's tickets", [&]() -> Result<std::vector<Ticket>> {
        auto q = statement("SELECT record FROM tickets WHERE reported_at >= ? AND reported_at < ? ORDER BY reported_at, type, number");
        q->bind(1, to_unix(from));
        q->bind(2, to_unix(to));
        return read_tickets(*q);
    });
}

Result<std::vector<JournalEntry>> SqliteStore::journal_of_tickets_reported_between(TimePoint from, TimePoint to) {
    return sql_guard("read a report's journal", [&]() -> Result<std::vector<JournalEntry>> {
        auto q = statement(
            "SELECT j.seq, j.ticket_id, j.actor, j.at, j.kind, j.details FROM journal j JOIN tickets t ON t.id = j.ticket_id"
            " WHERE t.reported_at >= ? AND t.reported_at < ? ORDER BY j.seq");
        q->bind(1, to_unix(from));
        q->bind(2, to_unix(to));
        std::vector<JournalEntry> out;
        while (q->executeStep()) {
            auto id = TicketId::parse(q->getColumn(1).getString());
            if (!id) return id.error();
            out.push_back({q->getColumn(0).getInt64(), *id, q->getColumn(2).getString(), from_unix(q->getColumn(3).getInt64()),
                           q->getColumn(4).getString(), q->getColumn(5).getString()});
        }
        return out;
    });
}


}  // namespace frontline
