// The outbox on PostgreSQL, shared by several processes. A row belongs to one process at a time:
// it is born claimed by the process that queued it (the reply it is about to send), a process
// claims the rows it starts (pending_rows, followers) until now plus its lease, and a settled or
// rescheduled row is left unclaimed. Rows another process claims are neither deliverable here nor
// claimable until their lease runs out (the claimer died): then they are, and their sending_since
// tells the next attempt the message may already be there.
#include <map>
#include <set>

#include "core/store/outbox_runs.hpp"
#include "core/store/pg/pg_parts.hpp"
#include "core/store/unix_time.hpp"

namespace frontline {
namespace {

using pg::integer;
using pg::null;
using pg::text;

/// A bigint[] parameter: the array literal of `ids`.
pg::Param id_array(const std::vector<std::int64_t>& ids) {
    std::string out = "{";
    for (std::int64_t id : ids) {
        if (out.size() > 1) out += ',';
        out += std::to_string(id);
    }
    return out + "}";
}

OutboxPriority priority_of(std::int64_t p) {
    return p <= 0 ? OutboxPriority::urgent : p == 1 ? OutboxPriority::direct : OutboxPriority::bulk;
}

// Due pending rows that head their conversation's queue (its messages never overtake each other)
// and that no other process holds: $1 now, $2 this process.
constexpr const char* kDeliverableWhere = R"sql(
WHERE o.status = 'pending' AND o.next_attempt_at <= $1
  AND (o.claimed_by IS NULL OR o.claimed_by = $2 OR o.lease_until <= $1)
  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.status = 'pending' AND p.platform = o.platform
                  AND p.conversation = o.conversation AND p.id < o.id)
)sql";

// The platform id of the delivered message that row `o` replaces (the message names it by key).
constexpr const char* kReplacedPlatformId = R"sql(
(SELECT r.platform_message_id FROM outbox r
  WHERE r.message_key = (o.message::json ->> 'replaces') AND r.platform = o.platform
    AND r.conversation = o.conversation AND r.status = 'delivered'
  ORDER BY r.id DESC LIMIT 1)
)sql";

/// The columns read_row reads, of outbox row `o`.
std::string row_columns() {
    return std::string("SELECT o.id, o.message, o.attempts, o.created_at, ") + kReplacedPlatformId + ", o.sending_since";
}

Result<OutboxRow> read_row(const pg::Rows& q, int i) {
    OutboxRow row;
    row.id = q.integer(i, 0);
    auto message = outbound_message_from_json_text(q.text(i, 1));
    if (!message) return message.error();
    row.message = std::move(*message);
    row.attempts = static_cast<int>(q.integer(i, 2));
    row.created_at = from_unix(q.integer(i, 3));
    if (!q.null(i, 4)) row.replaces_platform_id = q.text(i, 4);
    if (!q.null(i, 5)) row.sending_since = from_unix(q.integer(i, 5));
    return row;
}

Result<std::vector<OutboxRow>> read_rows(const pg::Rows& q) {
    std::vector<OutboxRow> rows;
    for (int i = 0; i < q.size(); ++i) {
        auto row = read_row(q, i);
        if (!row) return row.error();
        rows.push_back(std::move(*row));
    }
    return rows;
}

}  // namespace

Result<bool> PgOutboxStore::enqueue(const OutboundMessage& m, TimePoint now) {
    auto row = enqueue_row(m, now);
    if (!row) return row.error();
    return row->has_value();
}

Result<std::optional<OutboxRow>> PgOutboxStore::enqueue_row(const OutboundMessage& m, TimePoint now) {
    // Born claimed by this process: it hands the row to its own dispatcher after the commit, and
    // another process's periodic look must not send it at the same moment.
    auto q = db_.query("INSERT INTO outbox (idempotency_key, platform, conversation, priority, message, next_attempt_at,"
                       " created_at, message_key, claimed_by, lease_until) VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9)"
                       " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
                       {text(m.idempotency_key), text(m.to.platform), text(m.to.conversation_id),
                        integer(static_cast<int>(m.priority)), text(outbound_message_to_json_text(m)),
                        integer(to_unix(now)), m.message_key.empty() ? null() : text(m.message_key),
                        text(claims_.holder), integer(to_unix(now + claims_.lease))});
    if (!q) return q.error();
    if (q->empty()) return std::optional<OutboxRow>{};
    OutboxRow row;
    row.id = q->integer(0, 0);
    row.message = m;
    row.created_at = now;
    return std::optional<OutboxRow>{std::move(row)};
}

Result<std::vector<OutboxRow>> PgOutboxStore::ready_among(const std::vector<OutboxRow>& queued) {
    const auto runs = conversation_runs(queued);
    std::vector<OutboxRow> ready;
    for (const auto& run : runs) {
        const OutboundMessage& first = run.front()->message;
        auto older = db_.query("SELECT EXISTS (SELECT 1 FROM outbox WHERE status = 'pending' AND platform = $1"
                               " AND conversation = $2 AND id < $3)",
                               {text(first.to.platform), text(first.to.conversation_id), integer(run.front()->id)});
        if (!older) return older.error();
        if (older->text(0, 0) == "t") continue;
        std::set<std::string> earlier_keys;
        for (const OutboxRow* row : run) {
            OutboxRow r = *row;
            const std::string& target = r.message.replaces;
            if (!target.empty()) {
                if (earlier_keys.count(target)) break;  // its target's platform id is not known yet
                auto q = db_.query("SELECT platform_message_id FROM outbox WHERE message_key = $1 AND platform = $2"
                                   " AND conversation = $3 AND status = 'delivered' ORDER BY id DESC LIMIT 1",
                                   {text(target), text(r.message.to.platform), text(r.message.to.conversation_id)});
                if (!q) return q.error();
                if (!q->empty() && !q->null(0, 0)) r.replaces_platform_id = q->text(0, 0);
            }
            if (!r.message.message_key.empty()) earlier_keys.insert(r.message.message_key);
            ready.push_back(std::move(r));
        }
    }
    return ready;
}

Result<std::vector<OutboxRow>> PgOutboxStore::deliverable(TimePoint now, int limit) {
    static const std::string sql = row_columns() + " FROM outbox o" + kDeliverableWhere + "ORDER BY o.priority, o.id LIMIT $3";
    auto q = db_.query(sql, {integer(to_unix(now)), text(claims_.holder), integer(limit)});
    if (!q) return q.error();
    return read_rows(*q);
}

Result<std::vector<OutboxHead>> PgOutboxStore::deliverable_heads(TimePoint now, int limit) {
    static const std::string sql = std::string("SELECT o.id, o.platform, o.conversation, o.priority,"
                                               " EXISTS (SELECT 1 FROM outbox r"
                                               "  WHERE r.message_key = (o.message::json ->> 'replaces')"
                                               "    AND r.platform = o.platform AND r.conversation = o.conversation"
                                               "    AND r.status = 'delivered')"
                                               " FROM outbox o") +
                                   kDeliverableWhere + "ORDER BY o.priority, o.id LIMIT $3";
    auto q = db_.query(sql, {integer(to_unix(now)), text(claims_.holder), integer(limit)});
    if (!q) return q.error();
    std::vector<OutboxHead> heads;
    for (int i = 0; i < q->size(); ++i)
        heads.push_back({q->integer(i, 0), {q->text(i, 1), q->text(i, 2), ""}, priority_of(q->integer(i, 3)),
                         q->text(i, 4) == "t"});
    return heads;
}

Result<std::vector<OutboxRow>> PgOutboxStore::pending_rows(const std::vector<std::int64_t>& ids, TimePoint now) {
    if (ids.empty()) return std::vector<OutboxRow>{};
    // One statement claims what it can: rows unclaimed, already ours or left by a process whose
    // lease ran out; SKIP LOCKED passes over rows another process is claiming or settling right now.
    static const std::string sql =
        "WITH c AS (SELECT id FROM outbox WHERE id = ANY($1::bigint[]) AND status = 'pending'"
        "  AND (claimed_by IS NULL OR claimed_by = $2 OR lease_until <= $3) FOR UPDATE SKIP LOCKED),"
        " o AS (UPDATE outbox SET claimed_by = $2, lease_until = $4 FROM c WHERE outbox.id = c.id"
        "  RETURNING outbox.id, outbox.message, outbox.attempts, outbox.created_at, outbox.sending_since,"
        "  outbox.platform, outbox.conversation) " +
        row_columns() + " FROM o ORDER BY array_position($1::bigint[], o.id)";
    auto q = db_.query(sql, {id_array(ids), text(claims_.holder), integer(to_unix(now)),
                             integer(to_unix(now + claims_.lease))});
    if (!q) return q.error();
    return read_rows(*q);
}

Result<std::vector<OutboxRow>> PgOutboxStore::followers(const OutboxRow& head, TimePoint now, int limit) {
    // The rows after the head, in order, claimed as far as the run goes: it ends at a row waiting
    // for its retry, one another process holds, or one locked right now (what follows must not
    // overtake it). Rows past that end are locked for this statement but left unclaimed.
    static const std::string sql =
        "WITH cand AS MATERIALIZED (SELECT id FROM outbox WHERE status = 'pending' AND platform = $1"
        "  AND conversation = $2 AND id > $3 ORDER BY id LIMIT $4),"
        " c AS MATERIALIZED (SELECT id FROM outbox WHERE id IN (SELECT id FROM cand) AND status = 'pending'"
        "  AND next_attempt_at <= $5 AND (claimed_by IS NULL OR claimed_by = $6 OR lease_until <= $5)"
        "  FOR UPDATE SKIP LOCKED),"
        " stop AS (SELECT MIN(id) AS id FROM cand WHERE id NOT IN (SELECT id FROM c)),"
        " o AS (UPDATE outbox SET claimed_by = $6, lease_until = $7 FROM c WHERE outbox.id = c.id"
        "  AND (outbox.id < (SELECT id FROM stop) OR (SELECT id FROM stop) IS NULL)"
        "  RETURNING outbox.id, outbox.message, outbox.attempts, outbox.created_at, outbox.sending_since,"
        "  outbox.platform, outbox.conversation) " +
        row_columns() + " FROM o ORDER BY o.id";
    auto q = db_.query(sql, {text(head.message.to.platform), text(head.message.to.conversation_id), integer(head.id),
                             integer(limit), integer(to_unix(now)), text(claims_.holder),
                             integer(to_unix(now + claims_.lease))});
    if (!q) return q.error();
    return read_rows(*q);
}

Result<std::vector<OutboundMessage>> PgOutboxStore::delivered_as(const Address& to, const std::string& platform_message_id) {
    auto q = db_.query("SELECT message FROM outbox WHERE platform = $1 AND conversation = $2 AND platform_message_id = $3"
                       " AND status = 'delivered' ORDER BY id",
                       {text(to.platform), text(to.conversation_id), text(platform_message_id)});
    if (!q) return q.error();
    std::vector<OutboundMessage> out;
    for (int i = 0; i < q->size(); ++i) {
        auto message = outbound_message_from_json_text(q->text(i, 0));
        if (!message) return message.error();
        out.push_back(std::move(*message));
    }
    return out;
}

Status PgOutboxStore::mark_sending(std::int64_t id, TimePoint now) {
    // The claim stays: the send is under way.
    auto q = db_.query("UPDATE outbox SET sending_since = COALESCE(sending_since, $1) WHERE id = $2 AND status = 'pending'",
                       {integer(to_unix(now)), integer(id)});
    if (!q) return q.error();
    return {};
}

Status PgOutboxStore::mark_delivered(std::int64_t id, const std::string& platform_message_id, TimePoint now) {
    auto q = db_.query("UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = $1,"
                       " platform_message_id = $2, last_error = NULL, claimed_by = NULL, lease_until = NULL WHERE id = $3",
                       {integer(to_unix(now)), text(platform_message_id), integer(id)});
    if (!q) return q.error();
    return {};
}

Status PgOutboxStore::mark_retry(std::int64_t id, TimePoint next_attempt_at, const std::string& error) {
    // Unclaimed: whichever process looks when the retry is due sends it.
    auto q = db_.query("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2,"
                       " claimed_by = NULL, lease_until = NULL WHERE id = $3 AND status = 'pending'",
                       {integer(to_unix(next_attempt_at)), text(error), integer(id)});
    if (!q) return q.error();
    return {};
}

Status PgOutboxStore::mark_failed(std::int64_t id, const std::string& error) {
    auto q = db_.query("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $1,"
                       " claimed_by = NULL, lease_until = NULL WHERE id = $2",
                       {text(error), integer(id)});
    if (!q) return q.error();
    return {};
}

Result<OutboxDepth> PgOutboxStore::depth() {
    auto q = db_.query("SELECT priority, COUNT(*) FROM outbox WHERE status = 'pending' GROUP BY priority");
    if (!q) return q.error();
    OutboxDepth d{0, 0, 0};
    for (int i = 0; i < q->size(); ++i) {
        const auto p = q->integer(i, 0);
        if (p >= 0 && p < 3) d[static_cast<std::size_t>(p)] = q->integer(i, 1);
    }
    return d;
}

Result<std::optional<TimePoint>> PgOutboxStore::next_attempt_after(TimePoint after) {
    auto q = db_.query("SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending' AND next_attempt_at > $1",
                       {integer(to_unix(after))});
    if (!q) return q.error();
    if (q->empty() || q->null(0, 0)) return std::optional<TimePoint>{};
    return std::optional<TimePoint>{from_unix(q->integer(0, 0))};
}

Result<std::string> PgOutboxStore::status_of(const std::string& idempotency_key) {
    auto q = db_.query("SELECT status FROM outbox WHERE idempotency_key = $1", {text(idempotency_key)});
    if (!q) return q.error();
    if (q->empty()) return make_error(Errc::not_found, "no outbox row " + idempotency_key);
    return q->text(0, 0);
}

Result<std::optional<OutboundMessage>> PgOutboxStore::message_of(std::int64_t id) {
    auto q = db_.query("SELECT message FROM outbox WHERE id = $1", {integer(id)});
    if (!q) return q.error();
    if (q->empty()) return std::optional<OutboundMessage>{};
    auto m = outbound_message_from_json_text(q->text(0, 0));
    if (!m) return m.error();
    return std::optional<OutboundMessage>{std::move(*m)};
}

Result<std::vector<FailedOutboxRow>> PgOutboxStore::failed(int limit) {
    auto q = db_.query("SELECT id, message, attempts, created_at, last_error FROM outbox WHERE status = 'failed'"
                       " ORDER BY id DESC LIMIT $1",
                       {integer(limit)});
    if (!q) return q.error();
    std::vector<FailedOutboxRow> rows;
    for (int i = 0; i < q->size(); ++i) {
        FailedOutboxRow row;
        row.id = q->integer(i, 0);
        auto message = outbound_message_from_json_text(q->text(i, 1));
        if (!message) return message.error();
        row.message = std::move(*message);
        row.attempts = static_cast<int>(q->integer(i, 2));
        row.created_at = from_unix(q->integer(i, 3));
        if (!q->null(i, 4)) row.error = q->text(i, 4);
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<std::map<std::string, long long>> PgOutboxStore::failed_by_platform() {
    auto q = db_.query("SELECT platform, COUNT(*) FROM outbox WHERE status = 'failed' GROUP BY platform");
    if (!q) return q.error();
    std::map<std::string, long long> out;
    for (int i = 0; i < q->size(); ++i) out[q->text(i, 0)] = q->integer(i, 1);
    return out;
}

}  // namespace frontline
