// Conversation sessions: the engine's JSON state per user.
#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_store.hpp"
#include "core/text.hpp"

namespace frontline {

Result<std::optional<StoredSession>> SqliteStore::load_session(const Identity& user) {
    return sql_guard("load session", [&]() -> Result<std::optional<StoredSession>> {
        auto q = statement("SELECT state, updated_at FROM sessions WHERE platform = ? AND user_id = ?");
        q->bind(1, user.platform);
        q->bind(2, user.user_id);
        if (!q->executeStep()) return std::optional<StoredSession>{};
        return std::optional<StoredSession>{StoredSession{user, q->getColumn(0).getString(), from_unix(q->getColumn(1).getInt64())}};
    });
}

Status SqliteStore::save_session(const StoredSession& s) {
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

Status SqliteStore::erase_session(const Identity& user) {
    return sql_guard("erase session", [&]() -> Status {
        auto del = statement("DELETE FROM sessions WHERE platform = ? AND user_id = ?");
        del->bind(1, user.platform);
        del->bind(2, user.user_id);
        del->exec();
        return {};
    });
}

// Sessions name their flow version inside the engine's JSON; json_extract reads it there. The
// sessions table is one row per user who ever talked to the bot, so these run at start and in
// check-config, never per turn.
constexpr const char* kFlowVersionInUse =
    "json_extract(s.state, '$.flow') = f.flow AND json_extract(s.state, '$.flow_version') = f.version";

Status SqliteStore::keep_flow_version(const std::string& flow, const std::string& version, const std::string& definition,
                                TimePoint now) {
    if (auto ok = validate_text(definition, 16 * kMaxFieldBytes, "flow definition"); !ok) return ok;
    return sql_guard("keep flow version", [&]() -> Status {
        auto ins = statement("INSERT INTO flow_versions (flow, version, definition, recorded_at) VALUES (?, ?, ?, ?)"
                             " ON CONFLICT (flow, version) DO NOTHING");
        ins->bind(1, flow);
        ins->bind(2, version);
        ins->bind(3, definition);
        ins->bind(4, to_unix(now));
        ins->exec();
        return {};
    });
}

Result<std::optional<std::string>> SqliteStore::find_flow_version(const std::string& flow, const std::string& version) {
    return sql_guard("find flow version", [&]() -> Result<std::optional<std::string>> {
        auto q = statement("SELECT definition FROM flow_versions WHERE flow = ? AND version = ?");
        q->bind(1, flow);
        q->bind(2, version);
        if (!q->executeStep()) return std::optional<std::string>{};
        return std::optional<std::string>{q->getColumn(0).getString()};
    });
}

Result<std::vector<FlowVersionUse>> SqliteStore::flow_versions() {
    return sql_guard("list flow versions", [&]() -> Result<std::vector<FlowVersionUse>> {
        auto q = statement(std::string("SELECT f.flow, f.version, (SELECT count(*) FROM sessions s WHERE ") + kFlowVersionInUse +
                           ") FROM flow_versions f ORDER BY f.flow, f.recorded_at, f.version");
        std::vector<FlowVersionUse> out;
        while (q->executeStep())
            out.push_back({q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getInt()});
        return out;
    });
}

Result<int> SqliteStore::forget_unused_flow_versions() {
    return sql_guard("forget unused flow versions", [&]() -> Result<int> {
        auto del = statement(std::string("DELETE FROM flow_versions AS f WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE ") +
                             kFlowVersionInUse + ")");
        return del->exec();
    });
}

}  // namespace frontline
