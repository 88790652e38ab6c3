#include "core/store/pg/pg_store.hpp"

#include "core/store/pg/pg_migrate.hpp"

namespace frontline {

Result<std::unique_ptr<PgStore>> PgStore::open(const pg::ConnectOptions& o, std::optional<int> migrate_to) {
    auto db = pg::Connection::open(o);
    if (!db) return db.error();
    if (auto ok = pg::migrate(**db, migrate_to); !ok) return ok.error();
    return std::unique_ptr<PgStore>(new PgStore(std::move(*db)));
}

Result<int> PgStore::schema_version() { return pg::schema_version(*db_); }

}  // namespace frontline
