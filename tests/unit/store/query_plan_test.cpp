// Every statement the store runs on a hot path finds its rows through an index: the store is seeded
// through its own API, the SQL it actually executes during the hot calls is recorded on the
// connection (sqlite3_trace_v2), and EXPLAIN QUERY PLAN of each must not SCAN a table that grows
// with the company (persons, identities, tickets, journal, outbox, inbox, timers, sessions, the
// full-text index, conversation lines). A missing index costs nothing at 100 rows and stops the
// service at a million.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/store/conversation_line_store.hpp"
#include "core/store/cursor_store.hpp"
#include "core/store/inbox_store.hpp"
#include "core/store/outbox_store.hpp"
#include "core/store/runtime_stats.hpp"
#include "core/store/sqlite_store.hpp"
#include "core/store/timer_store.hpp"
#include "store_test_support.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;
using testing::sample_ticket;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 9h;

/// Records the text of every statement the connection starts running.
class SqlRecorder {
public:
    explicit SqlRecorder(SQLite::Database& db) : db_(db.getHandle()) {
        sqlite3_trace_v2(db_, SQLITE_TRACE_STMT, &SqlRecorder::on_statement, this);
    }
    ~SqlRecorder() { sqlite3_trace_v2(db_, 0, nullptr, nullptr); }
    SqlRecorder(const SqlRecorder&) = delete;
    SqlRecorder& operator=(const SqlRecorder&) = delete;

    const std::set<std::string>& statements() const { return sql_; }
    void clear() { sql_.clear(); }

private:
    static int on_statement(unsigned, void* self, void* stmt, void*) {
        if (const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(stmt))) static_cast<SqlRecorder*>(self)->sql_.insert(sql);
        return 0;
    }
    sqlite3* db_;
    std::set<std::string> sql_;
};

/// The plan lines of `sql` that read a whole table (or a whole index) that grows. Allowed: an
/// index SEARCH, a full-text MATCH (a virtual table scan with an index string), json_each over one
/// value, and the small fixed tables (ticket sequences, schema version, adapter cursors).
std::vector<std::string> growing_scans(SQLite::Database& db, const std::string& sql) {
    static const std::regex kScan(R"(^SCAN (\S+)(.*)$)");
    static const std::regex kVirtualWithIndex(R"(VIRTUAL TABLE INDEX \d+:\S+)");
    static const std::set<std::string> kSmall = {"ticket_sequences", "schema_version", "adapter_cursors", "json_each",
                                                 "CONSTANT"};
    SQLite::Statement plan(db, "EXPLAIN QUERY PLAN " + sql);
    std::vector<std::string> bad;
    while (plan.executeStep()) {
        const std::string detail = plan.getColumn(3).getString();
        std::smatch m;
        if (!std::regex_match(detail, m, kScan)) continue;
        if (kSmall.count(m[1].str())) continue;
        if (std::regex_search(detail, kVirtualWithIndex)) continue;  // FTS5 MATCH or rowid look-up
        bad.push_back(detail);
    }
    return bad;
}

/// A store that looks like a small company: persons with two identities, tickets with journals,
/// delivered and pending outbox rows, inbox keys, timers and sessions.
void seed(Store& store) {
    ASSERT_TRUE(store.in_transaction([&]() -> Status {
        OutboxStore& outbox = store.outbox();
        InboxStore& inbox = store.inbox();
        TimerStore& timers = store.timers();
        ConversationLineStore& lines = store.lines();
        for (int i = 0; i < 200; ++i) {
            const Identity who{"webchat", "visitor-" + std::to_string(i)};
            if (auto p = store.upsert_person(who, "Person " + std::to_string(i), ""); !p) return p.error();
            if (auto s = store.link_identity(who, {"slack", "U" + std::to_string(i)}); !s) return s;
            auto id = store.allocate_id(i % 3 ? TicketType::incident : TicketType::request);
            if (!id) return id.error();
            Ticket t = sample_ticket(*id, kT0 + std::chrono::minutes(i), "VPN drops every " + std::to_string(i) + " minutes");
            t.requester.identity = who;
            t.status = i % 4 ? TicketStatus::escalated : TicketStatus::closed;
            if (auto s = store.save_ticket(t); !s) return s;
            JournalEntry j{0, *id, "system", kT0, "created", "{}"};
            if (auto s = store.append_journal(j); !s) return s;
            OutboundMessage m;
            m.to = {"webchat", who.user_id, ""};
            m.text = "hello " + std::to_string(i);
            m.idempotency_key = "seed-" + std::to_string(i);
            m.message_key = "card:" + id->str();
            if (auto q = outbox.enqueue(m, kT0); !q) return q.error();
            if (i % 2)
                if (auto s = outbox.mark_delivered(i + 1, "pm-" + std::to_string(i), kT0); !s) return s;
            if (auto r = inbox.record("webchat:e" + std::to_string(i), kT0); !r) return r.error();
            if (auto s = timers.arm({"sla:" + id->str(), kT0 + std::chrono::hours(1 + i), "sla", "{}"}); !s) return s;
            if (auto s = store.save_session({who, "{}", kT0}); !s) return s;
            for (int n = 0; n < 5; ++n)
                if (auto l = lines.append(who.user_id, "line-" + std::to_string(n), "{}", kT0); !l) return l.error();
        }
        return {};
    }));
}

/// Everything the engine loop, the engine, the Desk and the outbox dispatcher ask the store while
/// users talk to the bot: one turn's reads and writes, the dispatcher's poll and the timers.
void hot_paths(Store& store) {
    OutboxStore& outbox = store.outbox();
    InboxStore& inbox = store.inbox();
    TimerStore& timers = store.timers();
    CursorStore& cursors = store.cursors();
    const Identity user{"webchat", "visitor-7"};
    const TicketId ticket{TicketType::incident, 5};
    ASSERT_TRUE(store.in_transaction([&]() -> Status {
        // The engine loop's batch: the inbox, then the handler's reads and writes.
        if (auto r = inbox.record("webchat:hot-1", kT0); !r) return r.error();
        if (auto s = store.load_session(user); !s) return s.error();
        if (auto p = store.find_person(user); !p) return p.error();
        if (auto p = store.upsert_person(user, "Visitor Seven", "seven@example.com"); !p) return p.error();
        if (auto p = store.upsert_person({"webchat", "brand-new"}, "New", ""); !p) return p.error();
        if (auto s = store.set_locale(user, "it"); !s) return s;
        if (auto s = store.link_identity(user, {"telegram", "77"}); !s) return s;
        if (auto t = store.find_ticket(ticket); !t || !*t) return make_error(Errc::not_found, "seeded ticket");
        TicketFilter mine;
        mine.requester = user;
        if (auto l = store.list_tickets(mine); !l) return l.error();
        mine.open_only = true;
        if (auto l = store.list_tickets(mine); !l) return l.error();
        // The ticket quota, on every line a requester types.
        if (auto c = store.count_requester_tickets(user, kT0); !c) return c.error();
        TicketFilter queue;  // the agents' queue: every open ticket
        queue.open_only = true;
        if (auto l = store.list_tickets(queue); !l) return l.error();
        TicketFilter escalated;
        escalated.status = TicketStatus::escalated;
        if (auto l = store.list_tickets(escalated); !l) return l.error();
        SimilarQuery similar{"my vpn keeps dropping", "network", true, kT0 - 24h, ticket, 5, {}, {}};
        if (auto f = store.find_similar(similar); !f) return f.error();
        similar.open_only = false;  // the whole history's index
        if (auto f = store.find_similar(similar); !f) return f.error();
        auto fresh = store.allocate_id(TicketType::incident);
        if (!fresh) return fresh.error();
        Ticket t = sample_ticket(*fresh, kT0, "Printer jams on floor 3");
        if (auto s = store.save_ticket(t); !s) return s;
        t.status = TicketStatus::escalated;  // the card update: same ticket saved again
        if (auto s = store.save_ticket(t); !s) return s;
        t.title = "Printer jams on floor 3 and 4";  // new words: its search entry is replaced
        if (auto s = store.save_ticket(t); !s) return s;
        JournalEntry j{0, *fresh, "system", kT0, "status", "{}"};
        if (auto s = store.append_journal(j); !s) return s;
        if (auto l = store.journal_of(ticket); !l) return l.error();
        if (auto c = store.children_of(ticket); !c) return c.error();
        if (auto m = store.ticket_of_message("webchat", "visitor-7", "pm-7"); !m) return m.error();
        if (auto m = store.platform_id_of("card:" + ticket.str()); !m) return m.error();
        // A requester with several tickets: their words held until they say which one.
        if (auto h = store.hold_message(user, "still broken", kT0); !h) return h.error();
        if (auto h = store.take_held_message(user); !h) return h.error();
        OutboundMessage m;
        m.to = {"webchat", user.user_id, ""};
        m.text = "answer";
        m.idempotency_key = "hot-answer";
        m.message_key = "card:" + fresh->str();
        auto queued = outbox.enqueue_row(m, kT0);
        if (!queued) return queued.error();
        // What the batch hands the dispatcher: heads of their conversation, an edit's target id.
        OutboundMessage edit = m;
        edit.idempotency_key = "hot-edit";
        edit.message_key.clear();
        edit.replaces = "card:" + ticket.str();
        auto edited = outbox.enqueue_row(edit, kT0);
        if (!edited) return edited.error();
        std::vector<OutboxRow> fresh_rows;
        for (auto* r : {&*queued, &*edited})
            if (*r) fresh_rows.push_back(**r);
        if (auto r = outbox.ready_among(fresh_rows); !r) return r.error();
        // A booking page's confirm and the slots it reads: the agent's calls, the link, the booking.
        Booking call;
        call.ticket = *fresh;
        call.agent = "rita";
        call.requester = user;
        call.start = kT0 + 2h;
        call.end = kT0 + 2h + 30min;
        call.nonce = "hot-nonce";
        call.meeting = "https://meet.jit.si/room";
        call.requester_zone = "Europe/Rome";
        call.created_at = kT0;
        if (auto b = store.agent_bookings("rita", kT0, kT0 + 24h * 14); !b) return b.error();
        if (auto b = store.booking_by_nonce("hot-nonce"); !b) return b.error();
        if (auto s = store.insert_booking(call); !s) return s;
        if (auto b = store.booking_by_id(call.id); !b) return b.error();
        call.status = BookingStatus::cancelled;
        if (auto s = store.update_booking(call); !s) return s;
        if (auto s = timers.arm({"idle:" + user.user_id, kT0 + 10min, "idle", "{}"}); !s) return s;
        if (auto s = timers.cancel("sla:" + ticket.str()); !s) return s;
        if (auto s = store.save_session({user, "{\"step\":1}", kT0}); !s) return s;
        if (auto s = store.erase_session({"webchat", "visitor-8"}); !s) return s;
        // A screenshot: held before the ticket exists, attached to it, listed on its card.
        Attachment shot{"error.png", "image/png", 2048, "ref", std::string(64, 'a'), "stored"};
        if (auto s = store.hold_attachment(user, shot, kT0); !s) return s;
        if (auto h = store.take_held_attachments(user); !h) return h.error();
        TicketAttachment on_ticket{0, ticket, shot, kT0};
        if (auto a = store.add_ticket_attachment(on_ticket); !a) return a.error();
        if (auto a = store.attachments_of(ticket); !a) return a.error();
        if (auto n = store.count_attachments(ticket); !n) return n.error();
        // The end of the batch: timers due, inbox pruning, the next wake-up.
        if (auto d = timers.due(kT0 + 3h, 64); !d) return d.error();
        if (auto p = inbox.prune(kT0 - 24h); !p) return p.error();
        if (auto n = timers.next_due(); !n) return n.error();
        return {};
    }));
    // The outbox dispatcher's poll and its outcomes; an adapter's cursor.
    auto rows = outbox.deliverable(kT0 + 1s, 16);
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_FALSE(rows->empty());
    ASSERT_TRUE(outbox.next_attempt_after(kT0));
    ASSERT_TRUE(outbox.mark_delivered((*rows)[0].id, "pm-x", kT0));
    ASSERT_TRUE(outbox.mark_retry((*rows)[1].id, kT0 + 5s, "timeout"));
    ASSERT_TRUE(outbox.mark_failed((*rows)[2].id, "forbidden"));
    ASSERT_TRUE(outbox.message_of((*rows)[0].id));
    ASSERT_TRUE(outbox.status_of("hot-answer"));
    ASSERT_TRUE(outbox.depth());
    // Every /metrics scrape and `frontline outbox --failed`.
    ASSERT_TRUE(outbox.failed_by_platform());
    ASSERT_TRUE(outbox.failed(50));
    ASSERT_TRUE(cursors.save("matrix:since", "s42", kT0));
    ASSERT_TRUE(cursors.load("matrix:since"));
    // The web chat's history: a delivered line (new, then redelivered), a page resuming, pruning.
    ConversationLineStore& lines = store.lines();
    ASSERT_TRUE(store.in_transaction([&]() -> Status {
        if (auto l = lines.append(user.user_id, "hot-line", "{}", kT0); !l) return l.error();
        if (auto l = lines.append(user.user_id, "line-1", "{}", kT0); !l) return l.error();
        return {};
    }));
    ASSERT_TRUE(lines.last_seq(user.user_id));
    ASSERT_TRUE(lines.after(user.user_id, 2, 100));
    ASSERT_TRUE(lines.prune(kT0 - 24h, 1000));
}

TEST(QueryPlans, NoHotStatementScansATableThatGrows) {
    TempDir dir;
    auto store = std::move(*SqliteStore::open(dir.file("plans.db")));
    seed(*store);
    SqlRecorder recorder(store->db());
    hot_paths(*store);
    ASSERT_FALSE(HasFatalFailure());

    const auto& executed = recorder.statements();
    // The recorder really saw the store's statements (a broken hook would pass every plan).
    ASSERT_GE(executed.size(), 30u);
    EXPECT_TRUE(executed.count("SELECT record FROM tickets WHERE id = ?"));
    EXPECT_TRUE(executed.count("DELETE FROM tickets_fts WHERE rowid = ?"));
    for (const auto& sql : executed) {
        for (const auto& scan : growing_scans(store->db(), sql)) ADD_FAILURE() << scan << "\n    in: " << sql;
    }
}

TEST(QueryPlans, MetricsAggregatesReadOnlyIndexesNeverTheRecords) {
    // A /metrics scrape aggregates every ticket: each pass may walk an index, but a covering one
    // (the tickets' records and the journal's other entries stay on disk).
    TempDir dir;
    auto store = std::move(*SqliteStore::open(dir.file("plans.db")));
    seed(*store);
    SqlRecorder recorder(store->db());
    ASSERT_TRUE(store->read_ticket_metrics({60, 3600}, {300, 86400}));
    ASSERT_GE(recorder.statements().size(), 5u);
    for (const auto& sql : recorder.statements()) {
        SQLite::Statement plan(store->db(), "EXPLAIN QUERY PLAN " + sql);
        while (plan.executeStep()) {
            const std::string detail = plan.getColumn(3).getString();
            if (detail.rfind("SCAN ", 0) != 0) continue;
            EXPECT_TRUE(detail.find("COVERING INDEX") != std::string::npos ||
                        detail.find("journal_sla_breaches") != std::string::npos)
                << detail << "\n    in: " << sql;
        }
    }
}

TEST(QueryPlans, TheCheckSeesAScan) {
    // The detector itself: a look-up by a column without an index is reported, one with is not.
    TempDir dir;
    auto store = std::move(*SqliteStore::open(dir.file("plans.db")));
    EXPECT_FALSE(growing_scans(store->db(), "SELECT id FROM tickets WHERE category = ?").empty());
    EXPECT_FALSE(growing_scans(store->db(), "SELECT ticket_id FROM tickets_fts").empty());
    EXPECT_TRUE(growing_scans(store->db(), "SELECT record FROM tickets WHERE id = ?").empty());
    EXPECT_TRUE(growing_scans(store->db(), "SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH 'vpn'").empty());
}

}  // namespace
}  // namespace frontline
