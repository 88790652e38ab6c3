#include "core/store/inbox_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/store.hpp"

namespace frontline {

namespace {
long long seconds_of(TimePoint t) { return t.time_since_epoch().count(); }

Status exec_sql(Store& store, const char* sql) {
    try {
        store.db().exec(sql);
        return {};
    } catch (const SQLite::Exception& e) {
        return make_error(Errc::storage, std::string("savepoint: ") + e.what());
    }
}
}  // namespace

Result<bool> InboxStore::record(const std::string& event_key, TimePoint at) {
    try {
        SQLite::Statement q(store_.db(), "INSERT OR IGNORE INTO inbox (event_key, received_at) VALUES (?, ?)");
        q.bind(1, event_key);
        q.bind(2, static_cast<int64_t>(seconds_of(at)));
        return q.exec() == 1;
    } catch (const SQLite::Exception& e) {
        return make_error(Errc::storage, std::string("inbox record: ") + e.what());
    }
}

Result<long long> InboxStore::prune(TimePoint before) {
    try {
        SQLite::Statement q(store_.db(), "DELETE FROM inbox WHERE received_at < ?");
        q.bind(1, static_cast<int64_t>(seconds_of(before)));
        return static_cast<long long>(q.exec());
    } catch (const SQLite::Exception& e) {
        return make_error(Errc::storage, std::string("inbox prune: ") + e.what());
    }
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
