// The leader lease on SQLite: the same table and rule as on PostgreSQL. One process uses a SQLite
// store, so it always wins; the table still says who holds what for `frontline` and the tests.
#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/sql_guard.hpp"
#include "core/store/sqlite_parts.hpp"
#include "core/store/statement_cache.hpp"

namespace frontline {

Result<bool> SqliteLeaderLeases::hold(const std::string& name, const std::string& holder, TimePoint now, Seconds ttl) {
    return sql_guard("leader lease", [&]() -> Result<bool> {
        // Taken when free or expired, renewed when ours; another holder's live lease stays.
        auto q = store_.statement(
            "INSERT INTO leader_leases (name, holder, expires_at) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
            "WHERE leader_leases.holder = excluded.holder OR leader_leases.expires_at <= ?4");
        q->bind(1, name);
        q->bind(2, holder);
        q->bind(3, to_unix(now + ttl));
        q->bind(4, to_unix(now));
        return q->exec() == 1;
    });
}

Status SqliteLeaderLeases::release(const std::string& name, const std::string& holder) {
    return sql_guard("leader lease release", [&]() -> Status {
        auto q = store_.statement("DELETE FROM leader_leases WHERE name = ? AND holder = ?");
        q->bind(1, name);
        q->bind(2, holder);
        q->exec();
        return {};
    });
}

Result<std::optional<LeaseHolder>> SqliteLeaderLeases::holder_of(const std::string& name) {
    return sql_guard("leader lease holder", [&]() -> Result<std::optional<LeaseHolder>> {
        auto q = store_.statement("SELECT holder, expires_at FROM leader_leases WHERE name = ?");
        q->bind(1, name);
        if (!q->executeStep()) return std::optional<LeaseHolder>{};
        return std::optional<LeaseHolder>{LeaseHolder{q->getColumn(0).getString(), from_unix(q->getColumn(1).getInt64())}};
    });
}

}  // namespace frontline
