// Conversation sessions: the engine's JSON state per user.
#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/store.hpp"
#include "core/text.hpp"

namespace frontline {

Result<std::optional<StoredSession>> Store::load_session(const Identity& user) {
    return sql_guard("load session", [&]() -> Result<std::optional<StoredSession>> {
        auto q = statement("SELECT state, updated_at FROM sessions WHERE platform = ? AND user_id = ?");
        q->bind(1, user.platform);
        q->bind(2, user.user_id);
        if (!q->executeStep()) return std::optional<StoredSession>{};
        return std::optional<StoredSession>{StoredSession{user, q->getColumn(0).getString(), from_unix(q->getColumn(1).getInt64())}};
    });
}

Status Store::save_session(const StoredSession& s) {
    if (auto ok = validate_text(s.state, 4 * kMaxFieldBytes, "session state"); !ok) return ok;
    return sql_guard("save session", [&]() -> Status {
        auto up = statement("INSERT INTO sessions (platform, user_id, state, updated_at) VALUES (?1, ?2, ?3, ?4)"
                            " ON CONFLICT (platform, user_id) DO UPDATE SET state = ?3, updated_at = ?4");
        up->bind(1, s.user.platform);
        up->bind(2, s.user.user_id);
        up->bind(3, s.state);
        up->bind(4, to_unix(s.updated_at));
        up->exec();
        return {};
    });
}

Status Store::erase_session(const Identity& user) {
    return sql_guard("erase session", [&]() -> Status {
        auto del = statement("DELETE FROM sessions WHERE platform = ? AND user_id = ?");
        del->bind(1, user.platform);
        del->bind(2, user.user_id);
        del->exec();
        return {};
    });
}

}  // namespace frontline
