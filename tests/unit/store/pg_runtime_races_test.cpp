// Two frontline processes on one PostgreSQL, as two connections with different claim holders: the
// runtime's tables give each inbound event, outbox row, timer, conversation seq and leader lease
// to exactly one of them. A race that must wait holds the first transaction open until the second
// connection is seen waiting on a lock in pg_stat_activity, so the racy interleaving happens every
// run; SKIP LOCKED races need no thread (the second connection does not wait). Time is passed in:
// a lease "runs out" because a later `now` is given, never by sleeping.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "core/store/conversation_line_store.hpp"
#include "core/store/cursor_store.hpp"
#include "core/store/inbox_store.hpp"
#include "core/store/leader_leases.hpp"
#include "core/store/outbox_store.hpp"
#include "core/store/pg/pg_store.hpp"
#include "core/store/timer_store.hpp"
#include "core/store/unix_time.hpp"
#include "pg_race.hpp"
#include "tests/support/pg_cluster.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 12 / 7} + 9h;
constexpr Seconds kLease{30};

OutboundMessage message(const std::string& conversation, const std::string& key) {
    OutboundMessage m;
    m.to = {"slack", conversation, ""};
    m.text = "text of " + key;
    m.idempotency_key = key;
    return m;
}

std::vector<std::int64_t> ids_of(const std::vector<OutboxRow>& rows) {
    std::vector<std::int64_t> out;
    for (const auto& r : rows) out.push_back(r.id);
    return out;
}

class PgRuntimeRaces : public ::testing::Test {
protected:
    void SetUp() override {
        auto& cluster = testkit::PgCluster::shared();
        const std::string name = cluster.unique_name();
        cluster.create_database(name);
        options_ = {cluster.url(name), cluster.password()};
        a_ = open("host-a:101:aaaa");
        b_ = open("host-b:202:bbbb");
        watcher_ = open("watcher");
        ASSERT_TRUE(a_ && b_ && watcher_);
    }

    std::unique_ptr<PgStore> open(const std::string& holder) {
        auto s = PgStore::open(options_, std::nullopt, PgClaims{holder, kLease});
        if (!s) ADD_FAILURE() << s.error().message;
        return s ? std::move(*s) : nullptr;
    }

    /// `first_work` in a transaction of A, `second_work` on B's own thread (pg_race.hpp).
    bool race(const std::function<Status()>& first_work, const std::function<void()>& second_work, bool commit = true,
              const std::function<void()>& while_b_waits = {}) {
        const testing::PgRace race{[&](const std::function<Status()>& fn) { return a_->in_transaction(fn); },
                                   [&] { return b_waits(); }};
        return race.run(first_work, second_work, commit, while_b_waits);
    }

    /// Whether a connection of this database waits on a lock (B: nothing else runs here).
    bool b_waits() {
        auto q = watcher_->connection().query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                              " AND wait_event_type = 'Lock'");
        EXPECT_TRUE(q) << q.error().message;
        return q && q->integer(0, 0) > 0;
    }

    std::string column(const std::string& sql) {
        auto q = watcher_->connection().query(sql);
        EXPECT_TRUE(q && q->size() == 1) << (q ? "not one row" : q.error().message);
        return q && q->size() == 1 ? (q->null(0, 0) ? "" : q->text(0, 0)) : "?";
    }

    /// Rows queued by a third process at kT0, whose claims have run out by kT0 + the lease.
    std::vector<std::int64_t> queue_unclaimed(int n) {
        auto creator = open("host-c:303:cccc");
        std::vector<std::int64_t> ids;
        for (int i = 0; i < n; ++i) {
            auto row = creator->outbox().enqueue_row(message("D" + std::to_string(i), "k" + std::to_string(i)), kT0);
            EXPECT_TRUE(row && *row);
            if (row && *row) ids.push_back((*row)->id);
        }
        return ids;
    }

    pg::ConnectOptions options_;
    std::unique_ptr<PgStore> a_, b_, watcher_;
};

TEST_F(PgRuntimeRaces, TwoProcessesClaimingTheSameRowsGetEachRowOnce) {
    const auto ids = queue_unclaimed(6);
    const TimePoint later = kT0 + kLease;  // the creator's claims have run out
    std::vector<std::int64_t> by_a, by_b;
    ASSERT_TRUE(a_->in_transaction([&]() -> Status {
        auto mine = a_->outbox().pending_rows({ids[4], ids[0], ids[2]}, later);
        if (!mine) return mine.error();
        by_a = ids_of(*mine);
        // B looks while A's claim is uncommitted: SKIP LOCKED passes over A's rows without waiting.
        std::vector<std::int64_t> reversed(ids.rbegin(), ids.rend());
        auto theirs = b_->outbox().pending_rows(reversed, later);
        if (!theirs) return theirs.error();
        by_b = ids_of(*theirs);
        return {};
    }));
    EXPECT_EQ(by_a, (std::vector<std::int64_t>{ids[4], ids[0], ids[2]})) << "in the order asked";
    EXPECT_EQ(by_b, (std::vector<std::int64_t>{ids[5], ids[3], ids[1]})) << "the rest, in the order asked";
    // Committed: each keeps its own rows and cannot take the other's.
    auto again_a = a_->outbox().pending_rows(ids, later + 1s);
    auto again_b = b_->outbox().pending_rows(ids, later + 1s);
    ASSERT_TRUE(again_a && again_b);
    EXPECT_EQ(ids_of(*again_a), (std::vector<std::int64_t>{ids[0], ids[2], ids[4]}));
    EXPECT_EQ(ids_of(*again_b), (std::vector<std::int64_t>{ids[1], ids[3], ids[5]}));
    EXPECT_EQ(column("SELECT count(*) FROM outbox WHERE claimed_by = 'host-a:101:aaaa'"), "3");
    EXPECT_EQ(column("SELECT count(*) FROM outbox WHERE claimed_by = 'host-b:202:bbbb'"), "3");
}

TEST_F(PgRuntimeRaces, ADeadHoldersClaimIsTakenOverOnlyAfterItsLease) {
    const auto ids = queue_unclaimed(1);
    const TimePoint claimed_at = kT0 + kLease;
    auto rows = a_->outbox().pending_rows(ids, claimed_at);
    ASSERT_TRUE(rows && rows->size() == 1u);
    ASSERT_TRUE(a_->outbox().mark_sending(ids[0], claimed_at + 1s));
    a_.reset();  // A dies mid-delivery: its claim stays in the row

    auto early = b_->outbox().pending_rows(ids, claimed_at + kLease - 1s);
    ASSERT_TRUE(early);
    EXPECT_TRUE(early->empty()) << "A's lease still runs";
    EXPECT_TRUE(b_->outbox().deliverable(claimed_at + kLease - 1s, 10)->empty());
    EXPECT_EQ(b_->outbox().deliverable(claimed_at + kLease, 10)->size(), 1u) << "deliverable once the lease ran out";
    auto taken = b_->outbox().pending_rows(ids, claimed_at + kLease);
    ASSERT_TRUE(taken && taken->size() == 1u);
    ASSERT_TRUE(taken->front().sending_since) << "B knows the message may already be there";
    EXPECT_EQ(*taken->front().sending_since, claimed_at + 1s);
    EXPECT_EQ(column("SELECT claimed_by FROM outbox"), "host-b:202:bbbb");

    // A retry or a settled row is nobody's.
    ASSERT_TRUE(b_->outbox().mark_retry(ids[0], claimed_at + kLease + 10s, "timeout"));
    EXPECT_EQ(column("SELECT coalesce(claimed_by, 'none') || ' ' || coalesce(lease_until::text, 'none') FROM outbox"),
              "none none");
    ASSERT_TRUE(b_->outbox().pending_rows(ids, claimed_at + kLease + 10s));
    ASSERT_TRUE(b_->outbox().mark_delivered(ids[0], "p-1", claimed_at + kLease + 11s));
    EXPECT_EQ(column("SELECT coalesce(claimed_by, 'none') FROM outbox"), "none");
}

TEST_F(PgRuntimeRaces, ARowBornClaimedByItsCreatorIsNotDeliverableToAnotherProcess) {
    auto row = a_->outbox().enqueue_row(message("D1", "first"), kT0);
    ASSERT_TRUE(row && *row);
    auto behind = b_->outbox().enqueue_row(message("D1", "second"), kT0);  // B's reply in the same conversation
    ASSERT_TRUE(behind && *behind);
    EXPECT_EQ(column("SELECT count(*) FROM outbox WHERE lease_until = " + std::to_string(to_unix(kT0 + kLease))),
              "2")
        << "each row born claimed by its creator for the lease";

    EXPECT_TRUE(b_->outbox().deliverable(kT0 + 1s, 10)->empty())
        << "A's row heads the conversation and is A's; B's own row must not overtake it";
    EXPECT_TRUE(b_->outbox().deliverable_heads(kT0 + 1s, 10)->empty());
    EXPECT_TRUE(b_->outbox().pending_rows({(*row)->id}, kT0 + 1s)->empty());
    auto heads = a_->outbox().deliverable_heads(kT0 + 1s, 10);
    ASSERT_TRUE(heads && heads->size() == 1u);
    EXPECT_EQ(heads->front().id, (*row)->id);

    // B's row follows A's head, but it is B's: A's run stops before it.
    auto followers = a_->outbox().followers(**row, kT0 + 1s, 10);
    ASSERT_TRUE(followers);
    EXPECT_TRUE(followers->empty());
    // Once B's claim ran out, A takes it with the head (and now holds it).
    followers = a_->outbox().followers(**row, kT0 + kLease, 10);
    ASSERT_TRUE(followers && followers->size() == 1u);
    EXPECT_EQ(followers->front().id, (*behind)->id);
    EXPECT_EQ(column("SELECT claimed_by FROM outbox WHERE idempotency_key = 'second'"), "host-a:101:aaaa");
}

TEST_F(PgRuntimeRaces, FollowersStopAtARowAnotherProcessHoldsAndLeaveTheRestUnclaimed) {
    std::vector<OutboxRow> rows;
    for (const char* key : {"r1", "r2", "r3", "r4"}) {
        auto row = a_->outbox().enqueue_row(message("D1", key), kT0);
        ASSERT_TRUE(row && *row);
        rows.push_back(**row);
    }
    const TimePoint later = kT0 + kLease;
    ASSERT_EQ(b_->outbox().pending_rows({rows[2].id}, later)->size(), 1u) << "B holds r3";
    auto followers = a_->outbox().followers(rows[0], later, 10);
    ASSERT_TRUE(followers) << followers.error().message;
    EXPECT_EQ(ids_of(*followers), (std::vector<std::int64_t>{rows[1].id})) << "r4 must not overtake r3";
    EXPECT_EQ(column("SELECT claimed_by || ' ' || lease_until FROM outbox WHERE idempotency_key = 'r2'"),
              "host-a:101:aaaa " + std::to_string(to_unix(later + kLease)));
    EXPECT_EQ(column("SELECT lease_until FROM outbox WHERE idempotency_key = 'r4'"),
              std::to_string(to_unix(kT0 + kLease)))
        << "past the end of the run nothing is claimed";
}

TEST_F(PgRuntimeRaces, TheSameEventRecordedByTwoProcessesAtOnceIsAppliedByOne) {
    Result<bool> firsts = false, seconds = true;
    EXPECT_TRUE(race(
        [&]() -> Status {
            firsts = a_->inbox().record("slack:Ev1", kT0);
            return firsts ? Status{} : firsts.error();
        },
        [&] { seconds = b_->inbox().record("slack:Ev1", kT0); }));
    ASSERT_TRUE(firsts && seconds) << (seconds ? "" : seconds.error().message);
    EXPECT_TRUE(*firsts);
    EXPECT_FALSE(*seconds) << "the loser drops the event once the winner committed";

    // When the first batch rolls back, the event is not applied there: the second one applies it.
    seconds = false;
    EXPECT_TRUE(race(
        [&]() -> Status {
            auto recorded = a_->inbox().record("slack:Ev2", kT0);
            return recorded ? Status{} : recorded.error();
        },
        [&] { seconds = b_->inbox().record("slack:Ev2", kT0); }, false));
    ASSERT_TRUE(seconds);
    EXPECT_TRUE(*seconds);
}

TEST_F(PgRuntimeRaces, TwoProcessesAppendingToOneConversationGetConsecutiveSeqs) {
    Status seconds;
    EXPECT_TRUE(race(
        [&]() -> Status {
            for (int i = 1; i <= 3; ++i)
                if (auto l = a_->lines().append("alice", "a" + std::to_string(i), "{}", kT0); !l) return l.error();
            return {};
        },
        [&] {
            seconds = b_->in_transaction([&]() -> Status {
                for (int i = 1; i <= 2; ++i)
                    if (auto l = b_->lines().append("alice", "b" + std::to_string(i), "{}", kT0); !l) return l.error();
                // A redelivered line of A's is found, not numbered again.
                auto again = b_->lines().append("alice", "a2", "{}", kT0);
                if (!again) return again.error();
                return again->added || again->line.seq != 2 ? make_error(Errc::conflict, "a2 numbered again") : Status{};
            });
        }));
    ASSERT_TRUE(seconds) << seconds.error().message;
    auto lines = watcher_->lines().after("alice", 0, 100);
    ASSERT_TRUE(lines);
    std::vector<std::string> order;
    for (std::size_t i = 0; i < lines->size(); ++i) {
        EXPECT_EQ((*lines)[i].seq, static_cast<std::int64_t>(i + 1)) << "no gap, no seq twice";
        order.push_back((*lines)[i].line_id);
    }
    EXPECT_EQ(order, (std::vector<std::string>{"a1", "a2", "a3", "b1", "b2"}));
}

TEST_F(PgRuntimeRaces, TimersDueInTwoOpenTransactionsAreTakenByOne) {
    for (int i = 0; i < 4; ++i)
        ASSERT_TRUE(a_->timers().arm(TimerRequest{"t" + std::to_string(i), kT0 + Seconds{i}, "sla_warning", "{}"}));
    std::vector<std::string> by_a, by_b;
    ASSERT_TRUE(a_->in_transaction([&]() -> Status {
        auto mine = a_->timers().due(kT0 + 10s, 2);
        if (!mine) return mine.error();
        for (const auto& t : *mine) by_a.push_back(t.key);
        // B's batch at the same moment skips the rows A's holds (no wait) and takes the others.
        return b_->in_transaction([&]() -> Status {
            auto theirs = b_->timers().due(kT0 + 10s, 10);
            if (!theirs) return theirs.error();
            for (const auto& t : *theirs) {
                by_b.push_back(t.key);
                if (auto ok = b_->timers().cancel(t.key); !ok) return ok;
            }
            return {};
        });
    }));
    EXPECT_EQ(by_a, (std::vector<std::string>{"t0", "t1"})) << "earliest first";
    EXPECT_EQ(by_b, (std::vector<std::string>{"t2", "t3"}));
}

TEST_F(PgRuntimeRaces, ALeaderLeaseHasOneHolderAndPassesOnOnlyWhenItRunsOut) {
    LeaderLeases& a = a_->leases();
    LeaderLeases& b = b_->leases();
    EXPECT_TRUE(*a.hold("telegram", "A", kT0, 10s));
    EXPECT_FALSE(*b.hold("telegram", "B", kT0 + 5s, 10s));
    EXPECT_TRUE(*a.hold("telegram", "A", kT0 + 8s, 10s)) << "renewed until kT0 + 18 s";
    EXPECT_FALSE(*b.hold("telegram", "B", kT0 + 17s, 10s));
    EXPECT_TRUE(*b.hold("telegram", "B", kT0 + 18s, 10s)) << "A's lease ran out (A died)";
    EXPECT_FALSE(*a.hold("telegram", "A", kT0 + 19s, 10s)) << "A's late renewal is refused";
    auto holder = a.holder_of("telegram");
    ASSERT_TRUE(holder && *holder);
    EXPECT_EQ((*holder)->holder, "B");
    EXPECT_EQ((*holder)->expires, kT0 + 28s);
    ASSERT_TRUE(a.release("telegram", "A"));
    EXPECT_EQ((*a.holder_of("telegram"))->holder, "B") << "only the holder releases";
    ASSERT_TRUE(b.release("telegram", "B"));
    EXPECT_FALSE(*a.holder_of("telegram"));

    // Two processes taking a free lease at once: the second waits on the first's row, then is refused.
    Result<bool> firsts = false, seconds = true;
    EXPECT_TRUE(race(
        [&]() -> Status {
            firsts = a.hold("matrix", "A", kT0, 10s);
            return firsts ? Status{} : firsts.error();
        },
        [&] { seconds = b.hold("matrix", "B", kT0, 10s); }));
    ASSERT_TRUE(firsts && seconds);
    EXPECT_TRUE(*firsts);
    EXPECT_FALSE(*seconds);
}

TEST_F(PgRuntimeRaces, TheFirstValueKeptWinsWhenTwoProcessesKeepOneAtOnce) {
    Result<std::string> firsts = std::string(), seconds = std::string();
    EXPECT_TRUE(race(
        [&]() -> Status {
            firsts = a_->cursors().keep_first("webchat.session_key", "key-a", kT0);
            return firsts ? Status{} : firsts.error();
        },
        [&] { seconds = b_->cursors().keep_first("webchat.session_key", "key-b", kT0); }));
    ASSERT_TRUE(firsts && seconds) << (seconds ? "" : seconds.error().message);
    EXPECT_EQ(*firsts, "key-a");
    EXPECT_EQ(*seconds, "key-a") << "B signs with the key A kept";
}

TEST_F(PgRuntimeRaces, EngineBatchesOfTwoProcessesApplyOneAfterAnother) {
    std::atomic<bool> b_inside{false};
    bool b_got_in_early = true;
    Status seconds;
    EXPECT_TRUE(race([&]() -> Status { return a_->lock_engine(); },
                     [&] {
                         seconds = b_->in_transaction([&]() -> Status {
                             if (auto ok = b_->lock_engine(); !ok) return ok;
                             b_inside = true;
                             return {};
                         });
                     },
                     true, [&] { b_got_in_early = b_inside; }))
        << "B's lock_engine waits on A's open batch";
    EXPECT_FALSE(b_got_in_early) << "B's batch did not start while A's was open";
    ASSERT_TRUE(seconds) << seconds.error().message;
    EXPECT_TRUE(b_inside) << "and started once A's ended";
    EXPECT_FALSE(a_->lock_engine()) << "outside a transaction the lock would end with its statement";
}

}  // namespace
}  // namespace frontline
