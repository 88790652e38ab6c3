#include "core/store/pg/pg_migrate.hpp"

#include <string>

#include "core/store/migrations.hpp"

namespace frontline::pg {
namespace {

Status run_locked(Connection& c, int target) {
    // Created under the lock: two sessions running CREATE TABLE IF NOT EXISTS at once can both
    // miss the table and one of them fail on the catalog's unique index. The primary key makes a
    // step recorded twice an error instead of a silent double.
    if (auto ok = c.execute_script("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)"); !ok) return ok;
    auto version = schema_version(c);
    if (!version) return version.error();
    const int latest = migrations().back().version;
    if (*version > latest)
        return make_error(Errc::storage, "the PostgreSQL schema is at version " + std::to_string(*version) +
                                             ", newer than this build knows (" + std::to_string(latest) + ")");
    for (const auto& m : migrations()) {
        if (m.version <= *version || m.version > target) continue;
        auto step = c.in_transaction([&]() -> Status {
            if (auto ok = c.execute_script(std::string(m.postgresql)); !ok) return ok;
            auto row = c.query("INSERT INTO schema_version (version) VALUES ($1)", {integer(m.version)});
            if (!row) return row.error();
            return {};
        });
        if (!step)
            return make_error(step.error().code,
                              "migration " + std::to_string(m.version) + " (" + std::string(m.description) + "): " +
                                  step.error().message);
    }
    return {};
}

}  // namespace

Result<int> schema_version(Connection& c) {
    auto rows = c.query("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    if (!rows) return rows.error();
    return static_cast<int>(rows->integer(0, 0));
}

Status migrate(Connection& c, std::optional<int> target) {
    if (c.inside_transaction()) return make_error(Errc::storage, "migrate: not inside a transaction");
    // A session lock, not a transaction's: every step commits on its own and the lock spans them all.
    if (auto lock = c.query("SELECT pg_advisory_lock($1)", {integer(kMigrationLock)}); !lock) return lock.error();
    Status result = run_locked(c, target.value_or(migrations().back().version));
    auto unlock = c.query("SELECT pg_advisory_unlock($1)", {integer(kMigrationLock)});
    if (!result) return result;
    if (!unlock) return unlock.error();
    return {};
}

}  // namespace frontline::pg
