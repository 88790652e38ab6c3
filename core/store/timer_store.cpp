#include "core/store/timer_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/store.hpp"

namespace frontline {

namespace {
int64_t seconds_of(TimePoint t) { return static_cast<int64_t>(t.time_since_epoch().count()); }
TimePoint from_seconds(int64_t s) { return TimePoint{Seconds{s}}; }
Error storage_error(const char* what, const SQLite::Exception& e) {
    return make_error(Errc::storage, std::string(what) + ": " + e.what());
}
}  // namespace

Status TimerStore::arm(const TimerRequest& t) {
    try {
        SQLite::Statement q(store_.db(),
                            "INSERT INTO timers (key, due_at, kind, payload) VALUES (?, ?, ?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET due_at = excluded.due_at, kind = excluded.kind, "
                            "payload = excluded.payload");
        q.bind(1, t.key);
        q.bind(2, seconds_of(t.due));
        q.bind(3, t.kind);
        q.bind(4, t.payload);
        q.exec();
        return {};
    } catch (const SQLite::Exception& e) {
        return storage_error("timer arm", e);
    }
}

Status TimerStore::cancel(const std::string& key) {
    try {
        SQLite::Statement q(store_.db(), "DELETE FROM timers WHERE key = ?");
        q.bind(1, key);
        q.exec();
        return {};
    } catch (const SQLite::Exception& e) {
        return storage_error("timer cancel", e);
    }
}

Result<std::vector<TimerRequest>> TimerStore::due(TimePoint now, int limit) {
    try {
        SQLite::Statement q(store_.db(),
                            "SELECT key, due_at, kind, payload FROM timers WHERE due_at <= ? "
                            "ORDER BY due_at, key LIMIT ?");
        q.bind(1, seconds_of(now));
        q.bind(2, limit);
        std::vector<TimerRequest> out;
        while (q.executeStep()) {
            out.push_back(TimerRequest{q.getColumn(0).getString(), from_seconds(q.getColumn(1).getInt64()),
                                       q.getColumn(2).getString(), q.getColumn(3).getString()});
        }
        return out;
    } catch (const SQLite::Exception& e) {
        return storage_error("timers due", e);
    }
}

Result<std::optional<TimePoint>> TimerStore::next_due() {
    try {
        SQLite::Statement q(store_.db(), "SELECT MIN(due_at) FROM timers");
        if (!q.executeStep() || q.getColumn(0).isNull()) return std::optional<TimePoint>{};
        return std::optional<TimePoint>{from_seconds(q.getColumn(0).getInt64())};
    } catch (const SQLite::Exception& e) {
        return storage_error("timers next", e);
    }
}

Result<long long> TimerStore::count() {
    try {
        SQLite::Statement q(store_.db(), "SELECT COUNT(*) FROM timers");
        q.executeStep();
        return static_cast<long long>(q.getColumn(0).getInt64());
    } catch (const SQLite::Exception& e) {
        return storage_error("timers count", e);
    }
}

}  // namespace frontline
