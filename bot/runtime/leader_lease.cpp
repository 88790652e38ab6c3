#include "bot/runtime/leader_lease.hpp"

#include <algorithm>
#include <exception>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/runtime/runtime_log.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/store/leader_leases.hpp"

namespace asio = boost::asio;

namespace frontline {

LeaderLease::LeaderLease(asio::any_io_executor ex, StoreWorker& store, const Clock& clock, LeaderLeaseOptions options)
    : ex_(ex), store_(store), clock_(clock), options_(std::move(options)), tick_(ex) {}

LeaderLease::~LeaderLease() {
    if (work_stop_) work_stop_->emit(asio::cancellation_type::terminal);
}

asio::awaitable<void> LeaderLease::run(Work work) {
    // Renew well before expiry: a third of the time to live, at least every second.
    const auto every = std::max<std::chrono::milliseconds>(std::chrono::seconds(1), options_.ttl / 3);
    while (!stopped_) {
        const TimePoint now = clock_.now();
        auto job = [name = options_.name, holder = options_.holder, now, ttl = options_.ttl](Store& s) {
            return s.leases().hold(name, holder, now, ttl);
        };
        Result<bool> hold = co_await store_.run(std::move(job));
        if (stopped_) break;
        const bool won = hold && *hold;
        if (!hold) log_line(LogLevel::warn, "leader", options_.name + ": cannot renew the lease: " + hold.error().message);
        if (won && !held_) {
            held_ = true;
            start_pending_ = true;
            log_line(LogLevel::info, "leader", options_.name + ": this process holds the lease and runs it");
        } else if (!won && held_) {
            held_ = false;
            log_line(LogLevel::warn, "leader", options_.name + ": lease lost; stopping it here");
            if (work_stop_) work_stop_->emit(asio::cancellation_type::terminal);
        }
        // Once per term, after the last term's run has ended: never two runs at once in this
        // process, and work that ended by itself (a refused token) is not restarted every second.
        if (held_ && start_pending_ && !*work_running_) {
            start_pending_ = false;
            *work_running_ = true;
            work_stop_ = std::make_unique<asio::cancellation_signal>();
            auto running = work_running_;
            auto name = options_.name;
            asio::co_spawn(ex_, work(),
                           asio::bind_cancellation_slot(work_stop_->slot(), [running, name](std::exception_ptr e) {
                               *running = false;
                               if (!e) return;
                               try {
                                   std::rethrow_exception(e);
                               } catch (const std::exception& x) {
                                   log_line(LogLevel::error, "leader", name + ": ended: " + x.what());
                               }
                           }));
        }
        tick_.expires_after(every);
        co_await tick_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    co_await give_up();
}

asio::awaitable<void> LeaderLease::give_up() {
    if (work_stop_) work_stop_->emit(asio::cancellation_type::terminal);
    if (!held_) co_return;
    held_ = false;
    auto job = [name = options_.name, holder = options_.holder](Store& s) { return s.leases().release(name, holder); };
    Status released = co_await store_.run(std::move(job));
    if (!released) log_line(LogLevel::warn, "leader", options_.name + ": cannot give the lease up: " + released.error().message);
}

void LeaderLease::stop() {
    stopped_ = true;
    tick_.cancel();
}

}  // namespace frontline
