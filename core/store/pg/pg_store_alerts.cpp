// Monitoring alert groups and the incident each one opened, on PostgreSQL (alert_store.cpp).
#include <nlohmann/json.hpp>

#include "core/store/pg/pg_store.hpp"

namespace frontline {
namespace {

using pg::integer;
using pg::text;

}  // namespace

Result<std::optional<AlertGroup>> PgStore::find_alert_group(const std::string& group_key) {
    auto q = db_->query("SELECT ticket, fingerprints, firing FROM alert_groups WHERE group_key = $1", {text(group_key)});
    if (!q) return q.error();
    if (q->empty()) return std::optional<AlertGroup>{};
    auto id = TicketId::parse(q->text(0, 0));
    if (!id) return make_error(Errc::storage, "alert group " + group_key + ": bad ticket id");
    AlertGroup g;
    g.group_key = group_key;
    g.ticket = *id;
    try {
        g.fingerprints = nlohmann::json::parse(q->text(0, 1)).get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception& e) {
        return make_error(Errc::storage, "alert group " + group_key + ": corrupt fingerprints: " + e.what());
    }
    g.firing = q->integer(0, 2) != 0;
    return std::optional<AlertGroup>{std::move(g)};
}

Status PgStore::save_alert_group(const AlertGroup& g) {
    // updated_seq orders the groups by their last change (newest first in look-ups) without a clock.
    // The transaction-scoped lock makes MAX + 1 one step across processes, as SQLite's one writer
    // does: two groups changed at once still get two numbers. Alerts are rare; the wait is short.
    // The MAX is read per firing state (0 or 1, written only here) through alert_groups_firing,
    // one index entry each, rather than by reading every group the desk ever saw.
    return db_->in_transaction([&]() -> Status {
        auto lock = db_->query("SELECT pg_advisory_xact_lock(hashtext('frontline.alert_groups.updated_seq'))");
        if (!lock) return lock.error();
        auto up = db_->query("INSERT INTO alert_groups (group_key, ticket, fingerprints, firing, updated_seq)"
                             " VALUES ($1, $2, $3, $4, COALESCE(GREATEST((SELECT MAX(updated_seq) FROM alert_groups WHERE firing = 0),"
                             " (SELECT MAX(updated_seq) FROM alert_groups WHERE firing = 1)), 0) + 1)"
                             " ON CONFLICT (group_key) DO UPDATE SET ticket = excluded.ticket,"
                             " fingerprints = excluded.fingerprints, firing = excluded.firing, updated_seq = excluded.updated_seq",
                             {text(g.group_key), text(g.ticket.str()), text(nlohmann::json(g.fingerprints).dump()),
                              integer(g.firing ? 1 : 0)});
        if (!up) return up.error();
        return {};
    });
}

Result<std::vector<TicketId>> PgStore::firing_alert_incidents(int limit) {
    auto q = db_->query("SELECT ticket FROM alert_groups WHERE firing = 1 ORDER BY updated_seq DESC LIMIT $1",
                        {limit < 0 ? pg::null() : integer(limit)});  // SQLite reads a negative limit as none
    if (!q) return q.error();
    std::vector<TicketId> out;
    for (int i = 0; i < q->size(); ++i)
        if (auto id = TicketId::parse(q->text(i, 0))) out.push_back(*id);
    return out;
}

}  // namespace frontline
