#include "core/store/inbox_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_parts.hpp"

namespace frontline {

Result<bool> SqliteInboxStore::record(const std::string& event_key, TimePoint at) {
    return sql_guard("inbox record", [&]() -> Result<bool> {
        auto q = store_.statement("INSERT OR IGNORE INTO inbox (event_key, received_at) VALUES (?, ?)");
        q->bind(1, event_key);
        q->bind(2, to_unix(at));
        return q->exec() == 1;
    });
}

Result<long long> SqliteInboxStore::prune(TimePoint before) {
    return sql_guard("inbox prune", [&]() -> Result<long long> {
        auto q = store_.statement("DELETE FROM inbox WHERE received_at < ?");
        q->bind(1, to_unix(before));
        return static_cast<long long>(q->exec());
    });
}

EventSavepoint::EventSavepoint(Store& store) : store_(store) {}

EventSavepoint::~EventSavepoint() {
    if (open_) (void)rollback();
}

Status EventSavepoint::begin() {
    auto s = store_.event_savepoint(SavepointStep::begin);
    open_ = s.ok();
    return s;
}

Status EventSavepoint::release() {
    open_ = false;
    return store_.event_savepoint(SavepointStep::release);
}

Status EventSavepoint::rollback() {
    open_ = false;
    return store_.event_savepoint(SavepointStep::rollback);
}

}  // namespace frontline
