#pragma once
// Delivers the outbox: reads deliverable rows (by priority, then age; one at a time per
// conversation so messages never overtake each other), hands each to the adapter of its platform,
// and marks it delivered only when the platform accepted it. An adapter that folds consecutive rows
// of one conversation into one platform message (Slack) gets the rows ready behind the head with it. Failures are retried with jittered
// exponential backoff up to a cap (honouring Retry-After); permanent refusals, rows that used up
// their attempts and rows for a platform without a running adapter are marked failed, counted,
// and reported back to the handler as an `undeliverable` event (so the Desk can tell someone).
// Rows left pending by a crash are picked up again at start.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "adapters/adapter.hpp"
#include "bot/runtime/delivered_marks.hpp"
#include "bot/runtime/delivery_pacer.hpp"
#include "bot/runtime/undeliverable.hpp"
#include "core/clock.hpp"
#include "core/store/outbox_store.hpp"

namespace frontline {

class Metrics;
class StoreWorker;

struct OutboxDispatcherOptions {
    std::size_t max_in_flight = 128;     ///< deliveries running at once, all platforms
    std::size_t max_bulk_in_flight = 4;  ///< of which bulk: the rest stays free for urgent/direct
    int max_attempts = 12;               ///< then the row is marked failed
    std::chrono::seconds retry_base{1};
    std::chrono::seconds retry_cap{300};
    /// Shortest time between two looks at the outbox. Every delivery that ends asks for a look;
    /// under load one look then covers all the deliveries that ended meanwhile instead of one each
    /// (a look scans the pending rows: it was a quarter of the process's CPU at 2,000 users).
    /// Replies a batch commits do not wait for it (offer()). Zero: look after each.
    std::chrono::milliseconds min_look_gap{0};
    /// The longest wait between two looks when nothing is due. Other processes on the store leave
    /// rows to this one when they die (their claims expire), and nothing here wakes for that.
    std::chrono::seconds idle_look{30};
    std::map<std::string, PaceLimits> pace;  ///< per platform; others use `default_pace`
    PaceLimits default_pace;
    std::uint64_t jitter_seed = std::random_device{}();
    /// Time for pacing (sub-second); tests move it together with their manual clock.
    std::function<std::chrono::steady_clock::time_point()> steady_now;
};

/// The delay before retry number `attempt` (1-based): base * 2^(attempt-1) capped, then jittered
/// down to between half and all of it, and never shorter than what the platform asked for.
std::chrono::seconds retry_delay(int attempt, std::chrono::seconds base, std::chrono::seconds cap,
                                 std::chrono::seconds retry_after, std::mt19937_64& rng);

class OutboxDispatcher {
public:
    /// `adapters` maps platform name -> adapter; the adapters outlive the dispatcher.
    OutboxDispatcher(boost::asio::any_io_executor ex, StoreWorker& store, std::map<std::string, Adapter*> adapters,
                     const Clock& clock, Metrics& metrics, OutboxDispatcherOptions options = {});
    ~OutboxDispatcher();

    /// New rows were committed: look again now.
    void wake();
    /// Rows a batch just committed at the head of their conversation (BatchOutcome::ready): each
    /// conversation's run is delivered at once, in order, without reading the outbox again. What
    /// cannot start here (pace, limits, an adapter that folds rows, a row a look already took) is
    /// left to the next look, which this wakes.
    void offer(std::vector<OutboxRow> ready);
    /// Delivers until stop(); then waits for the deliveries in flight.
    boost::asio::awaitable<void> run();
    void stop();
    /// Completes once a look at the outbox found nothing it could deliver now and nothing is in
    /// flight (used to flush at shutdown and by tests).
    boost::asio::awaitable<void> until_idle();
    /// Deliveries running now (for tests).
    std::size_t in_flight() const { return in_flight_.size(); }
    /// Where undeliverable events go (the engine loop); each is committed before its row is marked
    /// failed, so a crash in between retries the row and the inbox drops the repeated event.
    void report_failures_to(InboundSink* sink) { feedback_ = sink; }

private:
    std::chrono::steady_clock::time_point steady_now() const;
    /// Starts delivering a row taken in flight (or failing it when its platform has no adapter);
    /// `conversation_paced`: it took a token of its conversation's pace (edits may not need one).
    void start_row(OutboxRow row, bool conversation_paced);
    /// Gives back a row taken in flight that did not start.
    void release(const OutboxHead& head);
    boost::asio::awaitable<void> deliver_one(OutboxRow row, Adapter* adapter);
    /// One conversation's offered run, row after row while each is delivered and may start.
    boost::asio::awaitable<void> deliver_run(std::vector<OutboxRow> run, Adapter* adapter);
    /// Hands a row to its adapter (recording the attempt first where the platform needs it).
    boost::asio::awaitable<DeliveryOutcome> send(const OutboxRow& row, Adapter* adapter);
    /// Settles a sent row, then lets it out of flight and looks at the outbox again.
    boost::asio::awaitable<void> finish(OutboxRow row, DeliveryOutcome outcome);
    /// For an adapter that folds: the head with the rows ready behind it that the adapter takes
    /// together (one platform message), delivered and settled as one.
    /// `conversation_paced`: the head took a token of its conversation's pace.
    boost::asio::awaitable<void> deliver_folded(OutboxRow head, Adapter* adapter, bool conversation_paced);
    boost::asio::awaitable<void> settle(OutboxRow row, DeliveryOutcome outcome);
    /// Reports the row to the handler, then marks it failed.
    /// `recipient_unreachable`: the platform said the person refuses all our messages (DeliveryOutcome).
    boost::asio::awaitable<Status> give_up(OutboxRow row, std::string error, bool recipient_unreachable = false);
    boost::asio::awaitable<void> fail_without_adapter(OutboxRow row);

    boost::asio::any_io_executor ex_;
    StoreWorker& store_;
    std::map<std::string, Adapter*> adapters_;
    const Clock& clock_;
    Metrics& metrics_;
    OutboxDispatcherOptions options_;
    DeliveryPacer pacer_;
    DeliveredMarks delivered_;
    std::mt19937_64 rng_;
    boost::asio::steady_timer wake_timer_;
    boost::asio::steady_timer gap_timer_;  ///< min_look_gap; wake() does not cut it short
    std::optional<std::chrono::steady_clock::time_point> last_look_;
    boost::asio::steady_timer idle_signal_;
    bool idle_ = false;
    std::set<std::int64_t> in_flight_;
    std::size_t bulk_in_flight_ = 0;
    std::set<std::string> warned_platforms_;
    InboundSink* feedback_ = nullptr;
    bool stopped_ = false;
    bool woken_ = false;
};

}  // namespace frontline
