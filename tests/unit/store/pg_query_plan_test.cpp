// On PostgreSQL, the statements of the hand-off, booking, attachment and alert look-ups that run on
// a user's turn find their rows through an index (query_plan_test.cpp does the same on SQLite). The
// statements are those the connection really prepared during the calls (pg_prepared_statements);
// each one's generic plan (the one a cached statement settles on, whatever its values) is read with
// sequential scans priced out, so a Seq Scan, or an index walked without a condition, on a table
// that grows means no index serves it.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/store/conversation_line_store.hpp"
#include "core/store/cursor_store.hpp"
#include "core/store/inbox_store.hpp"
#include "core/store/leader_leases.hpp"
#include "core/store/outbox_store.hpp"
#include "core/store/pg/pg_store.hpp"
#include "core/store/timer_store.hpp"
#include "store_test_support.hpp"
#include "tests/support/pg_cluster.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::sample_ticket;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 9h;

std::unique_ptr<PgStore> open_store() {
    auto& cluster = testkit::PgCluster::shared();
    const std::string name = cluster.unique_name();
    cluster.create_database(name);
    auto s = PgStore::open({cluster.url(name), cluster.password()});
    if (!s) ADD_FAILURE() << s.error().message;
    return s ? std::move(*s) : nullptr;
}

/// The plan nodes of `plan` that read a whole growing table or a whole index of one.
void whole_reads(const json& node, std::vector<std::string>& bad) {
    static const std::set<std::string> kSmall = {"ticket_sequences", "schema_version", "adapter_cursors"};
    const std::string type = node.value("Node Type", "");
    const std::string table = node.value("Relation Name", "");
    const bool scan = type == "Seq Scan" || ((type == "Index Scan" || type == "Index Only Scan" || type == "Bitmap Index Scan") &&
                                             !node.contains("Index Cond"));
    // A Bitmap Index Scan names its index, not its table: judged by its Bitmap Heap Scan parent.
    // A partial index of the outbox's pending rows holds the backlog, not the history: reading it
    // whole costs what is waiting to be sent, whatever the table's size.
    static const std::set<std::string> kBacklogOnly = {"outbox_pending_by_conversation"};
    if (scan && !kSmall.count(table) && !kBacklogOnly.count(node.value("Index Name", "")))
        bad.push_back(type + " on " + (table.empty() ? node.value("Index Name", "?") : table + " (" + node.value("Index Name", "") + ")"));
    if (node.contains("Plans"))
        for (const json& child : node["Plans"]) whole_reads(child, bad);
}

/// Every statement this connection prepared (text -> the plan's whole reads), SQL EXPLAINs aside.
std::vector<std::pair<std::string, std::vector<std::string>>> plans(pg::Connection& db) {
    auto listed = db.query("SELECT name, statement, coalesce(cardinality(parameter_types), 0) FROM pg_prepared_statements"
                           " WHERE statement NOT LIKE 'EXPLAIN%' AND statement NOT LIKE 'SET %'");
    EXPECT_TRUE(listed) << listed.error().message;
    if (!listed) return {};
    EXPECT_TRUE(db.execute_script("SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan"));
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (int i = 0; i < listed->size(); ++i) {
        std::string args;
        for (std::int64_t n = 0; n < listed->integer(i, 2); ++n) args += n ? ", NULL" : "NULL";
        const std::string sql = listed->text(i, 1);
        auto plan = db.query("EXPLAIN (FORMAT JSON) EXECUTE " + listed->text(i, 0) + (args.empty() ? "" : "(" + args + ")"));
        EXPECT_TRUE(plan) << sql << ": " << plan.error().message;
        if (!plan) continue;
        std::vector<std::string> bad;
        whole_reads(json::parse(plan->text(0, 0)).at(0).at("Plan"), bad);
        out.emplace_back(sql, bad);
    }
    EXPECT_TRUE(db.execute_script("RESET enable_seqscan; RESET plan_cache_mode"));
    return out;
}

/// A small company's worth of rows, through the ports and, for the outbox, SQL.
void seed(PgStore& store) {
    ASSERT_TRUE(store.in_transaction([&]() -> Status {
        for (int i = 0; i < 100; ++i) {
            auto id = store.allocate_id(TicketType::incident);
            if (!id) return id.error();
            Ticket t = sample_ticket(*id, kT0 + std::chrono::minutes(i), "VPN drops " + std::to_string(i));
            if (i % 10) t.parent = TicketId{TicketType::incident, 1};
            if (auto s = store.save_ticket(t); !s) return s;
            auto out = store.connection().query(
                "INSERT INTO outbox (idempotency_key, platform, conversation, priority, message, next_attempt_at, created_at,"
                " status, platform_message_id, message_key) VALUES ($1, 'webchat', $2, 1, '{}', 0, 0, 'delivered', $3, $4)",
                {pg::text("seed-" + std::to_string(i)), pg::text("visitor-" + std::to_string(i)), pg::text("pm-" + std::to_string(i)),
                 pg::text(id->str() + "/card/webchat")});
            if (!out) return out.error();
            Attachment shot{"s.png", "image/png", 10, "", std::string(63, 'a') + static_cast<char>('a' + i % 6), "stored"};
            TicketAttachment a{0, *id, shot, kT0};
            if (auto r = store.add_ticket_attachment(a); !r) return r.error();
            if (auto s = store.hold_attachment({"webchat", "visitor-" + std::to_string(i)}, shot, kT0); !s) return s;
            if (auto s = store.save_alert_group({"group-" + std::to_string(i), *id, {"f"}, i % 2 == 0}); !s) return s;
        }
        return {};
    }));
}

TEST(PgQueryPlans, NoHotStatementOfTheNewerPortsReadsAWholeTableThatGrows) {
    auto store = open_store();
    ASSERT_TRUE(store);
    seed(*store);
    ASSERT_FALSE(HasFatalFailure());
    const Identity user{"webchat", "visitor-7"};
    const TicketId ticket{TicketType::incident, 5};
    ASSERT_TRUE(store->in_transaction([&]() -> Status {
        if (auto c = store->children_of(ticket); !c) return c.error();
        if (auto m = store->ticket_of_message("webchat", "visitor-7", "pm-7"); !m) return m.error();
        if (auto m = store->platform_id_of(ticket.str() + "/card/webchat"); !m) return m.error();
        if (auto h = store->hold_message(user, "still broken", kT0); !h) return h.error();
        if (auto h = store->take_held_message(user); !h) return h.error();
        Booking call;
        call.ticket = ticket;
        call.agent = "rita";
        call.requester = user;
        call.start = kT0 + 2h;
        call.end = kT0 + 2h + 30min;
        call.nonce = "hot-nonce";
        call.meeting = "https://meet.jit.si/room";
        call.requester_zone = "Europe/Rome";
        call.created_at = kT0;
        if (auto b = store->agent_bookings("rita", kT0, kT0 + 24h * 14); !b) return b.error();
        if (auto b = store->booking_by_nonce("hot-nonce"); !b) return b.error();
        if (auto s = store->insert_booking(call); !s) return s;
        if (auto b = store->booking_by_id(call.id); !b) return b.error();
        call.status = BookingStatus::cancelled;
        if (auto s = store->update_booking(call); !s) return s;
        if (auto h = store->take_held_attachments(user); !h) return h.error();
        if (auto a = store->attachments_of(ticket); !a) return a.error();
        if (auto n = store->count_attachments(ticket); !n) return n.error();
        if (auto g = store->find_alert_group("group-3"); !g) return g.error();
        if (auto f = store->firing_alert_incidents(20); !f) return f.error();
        return {};
    }));
    const auto checked = plans(store->connection());
    std::set<std::string> texts;
    for (const auto& [sql, bad] : checked) {
        texts.insert(sql);
        for (const auto& read : bad) ADD_FAILURE() << read << "\n    in: " << sql;
    }
    // The list really holds the calls' statements (an empty list would pass every plan).
    EXPECT_GE(texts.size(), 20u);
    EXPECT_TRUE(texts.count("DELETE FROM held_messages WHERE platform = $1 AND user_id = $2 RETURNING text"));
}

TEST(PgQueryPlans, NoHotStatementOfTheRuntimeTablesReadsAWholeTableThatGrows) {
    auto store = open_store();
    ASSERT_TRUE(store);
    seed(*store);
    ASSERT_FALSE(HasFatalFailure());
    OutboxStore& outbox = store->outbox();
    std::vector<OutboxRow> queued;
    ASSERT_TRUE(store->in_transaction([&]() -> Status {
        for (int i = 0; i < 50; ++i) {
            OutboundMessage m;
            m.to = {"webchat", "visitor-" + std::to_string(i % 10), ""};
            m.text = "reply";
            m.idempotency_key = "hot-" + std::to_string(i);
            if (i % 7 == 0) m.replaces = TicketId{TicketType::incident, 1}.str() + "/card/webchat";
            auto row = outbox.enqueue_row(m, kT0);
            if (!row) return row.error();
            if (*row) queued.push_back(**row);
            if (auto l = store->lines().append(m.to.conversation_id, m.idempotency_key, "{}", kT0); !l) return l.error();
            if (auto t = store->timers().arm({"idle:" + std::to_string(i), kT0 + std::chrono::minutes(i), "idle", "{}"}); !t) return t;
            if (auto r = store->inbox().record("ev-" + std::to_string(i), kT0); !r) return r.error();
        }
        return {};
    }));
    ASSERT_FALSE(queued.empty());
    ASSERT_TRUE(store->in_transaction([&]() -> Status {
        if (auto e = store->lock_engine(); !e) return e;
        if (auto r = outbox.ready_among(queued); !r) return r.error();
        return {};
    }));
    ASSERT_TRUE(store->in_transaction([&]() -> Status {
        if (auto h = outbox.deliverable_heads(kT0 + 1s, 20); !h) return h.error();
        if (auto d = outbox.deliverable(kT0 + 1s, 20); !d) return d.error();
        auto rows = outbox.pending_rows({queued[0].id, queued[1].id}, kT0 + 1s);
        if (!rows) return rows.error();
        if (auto f = outbox.followers(queued[0], kT0 + 1s, 5); !f) return f.error();
        if (auto s = outbox.mark_sending(queued[0].id, kT0 + 1s); !s) return s;
        if (auto s = outbox.mark_delivered(queued[0].id, "pm-hot", kT0 + 2s); !s) return s;
        if (auto s = outbox.mark_retry(queued[1].id, kT0 + 10s, "timeout"); !s) return s;
        if (auto s = outbox.mark_failed(queued[2].id, "refused"); !s) return s;
        if (auto d = outbox.delivered_as(queued[0].message.to, "pm-hot"); !d) return d.error();
        if (auto s = outbox.status_of("hot-3"); !s) return s.error();
        if (auto m = outbox.message_of(queued[3].id); !m) return m.error();
        if (auto t = store->timers().due(kT0 + 5min, 10); !t) return t.error();
        if (auto s = store->timers().cancel("idle:1"); !s) return s;
        if (auto r = store->inbox().record("ev-1", kT0); !r) return r.error();
        if (auto p = store->inbox().prune(kT0 - 24h); !p) return p.error();
        if (auto a = store->lines().after("visitor-3", 1, 100); !a) return a.error();
        if (auto a = store->lines().after_each({{"visitor-3", 1}, {"visitor-4", 0}}, 100); !a) return a.error();
        if (auto l = store->lines().last_seq("visitor-3"); !l) return l.error();
        if (auto p = store->lines().prune(kT0 - 24h, 100); !p) return p.error();
        if (auto c = store->cursors().keep_first("webchat.session_key", "k", kT0); !c) return c.error();
        if (auto c = store->cursors().save("matrix.since", "s1", kT0); !c) return c;
        if (auto h = store->leases().hold("telegram", "p1", kT0, 15s); !h) return h.error();
        return {};
    }));
    std::set<std::string> texts;
    for (const auto& [sql, bad] : plans(store->connection())) {
        texts.insert(sql);
        for (const auto& read : bad) ADD_FAILURE() << read << "\n    in: " << sql;
    }
    EXPECT_GE(texts.size(), 30u);
}

TEST(PgQueryPlans, TheCheckSeesAWholeRead) {
    auto store = open_store();
    ASSERT_TRUE(store);
    pg::Connection& db = store->connection();
    ASSERT_TRUE(db.query("SELECT id FROM tickets WHERE category = $1", {pg::text("network")}));
    ASSERT_TRUE(db.query("SELECT record FROM tickets WHERE id = $1", {pg::text("INC-000001")}));
    ASSERT_TRUE(db.query("SELECT max(updated_seq) FROM alert_groups"));
    std::map<std::string, std::vector<std::string>> found;
    for (auto& [sql, bad] : plans(db)) found[sql] = bad;
    EXPECT_FALSE(found.at("SELECT id FROM tickets WHERE category = $1").empty());
    EXPECT_TRUE(found.at("SELECT record FROM tickets WHERE id = $1").empty());
    EXPECT_FALSE(found.at("SELECT max(updated_seq) FROM alert_groups").empty()) << "an index walked whole is a whole read";
}

}  // namespace
}  // namespace frontline
