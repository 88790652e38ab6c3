// The ticket figures of /metrics as the store derives them: counted once, never taken back by a
// reopen or a recategorisation, the same after the store is opened again, and backfilled from the
// records of tickets written before the metric columns' migration. On both backends.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "backend_under_test.hpp"
#include "core/store/migrations.hpp"
#include "core/store/pg/pg_store.hpp"
#include "core/store/sqlite_store.hpp"
#include "core/ticket_json.hpp"
#include "store_test_support.hpp"
#include "tests/support/pg_cluster.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;
using testing::BackendUnderTest;
using testing::sample_ticket;
using testing::TempDir;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} + 9h;
const std::vector<long long> kClaim = {60, 600, 3600};
const std::vector<long long> kResolve = {3600, 86400};

/// The migration that adds the metric columns (its number may change when branches merge).
int metric_columns_version() {
    for (const auto& m : migrations())
        if (m.description.starts_with("ticket metrics")) return m.version;
    ADD_FAILURE() << "no ticket metrics migration";
    return latest_schema_version();
}

TicketMetrics metrics(BackendUnderTest& b) {
    auto m = b.read_ticket_metrics(kClaim, kResolve);
    EXPECT_TRUE(m) << m.error().message;
    return m ? *m : TicketMetrics{};
}

TicketMetrics metrics(Store& s) {
    auto m = s.read_ticket_metrics(kClaim, kResolve);
    EXPECT_TRUE(m) << m.error().message;
    return m ? *m : TicketMetrics{};
}

void save(TicketRepository& s, const Ticket& t) { ASSERT_TRUE(s.save_ticket(t)); }

void breach(TicketRepository& s, const TicketId& id, const std::string& details) {
    JournalEntry j{0, id, "system", kT0 + 3h, "sla_breach", details};
    ASSERT_TRUE(s.append_journal(j));
}

class TicketMetricsStore : public testing::BackendTest {};
FRONTLINE_ON_BOTH_BACKENDS(TicketMetricsStore);

TEST_P(TicketMetricsStore, EachTicketCountsOnceAndALaterChangeTakesNothingBack) {
    TicketRepository& s = backend().tickets();

    // A ticket the bot is still triaging is not counted yet; it is once the diagnosis is over, with
    // the category and priority the triage gave it.
    Ticket a = sample_ticket(*s.allocate_id(TicketType::incident), kT0, "VPN drops", "");
    a.priority = Priority::p3;
    a.status = TicketStatus::in_diagnosis;
    save(s, a);
    a.category = "network";
    save(s, a);
    EXPECT_TRUE(metrics(backend()).opened.empty());
    a.priority = Priority::p2;
    a.status = TicketStatus::escalated;
    save(s, a);
    EXPECT_EQ((metrics(backend()).opened[{"incident", "network", "P2"}]), 1);
    // Claimed after 5 minutes, resolved after 2 hours; then an agent recategorises, overrides the
    // priority and the requester reopens it: none of that moves what was counted.
    a.status = TicketStatus::in_progress;
    a.claimed_at = kT0 + 5min;
    save(s, a);
    a.status = TicketStatus::resolved;
    a.resolved_at = kT0 + 2h;
    save(s, a);
    a.category = "email";
    a.priority = Priority::p1;
    a.status = TicketStatus::in_progress;
    a.resolved_at.reset();
    a.claimed_at = kT0 + 3h;
    save(s, a);

    // The bot's own: closed at L1 after a known fix.
    Ticket b = sample_ticket(*s.allocate_id(TicketType::request), kT0, "New mouse", "hardware");
    b.priority = Priority::p4;
    b.status = TicketStatus::resolved;
    b.first_contact_resolution = true;
    b.resolved_at = kT0 + 10min;
    save(s, b);
    EXPECT_EQ(metrics(backend()).bot_resolutions, 0) << "resolved, not yet closed";
    b.status = TicketStatus::closed;
    save(s, b);

    breach(s, a.id, R"({"clock":"response","due":"x","priority":"P2"})");
    breach(s, b.id, R"({"clock":"resolution","due":"x"})");  // journalled before the priority was: the ticket's

    for (int pass = 0; pass < 2; ++pass) {
        SCOPED_TRACE(pass == 0 ? "as written" : "after opening the store again");
        const TicketMetrics m = metrics(backend());
        EXPECT_EQ(m.opened.size(), 2u);
        EXPECT_EQ((m.opened.at({"incident", "network", "P2"})), 1);
        EXPECT_EQ((m.opened.at({"request", "hardware", "P4"})), 1);
        ASSERT_EQ(m.time_to_claim.size(), 1u);
        const DurationBuckets& claim = m.time_to_claim.at("P2");
        EXPECT_EQ(claim.count, 1);
        EXPECT_EQ(claim.sum, 300);
        EXPECT_EQ(claim.at_or_below, (std::vector<long long>{0, 1, 1}));
        ASSERT_EQ(m.time_to_resolve.size(), 2u);
        EXPECT_EQ(m.time_to_resolve.at("P2").at_or_below, (std::vector<long long>{0, 1}));
        EXPECT_EQ(m.time_to_resolve.at("P2").sum, 7200);
        EXPECT_EQ(m.time_to_resolve.at("P4").at_or_below, (std::vector<long long>{1, 1}));
        EXPECT_EQ(m.bot_resolutions, 1);
        EXPECT_EQ((m.breaches.at({"response", "P2"})), 1);
        EXPECT_EQ((m.breaches.at({"resolution", "P4"})), 1);
        EXPECT_EQ(m.breaches.size(), 2u);
        backend().reopen();
    }
}

TEST_P(TicketMetricsStore, TicketsAreCountedByStatusAndPriority) {
    TicketRepository& s = backend().tickets();
    auto none = backend().count_tickets_by_status();
    ASSERT_TRUE(none) << none.error().message;
    EXPECT_TRUE(none->empty());
    auto add = [&](TicketStatus status, Priority priority) {
        Ticket t = sample_ticket(*s.allocate_id(TicketType::incident), kT0, "case");
        t.status = status;
        t.priority = priority;
        save(s, t);
        return t;
    };
    add(TicketStatus::escalated, Priority::p2);
    add(TicketStatus::escalated, Priority::p2);
    add(TicketStatus::escalated, Priority::p3);
    Ticket moved = add(TicketStatus::in_diagnosis, Priority::p2);
    add(TicketStatus::closed, Priority::p4);
    moved.status = TicketStatus::escalated;  // counted where it is now, once
    save(s, moved);
    auto counts = backend().count_tickets_by_status();
    ASSERT_TRUE(counts) << counts.error().message;
    std::map<std::pair<std::string, std::string>, long long> got;
    for (const TicketCount& c : *counts) got[{c.status, c.priority}] += c.count;
    const std::map<std::pair<std::string, std::string>, long long> want = {
        {{"escalated", "P2"}, 3}, {{"escalated", "P3"}, 1}, {{"closed", "P4"}, 1}};
    EXPECT_EQ(got, want);
    EXPECT_EQ(counts->size(), 3u) << "one row per status and priority";
}

TEST_P(TicketMetricsStore, AHistogramWithoutBoundsStillCountsAndSums) {
    TicketRepository& s = backend().tickets();
    Ticket t = sample_ticket(*s.allocate_id(TicketType::incident), kT0, "VPN drops");
    t.priority = Priority::p1;
    t.status = TicketStatus::in_progress;
    t.claimed_at = kT0 + 90s;
    save(s, t);
    auto m = backend().read_ticket_metrics({}, {});
    ASSERT_TRUE(m) << m.error().message;
    ASSERT_EQ(m->time_to_claim.size(), 1u);
    EXPECT_EQ(m->time_to_claim.at("P1").count, 1);
    EXPECT_EQ(m->time_to_claim.at("P1").sum, 90);
    EXPECT_TRUE(m->time_to_claim.at("P1").at_or_below.empty());
    EXPECT_TRUE(m->time_to_resolve.empty());
}

TEST(TicketMetricsSqlite, TicketsWrittenBeforeTheMetricColumnsAreCountedFromTheirRecords) {
    TempDir dir;
    const auto path = dir.file("old.db");
    {
        auto old = SqliteStore::open(path, metric_columns_version() - 1);
        ASSERT_TRUE(old) << old.error().message;
        Ticket t = sample_ticket(TicketId{TicketType::incident, 1}, kT0, "Printer jam", "hardware");
        t.priority = Priority::p3;
        t.status = TicketStatus::closed;
        t.first_contact_resolution = true;
        t.claimed_at = kT0 + 30s;
        t.resolved_at = kT0 + 40min;
        // As the previous version's code wrote it: the record holds the times, no column does. A second
        // ticket, still in the diagnosis, is not counted as opened yet.
        (*old)->db().exec("INSERT INTO ticket_sequences VALUES ('incident', 1)");
        SQLite::Statement ins((*old)->db(),
                              "INSERT INTO tickets (id, type, number, status, category, priority, tier, requester_platform,"
                              " requester_user, reported_at, updated_at, record) VALUES (?, 'incident', 1, 'closed', 'hardware', 'P3',"
                              " 'L1', 'slack', 'U1', ?, ?, ?)");
        ins.bind(1, t.id.str());
        ins.bind(2, static_cast<int64_t>(kT0.time_since_epoch().count()));
        ins.bind(3, static_cast<int64_t>(kT0.time_since_epoch().count()));
        ins.bind(4, ticket_to_json(t).dump());
        ins.exec();
        Ticket triaging = sample_ticket(TicketId{TicketType::incident, 2}, kT0, "Slow laptop", "hardware");
        triaging.status = TicketStatus::in_diagnosis;
        SQLite::Statement second((*old)->db(),
                                 "INSERT INTO tickets (id, type, number, status, category, priority, tier, requester_platform,"
                                 " requester_user, reported_at, updated_at, record) VALUES (?, 'incident', 2, 'in_diagnosis', 'hardware',"
                                 " 'P3', 'L1', 'slack', 'U2', ?, ?, ?)");
        second.bind(1, triaging.id.str());
        second.bind(2, static_cast<int64_t>(kT0.time_since_epoch().count()));
        second.bind(3, static_cast<int64_t>(kT0.time_since_epoch().count()));
        second.bind(4, ticket_to_json(triaging).dump());
        second.exec();
    }
    auto store = SqliteStore::open(path);
    ASSERT_TRUE(store) << store.error().message;
    const TicketMetrics m = metrics(**store);
    EXPECT_EQ((m.opened.at({"incident", "hardware", "P3"})), 1);
    EXPECT_EQ(m.opened.size(), 1u);
    EXPECT_EQ(m.time_to_claim.at("P3").sum, 30);
    EXPECT_EQ(m.time_to_resolve.at("P3").sum, 2400);
    EXPECT_EQ(m.time_to_resolve.at("P3").at_or_below, (std::vector<long long>{1, 1}));
    EXPECT_EQ(m.bot_resolutions, 1);
}

// The same on PostgreSQL: the records written by the previous version, the columns backfilled by
// the migration's PostgreSQL SQL.
TEST(TicketMetricsPostgres, TicketsWrittenBeforeTheMetricColumnsAreCountedFromTheirRecords) {
    auto& cluster = testkit::PgCluster::shared();
    const std::string name = cluster.unique_name();
    cluster.create_database(name);
    const pg::ConnectOptions options{cluster.url(name), cluster.password()};
    {
        auto old = PgStore::open(options, metric_columns_version() - 1);
        ASSERT_TRUE(old) << old.error().message;
        Ticket t = sample_ticket(TicketId{TicketType::incident, 1}, kT0, "Printer jam", "hardware");
        t.priority = Priority::p3;
        t.status = TicketStatus::closed;
        t.first_contact_resolution = true;
        t.claimed_at = kT0 + 30s;
        t.resolved_at = kT0 + 40min;
        Ticket triaging = sample_ticket(TicketId{TicketType::incident, 2}, kT0, "Slow laptop", "hardware");
        triaging.status = TicketStatus::in_diagnosis;
        pg::Connection& db = (*old)->connection();
        ASSERT_TRUE(db.query("INSERT INTO ticket_sequences VALUES ('incident', 2)"));
        const std::string insert =
            "INSERT INTO tickets (id, type, number, status, category, priority, tier, requester_platform, requester_user,"
            " reported_at, updated_at, record) VALUES ($1, 'incident', $2, $3, 'hardware', 'P3', 'L1', 'slack', $4, $5, $5, $6)";
        const std::int64_t at = kT0.time_since_epoch().count();
        auto first = db.query(insert, {pg::text(t.id.str()), pg::integer(1), pg::text("closed"), pg::text("U1"), pg::integer(at),
                                       pg::text(ticket_to_json(t).dump())});
        ASSERT_TRUE(first) << first.error().message;
        auto second = db.query(insert, {pg::text(triaging.id.str()), pg::integer(2), pg::text("in_diagnosis"), pg::text("U2"),
                                        pg::integer(at), pg::text(ticket_to_json(triaging).dump())});
        ASSERT_TRUE(second) << second.error().message;
    }
    auto store = PgStore::open(options);
    ASSERT_TRUE(store) << store.error().message;
    auto read = (*store)->read_ticket_metrics(kClaim, kResolve);
    ASSERT_TRUE(read) << read.error().message;
    const TicketMetrics& m = *read;
    EXPECT_EQ((m.opened.at({"incident", "hardware", "P3"})), 1);
    EXPECT_EQ(m.opened.size(), 1u);
    EXPECT_EQ(m.time_to_claim.at("P3").sum, 30);
    EXPECT_EQ(m.time_to_resolve.at("P3").sum, 2400);
    EXPECT_EQ(m.time_to_resolve.at("P3").at_or_below, (std::vector<long long>{1, 1}));
    EXPECT_EQ(m.bot_resolutions, 1);
}

}  // namespace
}  // namespace frontline
