#include "core/store/sqlite_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/migrations.hpp"
#include "core/store/sqlite_parts.hpp"
#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"

namespace frontline {
namespace {

int read_version(SQLite::Database& db) {
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    SQLite::Statement q(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
    q.executeStep();
    return q.getColumn(0).getInt();
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<SQLite::Database> db)
    : db_(std::move(db)),
      statements_(std::make_unique<StatementCache>(*db_)),
      inbox_(std::make_unique<SqliteInboxStore>(*this)),
      outbox_(std::make_unique<SqliteOutboxStore>(*this)),
      timers_(std::make_unique<SqliteTimerStore>(*this)),
      cursors_(std::make_unique<SqliteCursorStore>(*this)),
      lines_(std::make_unique<SqliteConversationLineStore>(*this)),
      leases_(std::make_unique<SqliteLeaderLeases>(*this)) {}
SqliteStore::~SqliteStore() = default;

InboxStore& SqliteStore::inbox() { return *inbox_; }
OutboxStore& SqliteStore::outbox() { return *outbox_; }
TimerStore& SqliteStore::timers() { return *timers_; }
CursorStore& SqliteStore::cursors() { return *cursors_; }
ConversationLineStore& SqliteStore::lines() { return *lines_; }
LeaderLeases& SqliteStore::leases() { return *leases_; }

StatementLease SqliteStore::statement(std::string_view sql) { return statements_->get(sql); }
std::size_t SqliteStore::statements_prepared() const { return statements_->prepared(); }

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::filesystem::path& path, std::optional<int> migrate_to) {
    const std::string where = path.string();
    return sql_guard(where.c_str(), [&]() -> Result<std::unique_ptr<SqliteStore>> {
        if (path.has_parent_path()) {
            std::error_code ec;
            std::filesystem::create_directories(path.parent_path(), ec);
        }
        auto db = std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db->setBusyTimeout(5000);
        db->exec("PRAGMA journal_mode = WAL");
        // FULL: a batch is on disk when COMMIT returns, before any platform is told we have it.
        db->exec("PRAGMA synchronous = FULL");
        db->exec("PRAGMA foreign_keys = ON");
        // 32 MiB of page cache instead of SQLite's 2 MiB: the hot pages of a large store (ticket and
        // person indexes, the open tickets' search index) stay in memory instead of being read
        // again through pread on every turn.
        db->exec("PRAGMA cache_size = -32768");

        const int target = migrate_to.value_or(latest_schema_version());
        int version = read_version(*db);
        if (version > latest_schema_version())
            return make_error(Errc::storage, path.string() + ": schema version " + std::to_string(version) +
                                                 " is newer than this build knows (" +
                                                 std::to_string(latest_schema_version()) + ")");
        for (const auto& m : migrations()) {
            if (m.version <= version || m.version > target) continue;
            SQLite::Transaction tx(*db);
            db->exec(std::string(m.sqlite));
            SQLite::Statement ins(*db, "INSERT INTO schema_version (version) VALUES (?)");
            ins.bind(1, m.version);
            ins.exec();
            tx.commit();
            version = m.version;
        }
        return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db)));
    });
}

int SqliteStore::schema_version() const { return read_version(*db_); }

Status SqliteStore::ping() {
    return sql_guard("ping", [&]() -> Status {
        statement("SELECT 1")->executeStep();
        return {};
    });
}

Status SqliteStore::in_unsynced_transaction(const std::function<Status()>& fn) {
    if (tx_depth_ > 0) return in_transaction(fn);  // joins a transaction that commits as it was opened
    auto set = [&](const char* level) -> Status {
        try {
            statement(std::string("PRAGMA synchronous = ") + level)->exec();
            return {};
        } catch (const SQLite::Exception& e) {
            return make_error(Errc::storage, std::string("synchronous: ") + e.what());
        }
    };
    if (auto s = set("NORMAL"); !s) return s;
    Status result = in_transaction(fn);
    // Back to FULL whatever happened: every other commit must be on disk when it returns.
    if (auto s = set("FULL"); !s) return s;
    return result;
}

Status SqliteStore::in_transaction(const std::function<Status()>& fn) {
    const bool outer = tx_depth_ == 0;
    const std::string savepoint = "sp" + std::to_string(tx_depth_);
    // Through the statement cache too: BEGIN and COMMIT run once per batch and per call.
    auto run = [&](const std::string& sql) { statement(sql)->exec(); };
    try {
        run(outer ? "BEGIN IMMEDIATE" : "SAVEPOINT " + savepoint);
    } catch (const SQLite::Exception& e) {
        return make_error(Errc::storage, std::string("begin transaction: ") + e.what());
    }
    ++tx_depth_;
    auto undo = [&] {
        --tx_depth_;
        try {
            if (outer) {
                run("ROLLBACK");
            } else {
                run("ROLLBACK TO " + savepoint);
                run("RELEASE " + savepoint);
            }
        } catch (const SQLite::Exception&) {
            // The connection already rolled back (e.g. SQLITE_FULL): nothing left to undo.
        }
    };
    Status result;
    try {
        result = fn();
    } catch (const SQLite::Exception& e) {
        undo();
        return make_error(Errc::storage, e.what());
    } catch (...) {
        undo();
        throw;
    }
    if (!result) {
        undo();
        return result;
    }
    --tx_depth_;
    try {
        run(outer ? "COMMIT" : "RELEASE " + savepoint);
    } catch (const SQLite::Exception& e) {
        ++tx_depth_;
        undo();
        return make_error(Errc::storage, std::string("commit: ") + e.what());
    }
    return {};
}

Status SqliteStore::event_savepoint(SavepointStep step) {
    return sql_guard("savepoint", [&]() -> Status {
        switch (step) {
            case SavepointStep::begin: statement("SAVEPOINT frontline_event")->exec(); break;
            case SavepointStep::release: statement("RELEASE SAVEPOINT frontline_event")->exec(); break;
            case SavepointStep::rollback:
                // ROLLBACK TO keeps the savepoint on the stack; RELEASE pops it without undoing the rollback.
                statement("ROLLBACK TO SAVEPOINT frontline_event")->exec();
                statement("RELEASE SAVEPOINT frontline_event")->exec();
                break;
        }
        return {};
    });
}

}  // namespace frontline
