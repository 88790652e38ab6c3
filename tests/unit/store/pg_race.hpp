#pragma once
// The racy interleaving of two PostgreSQL connections, every run, without timing: the first runs
// its work in an open transaction, the second runs its own on a thread of its own, and the first
// ends only once a connection of the database is seen waiting on a lock (pg_stat_activity), or the
// second has finished without waiting.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "core/result.hpp"

namespace frontline::testing {

struct PgRace {
    /// Runs a function in a transaction of the first connection (its store's in_transaction).
    std::function<Status(const std::function<Status()>&)> in_first_transaction;
    /// Whether a connection of the database waits on a lock (asked on a third connection).
    std::function<bool()> second_waits;

    /// True when the second did wait. With `commit` false the first rolls back; `while_waiting`
    /// runs while the second waits, before the first ends.
    bool run(const std::function<Status()>& first_work, const std::function<void()>& second_work, bool commit = true,
             const std::function<void()>& while_waiting = {}) const {
        std::atomic<bool> second_done{false};
        bool waited = false;
        std::thread second;
        auto ended = in_first_transaction([&]() -> Status {
            if (auto ok = first_work(); !ok) return ok;
            second = std::thread([&] {
                second_work();
                second_done = true;
            });
            while (!second_done && !(waited = second_waits())) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            if (waited && while_waiting) while_waiting();
            if (!commit) return make_error(Errc::conflict, "rolled back on purpose");
            return {};
        });
        if (second.joinable()) second.join();
        EXPECT_EQ(static_cast<bool>(ended), commit) << (ended ? std::string() : ended.error().message);
        return waited;
    }
};

}  // namespace frontline::testing
