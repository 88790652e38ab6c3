// The leader lease over the real store thread: one holder runs the work, another process takes it
// over only once the holder's lease has expired (a dead holder never gives it up), a holder whose
// renewal is refused stops its work at once, and an orderly stop hands the lease over without a
// wait. Two "processes" are two io_contexts, each with its own connection to one SQLite file (the
// rule is the same SQL on PostgreSQL, tested in the store tests); a process dies when the test
// stops running its io_context. Time is a manual clock, so the lease expires when the test says.
#include "bot/runtime/leader_lease.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>

#include <SQLiteCpp/Database.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/runtime/store_worker.hpp"
#include "core/store/leader_leases.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

const TimePoint kStart{std::chrono::sys_days{std::chrono::year{2026} / 12 / 7} + std::chrono::hours{9}};
constexpr const char* kLease = "receiver:telegram";

/// One process: its io_context, its store thread, its lease and what its work did.
struct Process {
    Process(const std::filesystem::path& db, const Clock& clock, std::string holder) {
        auto store = SqliteStore::open(db);
        if (!store) throw std::runtime_error(store.error().message);
        worker = std::make_unique<StoreWorker>(std::move(*store));
        lease = std::make_unique<LeaderLease>(io.get_executor(), *worker, clock,
                                              LeaderLeaseOptions{kLease, std::move(holder), Seconds{3}});
        asio::co_spawn(io, lease->run([this] { return work(); }), asio::detached);
    }
    ~Process() {
        lease.reset();
        worker->stop();
    }

    /// Runs until cancelled, as an adapter's receive loop does.
    asio::awaitable<void> work() {
        ++started;
        running = true;
        asio::steady_timer forever(io, asio::steady_timer::time_point::max());
        co_await forever.async_wait(asio::as_tuple(asio::use_awaitable));
        running = false;
        ++cancelled;
    }

    asio::io_context io;
    std::unique_ptr<StoreWorker> worker;
    std::unique_ptr<LeaderLease> lease;
    int started = 0;
    int cancelled = 0;
    bool running = false;
    bool alive = true;  ///< false: the process died; its io_context is never run again
};

class LeaderLeaseTest : public ::testing::Test {
protected:
    std::unique_ptr<Process> start(const std::string& holder) {
        return std::make_unique<Process>(db_, clock_, holder);
    }
    /// Runs the live processes until `done` holds; false after a generous real-time bound (the
    /// lease ticks every second of real time).
    bool run_until(std::initializer_list<Process*> processes, const std::function<bool()>& done) {
        const auto give_up = std::chrono::steady_clock::now() + 20s;
        while (!done()) {
            if (std::chrono::steady_clock::now() > give_up) return false;
            for (Process* p : processes)
                if (p->alive) {
                    p->io.restart();
                    p->io.run_for(20ms);
                }
        }
        return true;
    }
    /// The lease's row as a third connection sees it.
    std::string holder_in_store() {
        SQLite::Database db(db_.string());
        SQLite::Statement q(db, "SELECT holder FROM leader_leases WHERE name = ?");
        q.bind(1, kLease);
        return q.executeStep() ? q.getColumn(0).getString() : "";
    }
    void set_row(const std::string& holder, TimePoint expires) {
        SQLite::Database db(db_.string(), SQLite::OPEN_READWRITE);
        SQLite::Statement q(db, "UPDATE leader_leases SET holder = ?, expires_at = ? WHERE name = ?");
        q.bind(1, holder);
        q.bind(2, static_cast<int64_t>(expires.time_since_epoch().count()));
        q.bind(3, kLease);
        ASSERT_EQ(q.exec(), 1);
    }

    testkit::TempDir dir_;
    std::filesystem::path db_ = dir_.file("desk.db");
    ManualClock clock_{kStart};
};

TEST_F(LeaderLeaseTest, OnlyTheHolderRunsAndAnotherTakesOverOnceTheDeadHoldersLeaseHasExpired) {
    auto a = start("host-a:1:aaaa");
    ASSERT_TRUE(run_until({a.get()}, [&] { return a->running; }));
    EXPECT_EQ(holder_in_store(), "host-a:1:aaaa");

    auto b = start("host-b:2:bbbb");
    // B tries every second and is refused while A renews: run both through several of B's tries.
    const auto until = std::chrono::steady_clock::now() + 2500ms;
    ASSERT_TRUE(run_until({a.get(), b.get()}, [&] { return std::chrono::steady_clock::now() > until; }));
    EXPECT_EQ(b->started, 0);
    EXPECT_TRUE(a->running);

    // A dies (kill -9: nothing given up). Before its lease runs out, B still waits.
    a->alive = false;
    clock_.advance(Seconds{2});
    const auto a_bit_later = std::chrono::steady_clock::now() + 1500ms;
    ASSERT_TRUE(run_until({b.get()}, [&] { return std::chrono::steady_clock::now() > a_bit_later; }));
    EXPECT_EQ(b->started, 0) << "A's lease had not expired yet";

    clock_.advance(Seconds{2});  // now past A's last expiry
    ASSERT_TRUE(run_until({b.get()}, [&] { return b->running; }));
    EXPECT_EQ(b->started, 1);
    EXPECT_EQ(holder_in_store(), "host-b:2:bbbb");
}

TEST_F(LeaderLeaseTest, AHolderWhoseRenewalIsRefusedStopsItsWorkAndStartsItAgainWhenItWinsAgain) {
    auto a = start("host-a:1:aaaa");
    ASSERT_TRUE(run_until({a.get()}, [&] { return a->running; }));

    // Another process holds it now (A was partitioned long enough for its lease to pass).
    set_row("host-c:3:cccc", kStart + Seconds{3600});
    ASSERT_TRUE(run_until({a.get()}, [&] { return !a->running; }));
    EXPECT_EQ(a->cancelled, 1);
    EXPECT_FALSE(a->lease->held());

    // That holder's lease expires: A wins again and starts the work afresh, once.
    set_row("host-c:3:cccc", kStart - Seconds{1});
    ASSERT_TRUE(run_until({a.get()}, [&] { return a->running; }));
    EXPECT_EQ(a->started, 2);
    EXPECT_TRUE(a->lease->held());
}

TEST_F(LeaderLeaseTest, AnOrderlyStopGivesTheLeaseUpAtOnce) {
    auto a = start("host-a:1:aaaa");
    auto b = start("host-b:2:bbbb");
    ASSERT_TRUE(run_until({a.get(), b.get()}, [&] { return a->running || b->running; }));
    Process& first = a->running ? *a : *b;
    Process& second = a->running ? *b : *a;

    first.lease->stop();
    ASSERT_TRUE(run_until({a.get(), b.get()}, [&] { return !first.running && second.running; }));
    EXPECT_EQ(first.cancelled, 1);
    EXPECT_EQ(second.started, 1);
    // No clock moved: the lease was released, not left to expire.
    EXPECT_EQ(clock_.now(), kStart);
}

}  // namespace
}  // namespace frontline
