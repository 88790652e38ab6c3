#pragma once
// Work with one owner among the processes sharing a store: Telegram's getUpdates allows one poller
// per bot and Matrix's /sync one reader. Each process runs a LeaderLease per such work; the one
// holding the lease (core/store/leader_leases.hpp) runs the work and renews the lease every third
// of its time to live. When it dies, the lease expires and another process's next try takes it and
// starts the work there. A holder that cannot renew (the store unreachable) stops the work at once,
// before its lease can run out under another process.
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/clock.hpp"

namespace frontline {

class StoreWorker;

struct LeaderLeaseOptions {
    std::string name;    ///< e.g. "receiver:telegram"
    std::string holder;  ///< this process, unique among those sharing the store
    Seconds ttl{3};      ///< store.leader_lease_seconds
};

class LeaderLease {
public:
    using Work = std::function<boost::asio::awaitable<void>()>;
    LeaderLease(boost::asio::any_io_executor ex, StoreWorker& store, const Clock& clock, LeaderLeaseOptions options);
    ~LeaderLease();
    LeaderLease(const LeaderLease&) = delete;
    LeaderLease& operator=(const LeaderLease&) = delete;

    /// Tries for the lease until stop(), running `work` while it is held (started afresh each time
    /// the lease is won, cancelled when it is lost).
    boost::asio::awaitable<void> run(Work work);
    /// Cancels the work, gives the lease up (another process may take it at once) and ends run().
    void stop();
    bool held() const { return held_; }

private:
    boost::asio::awaitable<void> give_up();

    boost::asio::any_io_executor ex_;
    StoreWorker& store_;
    const Clock& clock_;
    LeaderLeaseOptions options_;
    boost::asio::steady_timer tick_;
    std::unique_ptr<boost::asio::cancellation_signal> work_stop_;
    std::shared_ptr<bool> work_running_ = std::make_shared<bool>(false);
    bool held_ = false;
    bool start_pending_ = false;  ///< won the lease; the work starts once the last run has ended
    bool stopped_ = false;
};

}  // namespace frontline
