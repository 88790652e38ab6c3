// Two processes on one PostgreSQL at once: the second connection's write waits on the first's
// uncommitted one and then gives the answer SQLite's one writer would have given in that order.
// Each race holds the first transaction open until the second connection is seen waiting on its
// lock (pg_stat_activity), so the interleaving is the racy one every time, without timing.
#include <gtest/gtest.h>


#include "backend_under_test.hpp"
#include "pg_race.hpp"
#include "store_test_support.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;
using testing::Backend;
using testing::BackendUnderTest;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} + 9h;

class PgRaces : public ::testing::Test {
protected:
    void SetUp() override {
        first_ = testing::open_backend(Backend::postgresql);
        ASSERT_TRUE(first_);
        second_ = first_->another_connection();
        watcher_ = first_->another_connection();
    }

    /// `first_work` in a transaction on the first connection, `second_work` on the second's own
    /// thread (pg_race.hpp).
    bool race(const std::function<Status()>& first_work, const std::function<void()>& second_work, bool commit = true) {
        const testing::PgRace race{[&](const std::function<Status()>& fn) { return first_->in_transaction(fn); },
                                   [&] { return second_waits(); }};
        return race.run(first_work, second_work, commit);
    }

    /// Whether a connection of this database is blocked on a lock (the second one: nothing else runs).
    bool second_waits() {
        return watcher_->rows("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                              " AND wait_event_type = 'Lock'")
                   .at(0)
                   .at(0) != "0";
    }

    std::unique_ptr<BackendUnderTest> first_, second_, watcher_;
};

Attachment file(char lead, const std::string& name) {
    Attachment a;
    a.sha256 = std::string(1, lead) + std::string(63, '0');
    a.name = name;
    a.media_type = "image/png";
    a.size = 10;
    a.state = "stored";
    return a;
}

TEST_F(PgRaces, AHeldMessageIsTakenByOneConnection) {
    const Identity ada{"slack", "U1"};
    ASSERT_TRUE(first_->handoffs().hold_message(ada, "VPN drops", kT0));
    Result<std::optional<std::string>> firsts = std::optional<std::string>{}, seconds = std::optional<std::string>{};
    EXPECT_TRUE(race(
        [&]() -> Status {
            firsts = first_->handoffs().take_held_message(ada);
            return firsts ? Status{} : firsts.error();
        },
        [&] { seconds = second_->handoffs().take_held_message(ada); }));
    ASSERT_TRUE(firsts && *firsts);
    EXPECT_EQ(**firsts, "VPN drops");
    ASSERT_TRUE(seconds) << seconds.error().message;
    EXPECT_FALSE(*seconds) << "the words are handed out once";
}

TEST_F(PgRaces, TwoHeldMessagesAtOnceAddUpAndTheSecondKnowsItCameSecond) {
    const Identity ada{"slack", "U1"};
    Result<bool> firsts = false, seconds = false;
    EXPECT_TRUE(race(
        [&]() -> Status {
            firsts = first_->handoffs().hold_message(ada, "VPN drops", kT0);
            return firsts ? Status{} : firsts.error();
        },
        [&] { seconds = second_->handoffs().hold_message(ada, "since this morning", kT0 + 1s); }));
    ASSERT_TRUE(firsts && seconds) << (seconds ? "" : seconds.error().message);
    EXPECT_FALSE(*firsts);
    EXPECT_TRUE(*seconds) << "something was held before it";
    auto taken = first_->handoffs().take_held_message(ada);
    ASSERT_TRUE(taken && *taken);
    EXPECT_EQ(**taken, "VPN drops\nsince this morning");
}

TEST_F(PgRaces, HeldFilesAreTakenByOneConnection) {
    const Identity ada{"slack", "U1"};
    ASSERT_TRUE(first_->attachments().hold_attachment(ada, file('a', "one.png"), kT0));
    ASSERT_TRUE(first_->attachments().hold_attachment(ada, file('b', "two.png"), kT0 + 1s));
    Result<std::vector<Attachment>> firsts = std::vector<Attachment>{}, seconds = std::vector<Attachment>{};
    EXPECT_TRUE(race(
        [&]() -> Status {
            firsts = first_->attachments().take_held_attachments(ada);
            return firsts ? Status{} : firsts.error();
        },
        [&] { seconds = second_->attachments().take_held_attachments(ada); }));
    ASSERT_TRUE(firsts);
    ASSERT_EQ(firsts->size(), 2u);
    EXPECT_EQ((*firsts)[0].name, "one.png");
    ASSERT_TRUE(seconds) << seconds.error().message;
    EXPECT_TRUE(seconds->empty()) << "each file is attached once";
    EXPECT_EQ(first_->count("held_attachments"), 0);
}

TEST_F(PgRaces, TheSameFileAddedToATicketAtOnceIsKeptOnce) {
    TicketAttachment a{0, TicketId{TicketType::incident, 1}, file('a', "screenshot.png"), kT0};
    TicketAttachment b = a;
    Result<bool> firsts = false, seconds = false;
    EXPECT_TRUE(race(
        [&]() -> Status {
            firsts = first_->attachments().add_ticket_attachment(a);
            return firsts ? Status{} : firsts.error();
        },
        [&] { seconds = second_->attachments().add_ticket_attachment(b); }));
    ASSERT_TRUE(firsts && seconds) << (seconds ? "" : seconds.error().message);
    EXPECT_TRUE(*firsts);
    EXPECT_FALSE(*seconds) << "already on the ticket once the first committed";
    EXPECT_EQ(b.seq, 0);
    EXPECT_EQ(*first_->attachments().count_attachments(a.ticket), 1);
}

TEST_F(PgRaces, WhenTheFirstFileAddRollsBackTheSecondKeepsTheFile) {
    TicketAttachment a{0, TicketId{TicketType::incident, 1}, file('a', "screenshot.png"), kT0};
    TicketAttachment b = a;
    Result<bool> seconds = false;
    EXPECT_TRUE(race(
        [&]() -> Status {
            auto added = first_->attachments().add_ticket_attachment(a);
            return added ? Status{} : added.error();
        },
        [&] { seconds = second_->attachments().add_ticket_attachment(b); }, /*commit=*/false));
    ASSERT_TRUE(seconds) << seconds.error().message;
    EXPECT_TRUE(*seconds);
    EXPECT_GT(b.seq, 0);
    auto files = first_->attachments().attachments_of(a.ticket);
    ASSERT_TRUE(files);
    ASSERT_EQ(files->size(), 1u);
    EXPECT_EQ(files->front().seq, b.seq);
}

TEST_F(PgRaces, TwoConfirmsOfOneLinkOrOneSlotAtOnceBookOnce) {
    const TicketId ticket = *first_->tickets().allocate_id(TicketType::incident);
    ASSERT_TRUE(first_->tickets().save_ticket(testing::sample_ticket(ticket, kT0, "VPN drops")));
    auto booking = [&](const std::string& agent, TimePoint start, const std::string& nonce) {
        Booking b;
        b.ticket = ticket;
        b.agent = agent;
        b.requester = {"telegram", "777"};
        b.start = start;
        b.end = start + 30min;
        b.nonce = nonce;
        b.meeting = "https://meet.jit.si/room";
        b.requester_zone = "Europe/Rome";
        b.created_at = kT0;
        return b;
    };
    struct Case {
        const char* what;
        Booking first, second;
    };
    for (auto& [what, one, two] : {Case{"one link", booking("rita", kT0 + 1h, "n1"), booking("leo", kT0 + 2h, "n1")},
                                   Case{"one slot", booking("rita", kT0 + 3h, "n2"), booking("rita", kT0 + 3h, "n3")}}) {
        SCOPED_TRACE(what);
        Booking first = one, second = two;
        Status seconds;
        EXPECT_TRUE(race([&]() -> Status { return first_->bookings().insert_booking(first); },
                         [&] { seconds = second_->bookings().insert_booking(second); }));
        ASSERT_FALSE(seconds);
        EXPECT_EQ(seconds.error().code, Errc::conflict);
        auto kept = first_->bookings().booking_by_nonce(first.nonce);
        ASSERT_TRUE(kept && *kept);
        EXPECT_EQ((*kept)->agent, first.agent);
    }
    EXPECT_EQ(first_->count("bookings"), 2);
}

TEST_F(PgRaces, TwoAlertGroupsChangedAtOnceAreOrderedByWhichCommittedFirst) {
    const AlertGroup a{"a", TicketId{TicketType::incident, 1}, {"1"}, true};
    const AlertGroup b{"b", TicketId{TicketType::incident, 2}, {"2"}, true};
    Status seconds;
    EXPECT_TRUE(race([&]() -> Status { return first_->alerts().save_alert_group(a); },
                     [&] { seconds = second_->alerts().save_alert_group(b); }));
    ASSERT_TRUE(seconds) << seconds.error().message;
    // Without the lock both would read the same MAX and share a change number: "newest first" a coin toss.
    EXPECT_EQ(first_->rows("SELECT group_key, updated_seq FROM alert_groups ORDER BY group_key"),
              (std::vector<std::vector<std::string>>{{"a", "1"}, {"b", "2"}}));
    auto firing = first_->alerts().firing_alert_incidents(10);
    ASSERT_TRUE(firing);
    EXPECT_EQ(*firing, (std::vector<TicketId>{b.ticket, a.ticket}));
}

}  // namespace
}  // namespace frontline
