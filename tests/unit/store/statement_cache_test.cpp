// The per-connection statement cache: a statement is prepared once and comes back clean (reset,
// bindings cleared); one still running is never handed out again (nested use gets its own copy);
// a statement abandoned mid-rows or after an error is usable again; and the store's hot calls,
// repeated, prepare nothing new.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/inbox_store.hpp"
#include "core/store/outbox_store.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_store.hpp"
#include "core/store/timer_store.hpp"
#include "store_test_support.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;
using testing::sample_ticket;
using testing::TempDir;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 9h;

class StatementCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        db_ = std::make_unique<SQLite::Database>(dir_.file("cache.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db_->exec("CREATE TABLE n (x INTEGER); INSERT INTO n VALUES (1), (2), (3);");
        cache_ = std::make_unique<StatementCache>(*db_);
    }
    TempDir dir_;
    std::unique_ptr<SQLite::Database> db_;
    std::unique_ptr<StatementCache> cache_;
};

TEST_F(StatementCacheTest, TheSameSqlIsPreparedOnceAndComesBackWithoutItsBindings) {
    const SQLite::Statement* first = nullptr;
    {
        auto q = cache_->get("SELECT ?1 IS NULL, ?1");
        first = &*q;
        q->bind(1, 42);
        ASSERT_TRUE(q->executeStep());
        EXPECT_EQ(q->getColumn(1).getInt(), 42);
    }
    auto again = cache_->get("SELECT ?1 IS NULL, ?1");
    EXPECT_EQ(&*again, first);
    EXPECT_EQ(cache_->prepared(), 1u);
    ASSERT_TRUE(again->executeStep());  // from its first row again, the old binding gone
    EXPECT_EQ(again->getColumn(0).getInt(), 1);
}

TEST_F(StatementCacheTest, AStatementStillReadingRowsIsNotLentTwice) {
    const char* sql = "SELECT x FROM n ORDER BY x";
    auto outer = cache_->get(sql);
    std::vector<int> seen;
    while (outer->executeStep()) {
        const int x = outer->getColumn(0).getInt();
        // A nested call asking for the same SQL reads all rows itself without moving the outer one.
        auto inner = cache_->get(sql);
        EXPECT_NE(&*inner, &*outer);
        int count = 0;
        while (inner->executeStep()) ++count;
        EXPECT_EQ(count, 3);
        seen.push_back(x);
    }
    EXPECT_EQ(seen, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(cache_->prepared(), 2u);  // one copy per nesting level, then reused
}

TEST_F(StatementCacheTest, AnAbandonedOrFailedStatementIsUsableAgain) {
    {
        auto q = cache_->get("SELECT x FROM n ORDER BY x");
        ASSERT_TRUE(q->executeStep());  // left after the first row
    }
    {
        auto q = cache_->get("SELECT x FROM n ORDER BY x");
        ASSERT_TRUE(q->executeStep());
        EXPECT_EQ(q->getColumn(0).getInt(), 1);
    }
    db_->exec("CREATE TABLE u (k TEXT PRIMARY KEY)");
    {
        auto ins = cache_->get("INSERT INTO u (k) VALUES (?)");
        ins->bind(1, "a");
        ins->exec();
    }
    {
        auto ins = cache_->get("INSERT INTO u (k) VALUES (?)");
        ins->bind(1, "a");
        EXPECT_THROW(ins->exec(), SQLite::Exception);  // constraint: the lease still goes back clean
    }
    auto ins = cache_->get("INSERT INTO u (k) VALUES (?)");
    ins->bind(1, "b");
    EXPECT_EQ(ins->exec(), 1);
    EXPECT_EQ(cache_->prepared(), 2u);
}

TEST_F(StatementCacheTest, NoReadSnapshotOutlivesItsLease) {
    // A statement left mid-rows would pin the WAL snapshot; the lease resets it, so another
    // connection's commit can be checkpointed completely.
    db_->exec("PRAGMA journal_mode = WAL");
    {
        auto q = cache_->get("SELECT x FROM n ORDER BY x");
        ASSERT_TRUE(q->executeStep());
    }
    SQLite::Database other(dir_.file("cache.db").string(), SQLite::OPEN_READWRITE);
    other.exec("INSERT INTO n VALUES (4)");
    SQLite::Statement checkpoint(*db_, "PRAGMA wal_checkpoint(TRUNCATE)");
    ASSERT_TRUE(checkpoint.executeStep());
    EXPECT_EQ(checkpoint.getColumn(0).getInt(), 0) << "checkpoint blocked";
}

TEST(StoreStatements, HotCallsRepeatedPrepareNothingNew) {
    TempDir dir;
    auto store = std::move(*SqliteStore::open(dir.file("desk.db")));
    auto turn = [&](int i) {
        ASSERT_TRUE(store->in_transaction([&]() -> Status {
            const Identity who{"webchat", "visitor-" + std::to_string(i)};
            if (auto r = store->inbox().record("webchat:e" + std::to_string(i), kT0); !r) return r.error();
            if (auto s = store->load_session(who); !s) return s.error();
            if (auto p = store->upsert_person(who, "Visitor", ""); !p) return p.error();
            auto id = store->allocate_id(TicketType::incident);
            if (!id) return id.error();
            auto t = sample_ticket(*id, kT0, "VPN drops " + std::to_string(i));
            if (auto s = store->save_ticket(t); !s) return s;
            if (auto f = store->find_ticket(*id); !f) return f.error();
            if (auto f = store->find_similar({"vpn drops", "network", true, std::nullopt, *id, 5, {}, {}}); !f) return f.error();
            OutboundMessage m;
            m.to = {"webchat", who.user_id, ""};
            m.text = "ok";
            m.idempotency_key = "k" + std::to_string(i);
            if (auto q = store->outbox().enqueue(m, kT0); !q) return q.error();
            if (auto s = store->timers().arm({"idle:" + who.user_id, kT0 + 1h, "idle", "{}"}); !s) return s;
            if (auto s = store->save_session({who, "{}", kT0}); !s) return s;
            return {};
        }));
    };
    turn(1);
    turn(2);
    const auto after_two = store->statements_prepared();
    EXPECT_GT(after_two, 10u);
    for (int i = 3; i < 20; ++i) turn(i);
    EXPECT_EQ(store->statements_prepared(), after_two);
}

}  // namespace
}  // namespace frontline
