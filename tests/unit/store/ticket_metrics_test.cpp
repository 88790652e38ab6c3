// The ticket figures of /metrics as the store derives them: counted once, never taken back by a
// reopen or a recategorisation, the same after the file is opened again, and backfilled from the
// records of tickets written before the metric columns' migration.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "core/store/migrations.hpp"
#include "core/store/runtime_stats.hpp"
#include "core/store/sqlite_store.hpp"
#include "core/ticket_json.hpp"
#include "store_test_support.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;
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

TicketMetrics metrics(Store& s) {
    auto m = s.read_ticket_metrics(kClaim, kResolve);
    EXPECT_TRUE(m) << m.error().message;
    return m ? *m : TicketMetrics{};
}

void save(Store& s, const Ticket& t) { ASSERT_TRUE(s.save_ticket(t)); }

void breach(Store& s, const TicketId& id, const std::string& details) {
    JournalEntry j{0, id, "system", kT0 + 3h, "sla_breach", details};
    ASSERT_TRUE(s.append_journal(j));
}

TEST(TicketMetrics, EachTicketCountsOnceAndALaterChangeTakesNothingBack) {
    TempDir dir;
    auto store = std::move(*SqliteStore::open(dir.file("m.db")));
    Store& s = *store;

    // A ticket the bot is still triaging is not counted yet; it is once the diagnosis is over, with
    // the category and priority the triage gave it.
    Ticket a = sample_ticket(*s.allocate_id(TicketType::incident), kT0, "VPN drops", "");
    a.priority = Priority::p3;
    a.status = TicketStatus::in_diagnosis;
    save(s, a);
    a.category = "network";
    save(s, a);
    EXPECT_TRUE(metrics(s).opened.empty());
    a.priority = Priority::p2;
    a.status = TicketStatus::escalated;
    save(s, a);
    EXPECT_EQ((metrics(s).opened[{"incident", "network", "P2"}]), 1);
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
    EXPECT_EQ(metrics(s).bot_resolutions, 0) << "resolved, not yet closed";
    b.status = TicketStatus::closed;
    save(s, b);

    breach(s, a.id, R"({"clock":"response","due":"x","priority":"P2"})");
    breach(s, b.id, R"({"clock":"resolution","due":"x"})");  // journalled before the priority was: the ticket's

    for (int pass = 0; pass < 2; ++pass) {
        SCOPED_TRACE(pass == 0 ? "as written" : "after opening the file again");
        const TicketMetrics m = metrics(*store);
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
        store.reset();
        store = std::move(*SqliteStore::open(dir.file("m.db")));
    }
}

TEST(TicketMetrics, TicketsWrittenBeforeTheMetricColumnsAreCountedFromTheirRecords) {
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

}  // namespace
}  // namespace frontline
