#include "core/store/pg/pg_store.hpp"

#include "core/store/pg/pg_migrate.hpp"
#include "core/store/pg/pg_parts.hpp"

namespace frontline {

PgStore::PgStore(std::unique_ptr<pg::Connection> db, PgClaims claims)
    : db_(std::move(db)),
      claims_(std::move(claims)),
      inbox_(std::make_unique<PgInboxStore>(*db_)),
      outbox_(std::make_unique<PgOutboxStore>(*db_, claims_)),
      timers_(std::make_unique<PgTimerStore>(*db_)),
      cursors_(std::make_unique<PgCursorStore>(*db_)),
      lines_(std::make_unique<PgConversationLineStore>(*db_)),
      leases_(std::make_unique<PgLeaderLeases>(*db_)) {}
PgStore::~PgStore() = default;

Result<std::unique_ptr<PgStore>> PgStore::open(const pg::ConnectOptions& o, std::optional<int> migrate_to, PgClaims claims) {
    if (claims.holder.empty()) return make_error(Errc::invalid_argument, "the outbox claim holder needs a name");
    if (claims.lease <= Seconds{0}) return make_error(Errc::invalid_argument, "the outbox claim lease must be positive");
    auto db = pg::Connection::open(o);
    if (!db) return db.error();
    if (auto ok = pg::migrate(**db, migrate_to); !ok) return ok.error();
    return std::unique_ptr<PgStore>(new PgStore(std::move(*db), std::move(claims)));
}

Result<int> PgStore::schema_version() { return pg::schema_version(*db_); }

}  // namespace frontline
