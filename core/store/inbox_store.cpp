#include "core/store/inbox_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/store.hpp"

namespace frontline {

namespace {

Status exec_sql(Store& store, const char* sql) {
    return sql_guard("savepoint", [&]() -> Status {
        store.statement(sql)->exec();
        return {};
    });
}
}  // namespace

Result<bool> InboxStore::record(const std::string& event_key, TimePoint at) {
    return sql_guard("inbox record", [&]() -> Result<bool> {
        auto q = store_.statement("INSERT OR IGNORE INTO inbox (event_key, received_at) VALUES (?, ?)");
        q->bind(1, event_key);
        q->bind(2, to_unix(at));
        return q->exec() == 1;
    });
}

Result<long long> InboxStore::prune(TimePoint before) {
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
    auto s = exec_sql(store_, "SAVEPOINT frontline_event");
    open_ = s.ok();
    return s;
}

Status EventSavepoint::release() {
    open_ = false;
    return exec_sql(store_, "RELEASE SAVEPOINT frontline_event");
}

Status EventSavepoint::rollback() {
    open_ = false;
    // ROLLBACK TO keeps the savepoint on the stack; RELEASE pops it without undoing the rollback.
    auto s = exec_sql(store_, "ROLLBACK TO SAVEPOINT frontline_event");
    if (!s) return s;
    return exec_sql(store_, "RELEASE SAVEPOINT frontline_event");
}

}  // namespace frontline
