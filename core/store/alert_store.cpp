// Monitoring alert groups and the incident each one opened (AlertRepository), on the Store's
// connection so they read and write inside the batch's transaction.
#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_store.hpp"

namespace frontline {

Result<std::optional<AlertGroup>> SqliteStore::find_alert_group(const std::string& group_key) {
    return sql_guard("find an alert group", [&]() -> Result<std::optional<AlertGroup>> {
        auto q = statement("SELECT ticket, fingerprints, firing FROM alert_groups WHERE group_key = ?");
        q->bind(1, group_key);
        if (!q->executeStep()) return std::optional<AlertGroup>{};
        auto id = TicketId::parse(q->getColumn(0).getString());
        if (!id) return make_error(Errc::storage, "alert group " + group_key + ": bad ticket id");
        AlertGroup g;
        g.group_key = group_key;
        g.ticket = *id;
        g.fingerprints = nlohmann::json::parse(q->getColumn(1).getString()).get<std::vector<std::string>>();
        g.firing = q->getColumn(2).getInt() != 0;
        return std::optional<AlertGroup>{std::move(g)};
    });
}

Status SqliteStore::save_alert_group(const AlertGroup& g) {
    return sql_guard("save an alert group", [&]() -> Status {
        // updated_seq orders the groups by their last change (newest first in look-ups) without a clock.
        auto q = statement("INSERT INTO alert_groups (group_key, ticket, fingerprints, firing, updated_seq)"
                           " VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(updated_seq), 0) + 1 FROM alert_groups))"
                           " ON CONFLICT(group_key) DO UPDATE SET ticket = excluded.ticket,"
                           " fingerprints = excluded.fingerprints, firing = excluded.firing, updated_seq = excluded.updated_seq");
        q->bind(1, g.group_key);
        q->bind(2, g.ticket.str());
        q->bind(3, nlohmann::json(g.fingerprints).dump());
        q->bind(4, g.firing ? 1 : 0);
        q->exec();
        return {};
    });
}

Result<std::vector<TicketId>> SqliteStore::firing_alert_incidents(int limit) {
    return sql_guard("list the incidents of firing alert groups", [&]() -> Result<std::vector<TicketId>> {
        auto q = statement("SELECT ticket FROM alert_groups WHERE firing = 1 ORDER BY updated_seq DESC LIMIT ?");
        q->bind(1, limit);
        std::vector<TicketId> out;
        while (q->executeStep())
            if (auto id = TicketId::parse(q->getColumn(0).getString())) out.push_back(*id);
        return out;
    });
}

}  // namespace frontline
