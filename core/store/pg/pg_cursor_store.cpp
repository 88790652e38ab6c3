// Adapter cursors on PostgreSQL. keep_first inserts with ON CONFLICT DO NOTHING and then reads: of
// two processes offering a first value at once, the second waits on the first's row and reads the
// value it kept.
#include "core/store/pg/pg_parts.hpp"
#include "core/store/unix_time.hpp"

namespace frontline {

using pg::integer;
using pg::text;

Result<std::optional<std::string>> PgCursorStore::load(const std::string& name) {
    auto q = db_.query("SELECT value FROM adapter_cursors WHERE name = $1", {text(name)});
    if (!q) return q.error();
    if (q->empty()) return std::optional<std::string>{};
    return std::optional<std::string>{q->text(0, 0)};
}

Status PgCursorStore::save(const std::string& name, const std::string& value, TimePoint at) {
    auto q = db_.query("INSERT INTO adapter_cursors (name, value, updated_at) VALUES ($1, $2, $3)"
                       " ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                       {text(name), text(value), integer(to_unix(at))});
    if (!q) return q.error();
    return {};
}

Result<std::string> PgCursorStore::keep_first(const std::string& name, const std::string& candidate, TimePoint at) {
    auto insert = db_.query("INSERT INTO adapter_cursors (name, value, updated_at) VALUES ($1, $2, $3)"
                            " ON CONFLICT (name) DO NOTHING",
                            {text(name), text(candidate), integer(to_unix(at))});
    if (!insert) return insert.error();
    auto q = db_.query("SELECT value FROM adapter_cursors WHERE name = $1", {text(name)});
    if (!q) return q.error();
    if (q->empty()) return make_error(Errc::storage, "cursor keep first: the row vanished");
    return q->text(0, 0);
}

}  // namespace frontline
