// The runtime's own tables and transactions through Store, on both backends: the inbox drops a
// redelivered event, timers move, fire earliest first and cancel, a leader lease has one holder,
// one event's savepoint undoes only that event, and an unsynced transaction commits like any other.
#include <gtest/gtest.h>

#include "backend_under_test.hpp"
#include "core/store/inbox_store.hpp"
#include "core/store/leader_leases.hpp"
#include "core/store/timer_store.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 12 / 7} + 9h;

class RuntimeTables : public testing::BackendTest {
protected:
    Store& store() { return backend().store(); }
};

TEST_P(RuntimeTables, TheStoreNamesItsBackendAndAnswersThePing) {
    EXPECT_EQ(store().backend(), GetParam() == testing::Backend::sqlite ? "sqlite" : "postgresql");
    EXPECT_TRUE(store().ping());
}

TEST_P(RuntimeTables, TheInboxRecordsAKeyOnceAndForgetsOldKeys) {
    InboxStore& inbox = store().inbox();
    EXPECT_TRUE(*inbox.record("slack:Ev1", kT0));
    EXPECT_FALSE(*inbox.record("slack:Ev1", kT0 + 1s)) << "a redelivery";
    EXPECT_TRUE(*inbox.record("slack:Ev2", kT0 + 2h));
    auto pruned = inbox.prune(kT0 + 1h);
    ASSERT_TRUE(pruned) << pruned.error().message;
    EXPECT_EQ(*pruned, 1);
    EXPECT_TRUE(*inbox.record("slack:Ev1", kT0 + 3h)) << "forgotten after the prune";
    EXPECT_FALSE(*inbox.record("slack:Ev2", kT0 + 3h));
}

TEST_P(RuntimeTables, TimersMoveFireEarliestFirstAndCancel) {
    TimerStore& timers = store().timers();
    EXPECT_FALSE(*timers.next_due());
    ASSERT_TRUE(timers.arm({"sla:INC-1", kT0 + 10min, "sla_warning", "{\"n\":1}"}));
    ASSERT_TRUE(timers.arm({"idle:ada", kT0 + 5min, "idle", "{}"}));
    ASSERT_TRUE(timers.arm({"sla:INC-1", kT0 + 2min, "sla_breach", "{\"n\":2}"}));  // moved
    EXPECT_EQ(*timers.count(), 2);
    EXPECT_EQ(*timers.next_due(), kT0 + 2min);
    ASSERT_TRUE(store().in_transaction([&]() -> Status {
        auto due = timers.due(kT0 + 6min, 10);
        if (!due) return due.error();
        EXPECT_EQ(due->size(), 2u);
        if (due->size() != 2u) return {};
        EXPECT_EQ((*due)[0].key, "sla:INC-1");
        EXPECT_EQ((*due)[0].kind, "sla_breach");
        EXPECT_EQ((*due)[0].payload, "{\"n\":2}");
        EXPECT_EQ((*due)[0].due, kT0 + 2min);
        EXPECT_EQ((*due)[1].key, "idle:ada");
        return timers.cancel("sla:INC-1");
    }));
    EXPECT_EQ(timers.due(kT0 + 3min, 10)->size(), 0u);
    ASSERT_TRUE(timers.cancel("never-armed"));
    EXPECT_EQ(*timers.count(), 1);
}

TEST_P(RuntimeTables, ALeaderLeaseIsHeldRenewedReleasedAndTakenWhenExpired) {
    LeaderLeases& leases = store().leases();
    EXPECT_FALSE(*leases.holder_of("sweeps"));
    EXPECT_TRUE(*leases.hold("sweeps", "p1", kT0, 15s));
    EXPECT_TRUE(*leases.hold("sweeps", "p1", kT0 + 5s, 15s));
    EXPECT_FALSE(*leases.hold("sweeps", "p2", kT0 + 19s, 15s));
    EXPECT_TRUE(*leases.hold("sweeps", "p2", kT0 + 20s, 15s));
    auto holder = leases.holder_of("sweeps");
    ASSERT_TRUE(holder && *holder);
    EXPECT_EQ((*holder)->holder, "p2");
    EXPECT_EQ((*holder)->expires, kT0 + 35s);
    ASSERT_TRUE(leases.release("sweeps", "p1"));
    EXPECT_TRUE(*leases.holder_of("sweeps"));
    ASSERT_TRUE(leases.release("sweeps", "p2"));
    EXPECT_TRUE(*leases.hold("sweeps", "p1", kT0 + 21s, 15s)) << "free again at once";
}

TEST_P(RuntimeTables, AnEventSavepointUndoesOnlyThatEventsWrites) {
    ASSERT_TRUE(store().in_transaction([&]() -> Status {
        EXPECT_TRUE(*store().inbox().record("ev-kept", kT0));
        {
            EventSavepoint sp(store());
            if (auto ok = sp.begin(); !ok) return ok;
            EXPECT_TRUE(*store().inbox().record("ev-undone", kT0));
            if (auto ok = sp.rollback(); !ok) return ok;
        }
        {
            EventSavepoint sp(store());
            if (auto ok = sp.begin(); !ok) return ok;
            EXPECT_TRUE(*store().inbox().record("ev-released", kT0));
            return sp.release();
        }
    }));
    EXPECT_EQ(backend().count("inbox"), 2);
    EXPECT_TRUE(*store().inbox().record("ev-undone", kT0)) << "its record was undone";
}

TEST_P(RuntimeTables, AnUnsyncedTransactionCommitsAndRollsBackLikeAnyOther) {
    const bool pg = GetParam() == testing::Backend::postgresql;
    auto synchronous_commit = [&] { return backend().rows("SELECT current_setting('synchronous_commit')").at(0).at(0); };
    // The tests' server runs with synchronous_commit off for speed: this session waits, as a
    // production server's sessions do, so the transaction's own setting shows.
    if (pg) backend().execute("SET synchronous_commit = on");
    ASSERT_TRUE(store().in_unsynced_transaction([&]() -> Status {
        if (pg) {
            EXPECT_EQ(synchronous_commit(), "off");
        }
        auto r = store().inbox().record("ev-1", kT0);
        return r ? Status{} : r.error();
    }));
    EXPECT_FALSE(store().in_unsynced_transaction([&]() -> Status {
        (void)store().inbox().record("ev-2", kT0);
        return make_error(Errc::conflict, "undone on purpose");
    }));
    // Nested in an ordinary transaction it joins it.
    ASSERT_TRUE(store().in_transaction([&]() -> Status {
        return store().in_unsynced_transaction([&]() -> Status {
            auto r = store().inbox().record("ev-3", kT0);
            return r ? Status{} : r.error();
        });
    }));
    EXPECT_EQ(backend().count("inbox"), 2);
    // Later transactions wait for the disk again (the setting was the transaction's own).
    ASSERT_TRUE(store().in_transaction([&]() -> Status { return {}; }));
    if (pg) {
        EXPECT_EQ(synchronous_commit(), "on");
    }
}

TEST_P(RuntimeTables, TheEngineLockIsTakenInsideABatch) {
    ASSERT_TRUE(store().in_transaction([&]() -> Status { return store().lock_engine(); }));
}

FRONTLINE_ON_BOTH_BACKENDS(RuntimeTables);

}  // namespace
}  // namespace frontline
