// The engine loop on a real io_context, a real store thread and a real SQLite file: group commit,
// completion only after the commit is durable, dedupe across batches, stop.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "bot/runtime/engine_loop.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/runtime/scripted_handler.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using testing::ScriptedHandler;
using testing::text_event;

class EngineLoopTest : public ::testing::Test {
protected:
    void start(EngineLoopOptions options = {}) {
        auto s = SqliteStore::open(db_);
        ASSERT_TRUE(s) << s.error().message;
        worker_ = std::make_unique<StoreWorker>(std::move(*s));
        loop_ = std::make_unique<EngineLoop>(io_.get_executor(), *worker_, handler_, clock_, metrics_, options);
        loop_->on_batch([this](const BatchReport& r) { batches_.push_back(r.events); });
    }
    void TearDown() override {
        loop_.reset();
        if (worker_) worker_->stop();
    }
    /// Spawns `n` concurrent commits of one event each, runs them all, returns how many succeeded.
    int commit_concurrently(int n, const std::string& prefix) {
        int ok = 0;
        int done = 0;
        for (int i = 0; i < n; ++i) {
            asio::co_spawn(io_, loop_->commit({text_event(prefix + std::to_string(i), "u" + std::to_string(i), "hi")}),
                           [&](std::exception_ptr e, Status s) {
                               ++done;
                               if (!e && s) ++ok;
                           });
        }
        io_.restart();
        while (done < n && io_.run_one() > 0) {
        }
        return ok;
    }
    long long outbox_rows_seen_by_another_connection() {
        SQLite::Database other(db_.string(), SQLite::OPEN_READONLY);
        SQLite::Statement q(other, "SELECT COUNT(*) FROM outbox");
        q.executeStep();
        return q.getColumn(0).getInt64();
    }

    testkit::TempDir dir_;
    std::filesystem::path db_ = dir_.file("frontline.db");
    asio::io_context io_;
    ManualClock clock_{TimePoint{Seconds{1'800'000'000}}};
    Metrics metrics_;
    ScriptedHandler handler_;
    std::unique_ptr<StoreWorker> worker_;
    std::unique_ptr<EngineLoop> loop_;
    std::vector<std::size_t> batches_;
};

TEST_F(EngineLoopTest, ConcurrentCommitsShareTransactions) {
    start();
    ASSERT_EQ(commit_concurrently(50, "e"), 50);
    // The first commit starts a batch alone; the 49 that arrive while it commits go in one more.
    ASSERT_EQ(batches_.size(), 2u);
    EXPECT_EQ(batches_[0], 1u);
    EXPECT_EQ(batches_[1], 49u);
    EXPECT_EQ(metrics_.batches_committed.load(), 2u);
    EXPECT_EQ(metrics_.batch_size.count(), 2u);
    EXPECT_EQ(outbox_rows_seen_by_another_connection(), 50);
}

TEST_F(EngineLoopTest, BatchesAreCappedAtTheConfiguredSize) {
    start(EngineLoopOptions{16, 64, std::chrono::hours(72)});
    ASSERT_EQ(commit_concurrently(49, "e"), 49);
    // 1 alone, then 48 waiting events in batches of at most 16.
    ASSERT_EQ(batches_.size(), 4u);
    for (std::size_t i = 1; i < batches_.size(); ++i) EXPECT_LE(batches_[i], 16u);
}

TEST_F(EngineLoopTest, CommitCompletesOnlyOnceTheEffectsAreDurable) {
    start();
    Status s = testkit::run_coroutine(io_, loop_->commit({text_event("e1", "u1", "hello")}));
    ASSERT_TRUE(s) << s.error().message;
    // Another connection (another process, after a crash) sees the reply already queued.
    EXPECT_EQ(outbox_rows_seen_by_another_connection(), 1);
}

TEST_F(EngineLoopTest, ARedeliveryInALaterBatchIsDroppedAndCounted) {
    start();
    ASSERT_TRUE(testkit::run_coroutine(io_, loop_->commit({text_event("e1", "u1", "hello")})));
    ASSERT_TRUE(testkit::run_coroutine(io_, loop_->commit({text_event("e1", "u1", "hello")})));
    EXPECT_EQ(handler_.handled, 1);
    EXPECT_EQ(metrics_.duplicates_dropped.load(), 1u);
    EXPECT_EQ(outbox_rows_seen_by_another_connection(), 1);
}

TEST_F(EngineLoopTest, AHandlerErrorIsCountedAndTheCommitStillSucceeds) {
    start();
    Status s = testkit::run_coroutine(
        io_, loop_->commit({text_event("a", "u1", "boom"), text_event("b", "u2", "fine")}));
    EXPECT_TRUE(s);
    EXPECT_EQ(metrics_.handler_errors.load(), 1u);
    EXPECT_EQ(outbox_rows_seen_by_another_connection(), 1);
}

TEST_F(EngineLoopTest, QueuedMessagesWakeTheDispatcher) {
    start();
    int wakes = 0;
    std::vector<OutboxRow> offered;
    loop_->on_messages_queued([&](std::vector<OutboxRow> ready) {
        ++wakes;
        offered = std::move(ready);
    });
    ASSERT_TRUE(testkit::run_coroutine(io_, loop_->commit({text_event("e1", "u1", "hello")})));
    EXPECT_EQ(wakes, 1);
    // The reply heads its conversation's queue: it is handed over as committed, ready to send.
    ASSERT_FALSE(offered.empty());
    EXPECT_GT(offered.front().id, 0);
    EXPECT_EQ(offered.front().message.to.conversation_id, "u1");
    ASSERT_TRUE(testkit::run_coroutine(io_, loop_->commit({text_event("e1", "u1", "hello")})));
    EXPECT_EQ(wakes, 1);  // a dropped duplicate queues nothing
}

TEST_F(EngineLoopTest, DueTimersFireThroughTheSamePath) {
    start();
    ASSERT_TRUE(testkit::run_coroutine(io_, loop_->commit({text_event("e1", "u1", "remind 30")})));
    clock_.advance(Seconds{30});
    ASSERT_TRUE(testkit::run_coroutine(io_, loop_->fire_due_timers()));
    EXPECT_EQ(handler_.timers, 1);
    EXPECT_EQ(metrics_.timers_fired.load(), 1u);
    EXPECT_EQ(outbox_rows_seen_by_another_connection(), 2);
}

TEST_F(EngineLoopTest, AfterStopNewCommitsAreRefusedAndNothingIsWritten) {
    start();
    loop_->stop();
    Status s = testkit::run_coroutine(io_, loop_->commit({text_event("e1", "u1", "hello")}));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, Errc::cancelled);
    EXPECT_EQ(handler_.handled, 0);
    EXPECT_EQ(outbox_rows_seen_by_another_connection(), 0);
}

}  // namespace
}  // namespace frontline
