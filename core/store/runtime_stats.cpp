#include "core/store/runtime_stats.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_store.hpp"

namespace frontline {

namespace {

/// One pass over a covering index: per priority, the count, the sum and one SUM per bucket bound
/// (SQLite adds the comparisons' 0/1), so a scrape never reads a ticket's record.
Status read_durations(SqliteStore& store, const std::string& priority_column, const std::string& at_column,
                      const std::vector<long long>& bounds, std::map<std::string, DurationBuckets>& out) {
    const std::string d = "(" + at_column + " - reported_at)";
    std::string sql = "SELECT " + priority_column + ", COUNT(*), TOTAL(" + d + ")";
    for (long long b : bounds) sql += ", SUM(" + d + " <= " + std::to_string(b) + ")";
    sql += " FROM tickets WHERE " + at_column + " IS NOT NULL GROUP BY " + priority_column;
    auto q = store.statement(sql);
    while (q->executeStep()) {
        DurationBuckets& h = out[q->getColumn(0).getString()];
        h.count = q->getColumn(1).getInt64();
        h.sum = q->getColumn(2).getDouble();
        h.at_or_below.clear();
        for (std::size_t i = 0; i < bounds.size(); ++i) h.at_or_below.push_back(q->getColumn(static_cast<int>(3 + i)).getInt64());
    }
    return {};
}

}  // namespace

Result<std::vector<TicketCount>> SqliteStore::count_tickets_by_status() {
    SqliteStore& store = *this;
    return sql_guard("ticket counts", [&]() -> Result<std::vector<TicketCount>> {
        auto q = store.statement("SELECT status, priority, COUNT(*) FROM tickets GROUP BY status, priority");
        std::vector<TicketCount> out;
        while (q->executeStep())
            out.push_back(TicketCount{q->getColumn(0).getString(), q->getColumn(1).getString(),
                                      static_cast<long long>(q->getColumn(2).getInt64())});
        return out;
    });
}

Result<TicketMetrics> SqliteStore::read_ticket_metrics(const std::vector<long long>& claim_bounds,
                                                      const std::vector<long long>& resolve_bounds) {
    SqliteStore& store = *this;
    return sql_guard("ticket metrics", [&]() -> Result<TicketMetrics> {
        TicketMetrics m;
        {
            // Counted once the diagnosis is over, with the labels it ended with.
            auto q = store.statement("SELECT type, opened_category, opened_priority, COUNT(*) FROM tickets"
                                     " WHERE opened_priority <> '' GROUP BY type, opened_category, opened_priority");
            while (q->executeStep()) {
                std::string category = q->getColumn(1).getString();
                if (category.empty()) category = "uncategorised";
                m.opened[{q->getColumn(0).getString(), category, q->getColumn(2).getString()}] += q->getColumn(3).getInt64();
            }
        }
        if (auto ok = read_durations(store, "claim_priority", "claimed_at", claim_bounds, m.time_to_claim); !ok) return ok.error();
        if (auto ok = read_durations(store, "resolve_priority", "resolved_at", resolve_bounds, m.time_to_resolve); !ok)
            return ok.error();
        {
            // The priority is journalled with the breach; older entries take the ticket's.
            auto q = store.statement(
                "SELECT COALESCE(json_extract(j.details, '$.clock'), ''), COALESCE(json_extract(j.details, '$.priority'), t.priority),"
                " COUNT(*) FROM journal j INDEXED BY journal_sla_breaches JOIN tickets t ON t.id = j.ticket_id"
                " WHERE j.kind = 'sla_breach' GROUP BY 1, 2");
            while (q->executeStep()) m.breaches[{q->getColumn(0).getString(), q->getColumn(1).getString()}] = q->getColumn(2).getInt64();
        }
        {
            auto q = store.statement("SELECT COUNT(*) FROM tickets WHERE bot_resolved = 1");
            if (q->executeStep()) m.bot_resolutions = q->getColumn(0).getInt64();
        }
        return m;
    });
}

}  // namespace frontline
