// Leader leases on PostgreSQL: the rule of SqliteLeaderLeases in one upsert. Two processes taking a
// free lease at once: the second waits on the first's row, then its WHERE sees the first as the
// holder of a live lease and writes nothing.
#include "core/store/pg/pg_parts.hpp"
#include "core/store/unix_time.hpp"

namespace frontline {

using pg::integer;
using pg::text;

Result<bool> PgLeaderLeases::hold(const std::string& name, const std::string& holder, TimePoint now, Seconds ttl) {
    // Taken when free or expired, renewed when ours; another holder's live lease stays.
    auto q = db_.query("INSERT INTO leader_leases (name, holder, expires_at) VALUES ($1, $2, $3)"
                       " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at"
                       " WHERE leader_leases.holder = excluded.holder OR leader_leases.expires_at <= $4",
                       {text(name), text(holder), integer(to_unix(now + ttl)), integer(to_unix(now))});
    if (!q) return q.error();
    return q->affected() == 1;
}

Status PgLeaderLeases::release(const std::string& name, const std::string& holder) {
    auto q = db_.query("DELETE FROM leader_leases WHERE name = $1 AND holder = $2", {text(name), text(holder)});
    if (!q) return q.error();
    return {};
}

Result<std::optional<LeaseHolder>> PgLeaderLeases::holder_of(const std::string& name) {
    auto q = db_.query("SELECT holder, expires_at FROM leader_leases WHERE name = $1", {text(name)});
    if (!q) return q.error();
    if (q->empty()) return std::optional<LeaseHolder>{};
    return std::optional<LeaseHolder>{LeaseHolder{q->text(0, 0), from_unix(q->integer(0, 1))}};
}

}  // namespace frontline
