// The /metrics figures on PostgreSQL (runtime_stats.cpp): each aggregate reads the ticket metric
// columns' partial indexes, never the records.
#include "core/store/pg/pg_store.hpp"

namespace frontline {
namespace {

/// Per priority: the count, the sum and, per bucket bound, how many took no longer. The bounds
/// travel as parameters; their number (fixed by config) shapes the statement.
Status read_durations(pg::Connection& db, const std::string& priority_column, const std::string& at_column,
                      const std::vector<long long>& bounds, std::map<std::string, DurationBuckets>& out) {
    const std::string d = "(" + at_column + " - reported_at)";
    std::string sql = "SELECT " + priority_column + ", COUNT(*), COALESCE(SUM(" + d + "), 0)::bigint";
    std::vector<pg::Param> params;
    for (long long b : bounds) {
        params.push_back(pg::integer(b));
        sql += ", COUNT(*) FILTER (WHERE " + d + " <= $" + std::to_string(params.size()) + "::bigint)";
    }
    sql += " FROM tickets WHERE " + at_column + " IS NOT NULL GROUP BY " + priority_column;
    auto q = db.query(sql, params);
    if (!q) return q.error();
    for (int i = 0; i < q->size(); ++i) {
        DurationBuckets& h = out[q->text(i, 0)];
        h.count = q->integer(i, 1);
        h.sum = static_cast<double>(q->integer(i, 2));  // whole seconds: the sum is exact
        h.at_or_below.clear();
        for (std::size_t b = 0; b < bounds.size(); ++b) h.at_or_below.push_back(q->integer(i, static_cast<int>(3 + b)));
    }
    return {};
}

}  // namespace

Result<std::vector<TicketCount>> PgStore::count_tickets_by_status() {
    auto q = db_->query("SELECT status, priority, COUNT(*) FROM tickets GROUP BY status, priority");
    if (!q) return q.error();
    std::vector<TicketCount> out;
    for (int i = 0; i < q->size(); ++i) out.push_back(TicketCount{q->text(i, 0), q->text(i, 1), q->integer(i, 2)});
    return out;
}

Result<TicketMetrics> PgStore::read_ticket_metrics(const std::vector<long long>& claim_bounds,
                                                   const std::vector<long long>& resolve_bounds) {
    TicketMetrics m;
    {
        // Counted once the diagnosis is over, with the labels it ended with.
        auto q = db_->query("SELECT type, opened_category, opened_priority, COUNT(*) FROM tickets"
                            " WHERE opened_priority <> '' GROUP BY type, opened_category, opened_priority");
        if (!q) return q.error();
        for (int i = 0; i < q->size(); ++i) {
            std::string category = q->text(i, 1);
            if (category.empty()) category = "uncategorised";
            m.opened[{q->text(i, 0), category, q->text(i, 2)}] += q->integer(i, 3);
        }
    }
    if (auto ok = read_durations(*db_, "claim_priority", "claimed_at", claim_bounds, m.time_to_claim); !ok) return ok.error();
    if (auto ok = read_durations(*db_, "resolve_priority", "resolved_at", resolve_bounds, m.time_to_resolve); !ok)
        return ok.error();
    {
        // The priority is journalled with the breach; older entries take the ticket's.
        auto q = db_->query("SELECT COALESCE(j.details::jsonb ->> 'clock', ''), COALESCE(j.details::jsonb ->> 'priority', t.priority),"
                            " COUNT(*) FROM journal j JOIN tickets t ON t.id = j.ticket_id WHERE j.kind = 'sla_breach' GROUP BY 1, 2");
        if (!q) return q.error();
        for (int i = 0; i < q->size(); ++i) m.breaches[{q->text(i, 0), q->text(i, 1)}] = q->integer(i, 2);
    }
    {
        auto q = db_->query("SELECT COUNT(*) FROM tickets WHERE bot_resolved = 1");
        if (!q) return q.error();
        if (!q->empty()) m.bot_resolutions = q->integer(0, 0);
    }
    return m;
}

}  // namespace frontline
