#include "core/store/outbox_store.hpp"

#include <map>
#include <set>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "core/store/outbox_runs.hpp"
#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_parts.hpp"

namespace frontline {

namespace {

using nlohmann::json;


json address_to_json(const Address& a) {
    return json{{"platform", a.platform}, {"conversation_id", a.conversation_id}, {"thread", a.thread}};
}

Address address_from_json(const json& j) {
    return Address{j.at("platform").get<std::string>(), j.at("conversation_id").get<std::string>(),
                   j.value("thread", std::string{})};
}

}  // namespace

std::string outbound_message_to_json_text(const OutboundMessage& m) {
    json choices = json::array();
    for (const auto& c : m.choices) choices.push_back(json{{"label", c.label}, {"payload", c.payload}});
    json mentions = json::array();
    for (const auto& i : m.mentions) mentions.push_back(json{{"platform", i.platform}, {"user_id", i.user_id}});
    json j{{"to", address_to_json(m.to)},
           {"text", m.text},
           {"choices", std::move(choices)},
           {"mentions", std::move(mentions)},
           {"replaces", m.replaces},
           {"idempotency_key", m.idempotency_key},
           {"message_key", m.message_key},
           {"priority", static_cast<int>(m.priority)},
           {"restricted", m.restricted}};
    if (!m.locale.empty()) j["locale"] = m.locale;
    // Replace invalid UTF-8 rather than throw: the text came from a user and must still be stored.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<OutboundMessage> outbound_message_from_json_text(const std::string& text) {
    try {
        const json j = json::parse(text);
        OutboundMessage m;
        m.to = address_from_json(j.at("to"));
        m.text = j.at("text").get<std::string>();
        for (const auto& c : j.at("choices"))
            m.choices.push_back(Choice{c.at("label").get<std::string>(), c.at("payload").get<std::string>()});
        for (const auto& i : j.at("mentions"))
            m.mentions.push_back(Identity{i.at("platform").get<std::string>(), i.at("user_id").get<std::string>()});
        m.replaces = j.value("replaces", std::string{});
        m.idempotency_key = j.at("idempotency_key").get<std::string>();
        m.message_key = j.value("message_key", std::string{});
        const int p = j.value("priority", 1);
        m.priority = p <= 0 ? OutboxPriority::urgent : p == 1 ? OutboxPriority::direct : OutboxPriority::bulk;
        m.restricted = j.value("restricted", false);
        m.locale = j.value("locale", std::string{});
        return m;
    } catch (const json::exception& e) {
        return make_error(Errc::parse, std::string("outbox message: ") + e.what());
    }
}

Result<bool> SqliteOutboxStore::enqueue(const OutboundMessage& m, TimePoint now) {
    auto row = enqueue_row(m, now);
    if (!row) return row.error();
    return row->has_value();
}

Result<std::optional<OutboxRow>> SqliteOutboxStore::enqueue_row(const OutboundMessage& m, TimePoint now) {
    return sql_guard("outbox enqueue", [&]() -> Result<std::optional<OutboxRow>> {
        auto q = store_.statement("INSERT OR IGNORE INTO outbox (idempotency_key, platform, conversation, priority, "
                                  "message, next_attempt_at, created_at, message_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        q->bind(1, m.idempotency_key);
        q->bind(2, m.to.platform);
        q->bind(3, m.to.conversation_id);
        q->bind(4, static_cast<int>(m.priority));
        q->bind(5, outbound_message_to_json_text(m));
        q->bind(6, to_unix(now));
        q->bind(7, to_unix(now));
        if (m.message_key.empty()) q->bind(8); else q->bind(8, m.message_key);
        if (q->exec() != 1) return std::optional<OutboxRow>{};
        OutboxRow row;
        row.id = store_.db().getLastInsertRowid();
        row.message = m;
        row.created_at = now;
        return std::optional<OutboxRow>{std::move(row)};
    });
}

Result<std::vector<OutboxRow>> SqliteOutboxStore::ready_among(const std::vector<OutboxRow>& queued) {
    return sql_guard("outbox ready rows", [&]() -> Result<std::vector<OutboxRow>> {
        const auto runs = conversation_runs(queued);
        std::vector<OutboxRow> ready;
        for (const auto& run : runs) {
            auto older = store_.statement("SELECT EXISTS (SELECT 1 FROM outbox WHERE status = 'pending' AND platform = ?"
                                          " AND conversation = ? AND id < ?)");
            older->bind(1, run.front()->message.to.platform);
            older->bind(2, run.front()->message.to.conversation_id);
            older->bind(3, run.front()->id);
            if (older->executeStep() && older->getColumn(0).getInt() != 0) continue;
            std::set<std::string> earlier_keys;
            for (const OutboxRow* row : run) {
                OutboxRow r = *row;
                const std::string& target = r.message.replaces;
                if (!target.empty()) {
                    if (earlier_keys.count(target)) break;
                    auto q = store_.statement("SELECT platform_message_id FROM outbox WHERE message_key = ?"
                                              " AND platform = ? AND conversation = ? AND status = 'delivered'"
                                              " ORDER BY id DESC LIMIT 1");
                    q->bind(1, target);
                    q->bind(2, r.message.to.platform);
                    q->bind(3, r.message.to.conversation_id);
                    if (q->executeStep() && !q->getColumn(0).isNull()) r.replaces_platform_id = q->getColumn(0).getString();
                }
                if (!r.message.message_key.empty()) earlier_keys.insert(r.message.message_key);
                ready.push_back(std::move(r));
            }
        }
        return ready;
    });
}

namespace {

// Due pending rows that head their conversation's queue: a conversation's messages never overtake
// each other.
constexpr const char* kDeliverableWhere = R"sql(
WHERE o.status = 'pending' AND o.next_attempt_at <= ?
  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.status = 'pending' AND p.platform = o.platform
                  AND p.conversation = o.conversation AND p.id < o.id)
)sql";

// A row as the dispatcher delivers it, with the platform id of the message it replaces.
constexpr const char* kRowColumns = R"sql(
SELECT o.id, o.message, o.attempts, o.created_at,
       (SELECT r.platform_message_id FROM outbox r
         WHERE r.message_key = json_extract(o.message, '$.replaces') AND r.platform = o.platform
           AND r.conversation = o.conversation AND r.status = 'delivered'
         ORDER BY r.id DESC LIMIT 1),
       o.sending_since
FROM outbox o
)sql";

Result<OutboxRow> read_row(SQLite::Statement& q) {
    OutboxRow row;
    row.id = q.getColumn(0).getInt64();
    auto message = outbound_message_from_json_text(q.getColumn(1).getString());
    if (!message) return message.error();
    row.message = std::move(*message);
    row.attempts = q.getColumn(2).getInt();
    row.created_at = from_unix(q.getColumn(3).getInt64());
    if (!q.getColumn(4).isNull()) row.replaces_platform_id = q.getColumn(4).getString();
    if (!q.getColumn(5).isNull()) row.sending_since = from_unix(q.getColumn(5).getInt64());
    return row;
}

}  // namespace

Result<std::vector<OutboxRow>> SqliteOutboxStore::deliverable(TimePoint now, int limit) {
    return sql_guard("outbox deliverable", [&]() -> Result<std::vector<OutboxRow>> {
        static const std::string sql = std::string(kRowColumns) + kDeliverableWhere + "ORDER BY o.priority, o.id LIMIT ?";
        auto q = store_.statement(sql);
        q->bind(1, to_unix(now));
        q->bind(2, limit);
        std::vector<OutboxRow> rows;
        while (q->executeStep()) {
            auto row = read_row(*q);
            if (!row) return row.error();
            rows.push_back(std::move(*row));
        }
        return rows;
    });
}

Result<std::vector<OutboxHead>> SqliteOutboxStore::deliverable_heads(TimePoint now, int limit) {
    return sql_guard("outbox deliverable heads", [&]() -> Result<std::vector<OutboxHead>> {
        // json_extract reads one field in SQLite's C parser, far cheaper than decoding the message.
        static const std::string sql = std::string(
                                           "SELECT o.id, o.platform, o.conversation, o.priority,"
                                           " EXISTS (SELECT 1 FROM outbox r"
                                           "  WHERE r.message_key = json_extract(o.message, '$.replaces')"
                                           "    AND r.platform = o.platform AND r.conversation = o.conversation"
                                           "    AND r.status = 'delivered')"
                                           " FROM outbox o") +
                                       kDeliverableWhere + "ORDER BY o.priority, o.id LIMIT ?";
        auto q = store_.statement(sql);
        q->bind(1, to_unix(now));
        q->bind(2, limit);
        std::vector<OutboxHead> heads;
        while (q->executeStep()) {
            const int p = q->getColumn(3).getInt();
            heads.push_back({q->getColumn(0).getInt64(), {q->getColumn(1).getString(), q->getColumn(2).getString(), ""},
                             p <= 0 ? OutboxPriority::urgent : p == 1 ? OutboxPriority::direct : OutboxPriority::bulk,
                             q->getColumn(4).getInt() != 0});
        }
        return heads;
    });
}

Result<std::vector<OutboxRow>> SqliteOutboxStore::pending_rows(const std::vector<std::int64_t>& ids, [[maybe_unused]] TimePoint now) {
    return sql_guard("outbox rows", [&]() -> Result<std::vector<OutboxRow>> {
        static const std::string sql = std::string(kRowColumns) + "WHERE o.id = ? AND o.status = 'pending'";
        std::vector<OutboxRow> rows;
        for (std::int64_t id : ids) {
            auto q = store_.statement(sql);
            q->bind(1, id);
            if (!q->executeStep()) continue;
            auto row = read_row(*q);
            if (!row) return row.error();
            rows.push_back(std::move(*row));
        }
        return rows;
    });
}

Result<std::vector<OutboxRow>> SqliteOutboxStore::followers(const OutboxRow& head, TimePoint now, int limit) {
    return sql_guard("outbox followers", [&]() -> Result<std::vector<OutboxRow>> {
        auto q = store_.statement(R"sql(
SELECT o.id, o.message, o.attempts, o.created_at,
       (SELECT r.platform_message_id FROM outbox r
         WHERE r.message_key = json_extract(o.message, '$.replaces') AND r.platform = o.platform
           AND r.conversation = o.conversation AND r.status = 'delivered'
         ORDER BY r.id DESC LIMIT 1),
       o.sending_since, o.next_attempt_at
FROM outbox o
WHERE o.status = 'pending' AND o.platform = ? AND o.conversation = ? AND o.id > ?
ORDER BY o.id
LIMIT ?)sql");
        q->bind(1, head.message.to.platform);
        q->bind(2, head.message.to.conversation_id);
        q->bind(3, head.id);
        q->bind(4, limit);
        std::vector<OutboxRow> rows;
        while (q->executeStep()) {
            // A row waiting for its retry ends the run: what follows it must not overtake it.
            if (q->getColumn(6).getInt64() > to_unix(now)) break;
            OutboxRow row;
            row.id = q->getColumn(0).getInt64();
            auto message = outbound_message_from_json_text(q->getColumn(1).getString());
            if (!message) return message.error();
            row.message = std::move(*message);
            row.attempts = q->getColumn(2).getInt();
            row.created_at = from_unix(q->getColumn(3).getInt64());
            if (!q->getColumn(4).isNull()) row.replaces_platform_id = q->getColumn(4).getString();
            if (!q->getColumn(5).isNull()) row.sending_since = from_unix(q->getColumn(5).getInt64());
            rows.push_back(std::move(row));
        }
        return rows;
    });
}

Result<std::vector<OutboundMessage>> SqliteOutboxStore::delivered_as(const Address& to, const std::string& platform_message_id) {
    return sql_guard("outbox delivered as", [&]() -> Result<std::vector<OutboundMessage>> {
        auto q = store_.statement(
            "SELECT message FROM outbox WHERE platform = ? AND conversation = ? AND platform_message_id = ? "
            "AND status = 'delivered' ORDER BY id");
        q->bind(1, to.platform);
        q->bind(2, to.conversation_id);
        q->bind(3, platform_message_id);
        std::vector<OutboundMessage> out;
        while (q->executeStep()) {
            auto message = outbound_message_from_json_text(q->getColumn(0).getString());
            if (!message) return message.error();
            out.push_back(std::move(*message));
        }
        return out;
    });
}

Status SqliteOutboxStore::mark_sending(std::int64_t id, TimePoint now) {
    return sql_guard("outbox mark sending", [&]() -> Status {
        auto q = store_.statement(
            "UPDATE outbox SET sending_since = COALESCE(sending_since, ?) WHERE id = ? AND status = 'pending'");
        q->bind(1, to_unix(now));
        q->bind(2, id);
        q->exec();
        return {};
    });
}

Status SqliteOutboxStore::mark_delivered(std::int64_t id, const std::string& platform_message_id, TimePoint now) {
    return sql_guard("outbox mark delivered", [&]() -> Status {
        auto q = store_.statement("UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, "
                                  "platform_message_id = ?, last_error = NULL WHERE id = ?");
        q->bind(1, to_unix(now));
        q->bind(2, platform_message_id);
        q->bind(3, id);
        q->exec();
        return {};
    });
}

Status SqliteOutboxStore::mark_retry(std::int64_t id, TimePoint next_attempt_at, const std::string& error) {
    return sql_guard("outbox mark retry", [&]() -> Status {
        auto q = store_.statement("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? "
                                  "WHERE id = ? AND status = 'pending'");
        q->bind(1, to_unix(next_attempt_at));
        q->bind(2, error);
        q->bind(3, id);
        q->exec();
        return {};
    });
}

Status SqliteOutboxStore::mark_failed(std::int64_t id, const std::string& error) {
    return sql_guard("outbox mark failed", [&]() -> Status {
        auto q = store_.statement("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? "
                                  "WHERE id = ?");
        q->bind(1, error);
        q->bind(2, id);
        q->exec();
        return {};
    });
}

Result<OutboxDepth> SqliteOutboxStore::depth() {
    return sql_guard("outbox depth", [&]() -> Result<OutboxDepth> {
        auto q = store_.statement("SELECT priority, COUNT(*) FROM outbox WHERE status = 'pending' GROUP BY priority");
        OutboxDepth d{0, 0, 0};
        while (q->executeStep()) {
            const int p = q->getColumn(0).getInt();
            if (p >= 0 && p < 3) d[static_cast<std::size_t>(p)] = q->getColumn(1).getInt64();
        }
        return d;
    });
}

Result<std::optional<TimePoint>> SqliteOutboxStore::next_attempt_after(TimePoint after) {
    return sql_guard("outbox next attempt", [&]() -> Result<std::optional<TimePoint>> {
        auto q = store_.statement("SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending' AND next_attempt_at > ?");
        q->bind(1, to_unix(after));
        if (!q->executeStep() || q->getColumn(0).isNull()) return std::optional<TimePoint>{};
        return std::optional<TimePoint>{from_unix(q->getColumn(0).getInt64())};
    });
}

Result<std::string> SqliteOutboxStore::status_of(const std::string& idempotency_key) {
    return sql_guard("outbox status", [&]() -> Result<std::string> {
        auto q = store_.statement("SELECT status FROM outbox WHERE idempotency_key = ?");
        q->bind(1, idempotency_key);
        if (!q->executeStep()) return make_error(Errc::not_found, "no outbox row " + idempotency_key);
        return q->getColumn(0).getString();
    });
}

Result<std::optional<OutboundMessage>> SqliteOutboxStore::message_of(std::int64_t id) {
    return sql_guard("outbox message", [&]() -> Result<std::optional<OutboundMessage>> {
        auto q = store_.statement("SELECT message FROM outbox WHERE id = ?");
        q->bind(1, id);
        if (!q->executeStep()) return std::optional<OutboundMessage>{};
        auto m = outbound_message_from_json_text(q->getColumn(0).getString());
        if (!m) return m.error();
        return std::optional<OutboundMessage>{std::move(*m)};
    });
}

Result<std::vector<FailedOutboxRow>> SqliteOutboxStore::failed(int limit) {
    return sql_guard("outbox failed", [&]() -> Result<std::vector<FailedOutboxRow>> {
        auto q = store_.statement("SELECT id, message, attempts, created_at, last_error FROM outbox "
                                  "WHERE status = 'failed' ORDER BY id DESC LIMIT ?");
        q->bind(1, limit);
        std::vector<FailedOutboxRow> rows;
        while (q->executeStep()) {
            FailedOutboxRow row;
            row.id = q->getColumn(0).getInt64();
            auto message = outbound_message_from_json_text(q->getColumn(1).getString());
            if (!message) return message.error();
            row.message = std::move(*message);
            row.attempts = q->getColumn(2).getInt();
            row.created_at = from_unix(q->getColumn(3).getInt64());
            if (!q->getColumn(4).isNull()) row.error = q->getColumn(4).getString();
            rows.push_back(std::move(row));
        }
        return rows;
    });
}

Result<std::map<std::string, long long>> SqliteOutboxStore::failed_by_platform() {
    return sql_guard("outbox failed by platform", [&]() -> Result<std::map<std::string, long long>> {
        auto q = store_.statement("SELECT platform, COUNT(*) FROM outbox WHERE status = 'failed' GROUP BY platform");
        std::map<std::string, long long> out;
        while (q->executeStep()) out[q->getColumn(0).getString()] = q->getColumn(1).getInt64();
        return out;
    });
}

}  // namespace frontline
