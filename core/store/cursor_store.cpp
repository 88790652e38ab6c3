#include "core/store/cursor_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_parts.hpp"

namespace frontline {

Result<std::optional<std::string>> SqliteCursorStore::load(const std::string& name) {
    return sql_guard("cursor load", [&]() -> Result<std::optional<std::string>> {
        auto q = store_.statement("SELECT value FROM adapter_cursors WHERE name = ?");
        q->bind(1, name);
        if (!q->executeStep()) return std::optional<std::string>();
        return std::optional<std::string>(q->getColumn(0).getString());
    });
}

Status SqliteCursorStore::save(const std::string& name, const std::string& value, TimePoint at) {
    return sql_guard("cursor save", [&]() -> Status {
        auto q = store_.statement("INSERT INTO adapter_cursors (name, value, updated_at) VALUES (?, ?, ?) "
                                  "ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
        q->bind(1, name);
        q->bind(2, value);
        q->bind(3, static_cast<int64_t>(to_unix(at)));
        q->exec();
        return {};
    });
}

Result<std::string> SqliteCursorStore::keep_first(const std::string& name, const std::string& candidate, TimePoint at) {
    return sql_guard("cursor keep first", [&]() -> Result<std::string> {
        auto insert = store_.statement("INSERT INTO adapter_cursors (name, value, updated_at) VALUES (?, ?, ?) "
                                       "ON CONFLICT(name) DO NOTHING");
        insert->bind(1, name);
        insert->bind(2, candidate);
        insert->bind(3, static_cast<int64_t>(to_unix(at)));
        insert->exec();
        auto q = store_.statement("SELECT value FROM adapter_cursors WHERE name = ?");
        q->bind(1, name);
        if (!q->executeStep()) return make_error(Errc::storage, "cursor keep first: the row vanished");
        return q->getColumn(0).getString();
    });
}

}  // namespace frontline
