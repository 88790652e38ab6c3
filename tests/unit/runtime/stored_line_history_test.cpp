// The web chat's history over the real store thread: appends that arrive together are committed in
// one transaction (one fsync, not one per line), each numbered in order, each idempotent by id, and
// read back a page at a time.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <atomic>

#include <SQLiteCpp/Database.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "bot/runtime/history_retention.hpp"
#include "bot/runtime/store_worker.hpp"
#include "bot/runtime/stored_line_history.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/support/temp_dir.hpp"
#include "core/store/sqlite_store.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;

/// Counts the transactions the store thread begins (sqlite3_trace_v2 on its connection).
int on_statement(unsigned, void* count, void* stmt, void*) {
    if (const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(stmt)); sql && std::string(sql) == "BEGIN IMMEDIATE")
        ++*static_cast<std::atomic<int>*>(count);
    return 0;
}

class StoredLineHistoryTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto store = SqliteStore::open(dir_.file("history.db"));
        ASSERT_TRUE(store) << store.error().message;
        worker_ = std::make_unique<StoreWorker>(std::move(*store));
        worker_->post([this](Store& s) { sqlite3_trace_v2(static_cast<SqliteStore&>(s).db().getHandle(), SQLITE_TRACE_STMT, &on_statement, &begins_); });
        history_ = std::make_unique<StoredLineHistory>(io_.get_executor(), *worker_, clock_);
    }
    void TearDown() override {
        worker_->post([](Store& s) { sqlite3_trace_v2(static_cast<SqliteStore&>(s).db().getHandle(), 0, nullptr, nullptr); });
        worker_->stop();
    }
    /// Appends line `id` to alice's conversation; `seq` gets its seq when it was new.
    static asio::awaitable<void> append_to_alice(StoredLineHistory* history, std::string id, std::int64_t* seq) {
        auto kept = co_await history->append("alice", line(id));
        if (kept && kept->added) *seq = kept->entry.seq;
    }
    static webchat::Entry line(const std::string& id) {
        webchat::Entry e;
        e.id = id;
        e.from = "bot";
        e.text = "text of " + id;
        e.choices = {{"Yes", "flow:yes"}};
        return e;
    }

    testkit::TempDir dir_;
    asio::io_context io_;
    ManualClock clock_{TimePoint{Seconds{1'800'000'000}}};
    std::unique_ptr<StoreWorker> worker_;
    std::unique_ptr<StoredLineHistory> history_;
    std::atomic<int> begins_{0};
};

TEST_F(StoredLineHistoryTest, AppendsArrivingTogetherShareOneCommitAndKeepTheirOrder) {
    std::vector<std::int64_t> seqs(50, -1);
    for (std::size_t i = 0; i < seqs.size(); ++i)
        asio::co_spawn(io_, append_to_alice(history_.get(), "k" + std::to_string(i), &seqs[i]), asio::detached);
    io_.run();
    for (int i = 0; i < 50; ++i) EXPECT_EQ(seqs[static_cast<std::size_t>(i)], i + 1);
    // The first line may start a commit alone; the others arrive while it runs and share the next.
    EXPECT_LE(begins_.load(), 2) << "fifty lines, at most two transactions";

    // A redelivery is the stored line, not a new one; its entry comes back as stored.
    io_.restart();
    auto again = testkit::run_coroutine(io_, history_->append("alice", line("k7")));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_FALSE(again->added);
    EXPECT_EQ(again->entry.seq, 8);
    EXPECT_EQ(again->entry.text, "text of k7");
    ASSERT_EQ(again->entry.choices.size(), 1u);
    EXPECT_EQ(again->entry.choices[0].payload, "flow:yes");
}

TEST_F(StoredLineHistoryTest, ReadsBackAfterASeqAPageAtATime) {
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(testkit::run_coroutine(io_, history_->append("bruno", line("b" + std::to_string(i)))));
    auto last = testkit::run_coroutine(io_, history_->last_seq("bruno"));
    ASSERT_TRUE(last);
    EXPECT_EQ(*last, 5);
    auto page = testkit::run_coroutine(io_, history_->after("bruno", 2, 2));
    ASSERT_TRUE(page) << page.error().message;
    ASSERT_EQ(page->size(), 2u);
    EXPECT_EQ((*page)[0].seq, 3);
    EXPECT_EQ((*page)[0].id, "b3");
    EXPECT_EQ((*page)[1].seq, 4);
    EXPECT_EQ(*testkit::run_coroutine(io_, history_->last_seq("nobody")), 0);
}

TEST_F(StoredLineHistoryTest, RetentionDeletesOldLinesAtStartButKeepsEachConversationsNewest) {
    for (int i = 1; i <= 3; ++i) ASSERT_TRUE(testkit::run_coroutine(io_, history_->append("carla", line("c" + std::to_string(i)))));
    clock_.advance(std::chrono::hours(24 * 91));
    ASSERT_TRUE(testkit::run_coroutine(io_, history_->append("dario", line("d1"))));
    HistoryRetention retention(io_.get_executor(), *worker_, clock_, std::chrono::days(90));
    asio::co_spawn(io_, retention.run(), asio::detached);
    // The first prune runs at once; then the daily wait, which stop() ends.
    for (int i = 0; i < 100 && testkit::run_coroutine(io_, history_->after("carla", 0, 10))->size() > 1; ++i)
        io_.run_for(std::chrono::milliseconds(10));
    retention.stop();
    io_.restart();
    io_.run_for(std::chrono::milliseconds(10));
    auto carla = testkit::run_coroutine(io_, history_->after("carla", 0, 10));
    ASSERT_TRUE(carla);
    ASSERT_EQ(carla->size(), 1u);
    EXPECT_EQ((*carla)[0].id, "c3");  // the newest stays: the numbering goes on from 3
    EXPECT_EQ(testkit::run_coroutine(io_, history_->after("dario", 0, 10))->size(), 1u);
}

}  // namespace
}  // namespace frontline
