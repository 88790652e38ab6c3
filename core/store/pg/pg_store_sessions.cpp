// Conversation sessions and the flow versions they stand on, on PostgreSQL (store_sessions.cpp).
#include "core/store/pg/pg_store.hpp"
#include "core/store/unix_time.hpp"
#include "core/text.hpp"

namespace frontline {
namespace {

using pg::integer;
using pg::text;

// Sessions name their flow version inside the engine's JSON. Run at start and in check-config,
// never per turn.
constexpr const char* kFlowVersionInUse =
    "(s.state::jsonb ->> 'flow') = f.flow AND (s.state::jsonb ->> 'flow_version') = f.version";

}  // namespace

Result<std::optional<StoredSession>> PgStore::load_session(const Identity& user) {
    auto q = db_->query("SELECT state, updated_at FROM sessions WHERE platform = $1 AND user_id = $2",
                        {text(user.platform), text(user.user_id)});
    if (!q) return q.error();
    if (q->empty()) return std::optional<StoredSession>{};
    return std::optional<StoredSession>{StoredSession{user, q->text(0, 0), from_unix(q->integer(0, 1))}};
}

Status PgStore::save_session(const StoredSession& s) {
    if (auto ok = validate_text(s.state, 4 * kMaxFieldBytes, "session state"); !ok) return ok;
    auto up = db_->query("INSERT INTO sessions (platform, user_id, state, updated_at) VALUES ($1, $2, $3, $4)"
                         " ON CONFLICT (platform, user_id) DO UPDATE SET state = $3, updated_at = $4",
                         {text(s.user.platform), text(s.user.user_id), text(s.state), integer(to_unix(s.updated_at))});
    if (!up) return up.error();
    return {};
}

Status PgStore::erase_session(const Identity& user) {
    auto del = db_->query("DELETE FROM sessions WHERE platform = $1 AND user_id = $2", {text(user.platform), text(user.user_id)});
    if (!del) return del.error();
    return {};
}

Status PgStore::keep_flow_version(const std::string& flow, const std::string& version, const std::string& definition,
                                  TimePoint now) {
    if (auto ok = validate_text(definition, 16 * kMaxFieldBytes, "flow definition"); !ok) return ok;
    auto ins = db_->query("INSERT INTO flow_versions (flow, version, definition, recorded_at) VALUES ($1, $2, $3, $4)"
                          " ON CONFLICT (flow, version) DO NOTHING",
                          {text(flow), text(version), text(definition), integer(to_unix(now))});
    if (!ins) return ins.error();
    return {};
}

Result<std::optional<std::string>> PgStore::find_flow_version(const std::string& flow, const std::string& version) {
    auto q = db_->query("SELECT definition FROM flow_versions WHERE flow = $1 AND version = $2", {text(flow), text(version)});
    if (!q) return q.error();
    if (q->empty()) return std::optional<std::string>{};
    return std::optional<std::string>{q->text(0, 0)};
}

Result<std::vector<FlowVersionUse>> PgStore::flow_versions() {
    auto q = db_->query(std::string("SELECT f.flow, f.version, (SELECT count(*) FROM sessions s WHERE ") + kFlowVersionInUse +
                        ") FROM flow_versions f ORDER BY f.flow, f.recorded_at, f.version");
    if (!q) return q.error();
    std::vector<FlowVersionUse> out;
    for (int i = 0; i < q->size(); ++i) out.push_back({q->text(i, 0), q->text(i, 1), static_cast<int>(q->integer(i, 2))});
    return out;
}

Result<int> PgStore::forget_unused_flow_versions() {
    auto del = db_->query(std::string("DELETE FROM flow_versions f WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE ") +
                          kFlowVersionInUse + ")");
    if (!del) return del.error();
    return static_cast<int>(del->affected());
}

}  // namespace frontline
