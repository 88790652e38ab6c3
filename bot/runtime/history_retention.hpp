#pragma once
// Retention of the web chat's history (webchat.history_days): lines older than that are deleted at
// start and once a day after, a chunk per store job so conversations' commits go on in between.
#include <chrono>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/clock.hpp"

namespace frontline {

class StoreWorker;

class HistoryRetention {
public:
    HistoryRetention(boost::asio::any_io_executor ex, StoreWorker& store, const Clock& clock, std::chrono::days keep);
    /// Prunes now, then daily, until stop().
    boost::asio::awaitable<void> run();
    void stop();

private:
    boost::asio::awaitable<void> prune_once();

    StoreWorker& store_;
    const Clock& clock_;
    std::chrono::days keep_;
    boost::asio::steady_timer timer_;
    bool stopped_ = false;
};

}  // namespace frontline
