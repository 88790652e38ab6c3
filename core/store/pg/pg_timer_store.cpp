// Durable timers on PostgreSQL. Due timers are read FOR UPDATE SKIP LOCKED: the engine batch that
// reads them cancels and fires them in the same transaction, and a second process's batch at the
// same moment skips the rows the first holds instead of firing them again.
#include "core/store/pg/pg_parts.hpp"
#include "core/store/unix_time.hpp"

namespace frontline {

using pg::integer;
using pg::text;

Status PgTimerStore::arm(const TimerRequest& t) {
    auto q = db_.query("INSERT INTO timers (key, due_at, kind, payload) VALUES ($1, $2, $3, $4)"
                       " ON CONFLICT (key) DO UPDATE SET due_at = excluded.due_at, kind = excluded.kind,"
                       " payload = excluded.payload",
                       {text(t.key), integer(to_unix(t.due)), text(t.kind), text(t.payload)});
    if (!q) return q.error();
    return {};
}

Status PgTimerStore::cancel(const std::string& key) {
    auto q = db_.query("DELETE FROM timers WHERE key = $1", {text(key)});
    if (!q) return q.error();
    return {};
}

Result<std::vector<TimerRequest>> PgTimerStore::due(TimePoint now, int limit) {
    auto q = db_.query("SELECT key, due_at, kind, payload FROM timers WHERE due_at <= $1"
                       " ORDER BY due_at, key LIMIT $2 FOR UPDATE SKIP LOCKED",
                       {integer(to_unix(now)), integer(limit)});
    if (!q) return q.error();
    std::vector<TimerRequest> out;
    for (int i = 0; i < q->size(); ++i)
        out.push_back(TimerRequest{q->text(i, 0), from_unix(q->integer(i, 1)), q->text(i, 2), q->text(i, 3)});
    return out;
}

Result<std::optional<TimePoint>> PgTimerStore::next_due() {
    auto q = db_.query("SELECT MIN(due_at) FROM timers");
    if (!q) return q.error();
    if (q->empty() || q->null(0, 0)) return std::optional<TimePoint>{};
    return std::optional<TimePoint>{from_unix(q->integer(0, 0))};
}

Result<long long> PgTimerStore::count() {
    auto q = db_.query("SELECT COUNT(*) FROM timers");
    if (!q) return q.error();
    return static_cast<long long>(q->integer(0, 0));
}

}  // namespace frontline
