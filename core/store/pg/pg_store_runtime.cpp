// PgStore's own Store members: the probe, the unsynced commit, the engine lock, one event's
// savepoint and the runtime's tables (pg_parts.hpp).
#include "core/store/pg/pg_parts.hpp"
#include "core/store/pg/pg_store.hpp"

namespace frontline {
namespace {

/// The advisory lock key of engine batches ("fl-engin"): one for the whole database, apart from
/// the migration lock's key (pg_migrate.cpp), so a batch never waits on a migration's session lock.
constexpr std::int64_t kEngineLockKey = 0x666c2d656e67696e;

}  // namespace

InboxStore& PgStore::inbox() { return *inbox_; }
OutboxStore& PgStore::outbox() { return *outbox_; }
TimerStore& PgStore::timers() { return *timers_; }
CursorStore& PgStore::cursors() { return *cursors_; }
ConversationLineStore& PgStore::lines() { return *lines_; }
LeaderLeases& PgStore::leases() { return *leases_; }

Status PgStore::ping() {
    auto q = db_->query("SELECT 1");
    if (!q) return q.error();
    return {};
}

Status PgStore::in_unsynced_transaction(const std::function<Status()>& fn) {
    // A joined transaction commits as its outer one was opened.
    if (db_->inside_transaction()) return db_->in_transaction(fn);
    return db_->in_transaction([&]() -> Status {
        // LOCAL: only this transaction's COMMIT skips the WAL flush wait; a crash of the server (not
        // of this process) may lose it, which the callers redo safely.
        if (auto ok = db_->execute_script("SET LOCAL synchronous_commit = off"); !ok) return ok;
        return fn();
    });
}

Status PgStore::lock_engine() {
    // A transaction-level lock: held until COMMIT or ROLLBACK, never leaked by an early return.
    if (!db_->inside_transaction())
        return make_error(Errc::invalid_argument, "the engine lock is taken inside the batch's transaction");
    auto q = db_->query("SELECT pg_advisory_xact_lock($1::bigint)", {pg::integer(kEngineLockKey)});
    if (!q) return q.error();
    return {};
}

Status PgStore::event_savepoint(SavepointStep step) {
    switch (step) {
        case SavepointStep::begin: return db_->execute_script("SAVEPOINT frontline_event");
        case SavepointStep::release: return db_->execute_script("RELEASE SAVEPOINT frontline_event");
        case SavepointStep::rollback:
            // ROLLBACK TO keeps the savepoint (and ends a failed statement's aborted state); RELEASE
            // pops it without undoing the rollback.
            return db_->execute_script("ROLLBACK TO SAVEPOINT frontline_event; RELEASE SAVEPOINT frontline_event");
    }
    return make_error(Errc::invalid_argument, "unknown savepoint step");
}

}  // namespace frontline
