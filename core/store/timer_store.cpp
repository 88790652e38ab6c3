#include "core/store/timer_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_parts.hpp"

namespace frontline {

Status SqliteTimerStore::arm(const TimerRequest& t) {
    return sql_guard("timer arm", [&]() -> Status {
        auto q = store_.statement("INSERT INTO timers (key, due_at, kind, payload) VALUES (?, ?, ?, ?) "
                                  "ON CONFLICT(key) DO UPDATE SET due_at = excluded.due_at, kind = excluded.kind, "
                                  "payload = excluded.payload");
        q->bind(1, t.key);
        q->bind(2, to_unix(t.due));
        q->bind(3, t.kind);
        q->bind(4, t.payload);
        q->exec();
        return {};
    });
}

Status SqliteTimerStore::cancel(const std::string& key) {
    return sql_guard("timer cancel", [&]() -> Status {
        auto q = store_.statement("DELETE FROM timers WHERE key = ?");
        q->bind(1, key);
        q->exec();
        return {};
    });
}

Result<std::vector<TimerRequest>> SqliteTimerStore::due(TimePoint now, int limit) {
    return sql_guard("timers due", [&]() -> Result<std::vector<TimerRequest>> {
        auto q = store_.statement("SELECT key, due_at, kind, payload FROM timers WHERE due_at <= ? "
                                  "ORDER BY due_at, key LIMIT ?");
        q->bind(1, to_unix(now));
        q->bind(2, limit);
        std::vector<TimerRequest> out;
        while (q->executeStep()) {
            out.push_back(TimerRequest{q->getColumn(0).getString(), from_unix(q->getColumn(1).getInt64()),
                                       q->getColumn(2).getString(), q->getColumn(3).getString()});
        }
        return out;
    });
}

Result<std::optional<TimePoint>> SqliteTimerStore::next_due() {
    return sql_guard("timers next", [&]() -> Result<std::optional<TimePoint>> {
        auto q = store_.statement("SELECT MIN(due_at) FROM timers");
        if (!q->executeStep() || q->getColumn(0).isNull()) return std::optional<TimePoint>{};
        return std::optional<TimePoint>{from_unix(q->getColumn(0).getInt64())};
    });
}

Result<long long> SqliteTimerStore::count() {
    return sql_guard("timers count", [&]() -> Result<long long> {
        auto q = store_.statement("SELECT COUNT(*) FROM timers");
        q->executeStep();
        return static_cast<long long>(q->getColumn(0).getInt64());
    });
}

}  // namespace frontline
