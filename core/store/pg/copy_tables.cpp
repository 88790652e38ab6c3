#include "core/store/pg/copy_tables.hpp"

#include <algorithm>
#include <set>

#include <SQLiteCpp/SQLiteCpp.h>

namespace frontline::pg {
namespace {

bool copied(const std::string& name) {
    const auto& all = copied_tables();
    return std::find(all.begin(), all.end(), name) != all.end();
}

/// Tables deliberately not copied: the schema's own bookkeeping, and the leader leases, which name
/// the processes running now (the copy's target has none yet; its processes take the leases anew).
bool left_out(const std::string& name) { return name == "schema_version" || name == "leader_leases"; }

}  // namespace

const std::vector<std::string>& copied_tables() {
    static const std::vector<std::string> all = {
        "persons",           "identities",        "identity_links", "link_codes",   "ticket_sequences",
        "tickets",           "journal",           "ticket_attachments", "held_attachments", "held_messages",
        "sessions",          "flow_versions",     "inbox",          "outbox",       "timers",
        "adapter_cursors",   "conversation_lines", "alert_groups",  "bookings",
    };
    return all;
}

std::vector<std::string> uncovered_sqlite_tables(SQLite::Database& db) {
    std::set<std::string> virtual_tables;
    std::vector<std::string> tables;
    SQLite::Statement q(db, "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name");
    while (q.executeStep()) {
        std::string name = q.getColumn(0).getString();
        std::string sql = q.getColumn(1).getString();
        if (sql.rfind("CREATE VIRTUAL TABLE", 0) == 0) virtual_tables.insert(name);
        else tables.push_back(std::move(name));
    }
    std::vector<std::string> out;
    for (const auto& name : tables) {
        if (copied(name) || left_out(name) || name.rfind("sqlite_", 0) == 0) continue;
        // An FTS5 table keeps its index in shadow tables named after it: tickets_fts_data, ...
        const bool shadow = std::any_of(virtual_tables.begin(), virtual_tables.end(), [&](const std::string& v) {
            return name.size() > v.size() + 1 && name.compare(0, v.size() + 1, v + "_") == 0;
        });
        if (!shadow) out.push_back(name);
    }
    return out;
}

Result<std::vector<std::string>> uncovered_pg_tables(Connection& c) {
    auto rows = c.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                        " AND table_type = 'BASE TABLE' ORDER BY table_name");
    if (!rows) return rows.error();
    std::vector<std::string> out;
    for (int i = 0; i < rows->size(); ++i) {
        std::string name = rows->text(i, 0);
        if (copied(name) || left_out(name) || name == "ticket_search" || name == "ticket_words") continue;
        out.push_back(std::move(name));
    }
    return out;
}

std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (char ch : name) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

}  // namespace frontline::pg
