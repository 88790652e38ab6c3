// The inbox on PostgreSQL: the event key's primary key decides which process applies an event.
// Two processes recording one key at once: the second insert waits on the first's uncommitted row,
// then finds the conflict (false, drop the event) once it commits, or inserts when it rolls back.
#include "core/store/pg/pg_parts.hpp"
#include "core/store/unix_time.hpp"

namespace frontline {

using pg::integer;
using pg::text;

Result<bool> PgInboxStore::record(const std::string& event_key, TimePoint at) {
    // ON CONFLICT rather than a unique violation: a failed statement would abort the whole batch.
    auto q = db_.query("INSERT INTO inbox (event_key, received_at) VALUES ($1, $2) ON CONFLICT (event_key) DO NOTHING",
                       {text(event_key), integer(to_unix(at))});
    if (!q) return q.error();
    return q->affected() == 1;
}

Result<long long> PgInboxStore::prune(TimePoint before) {
    auto q = db_.query("DELETE FROM inbox WHERE received_at < $1", {integer(to_unix(before))});
    if (!q) return q.error();
    return static_cast<long long>(q->affected());
}

}  // namespace frontline
