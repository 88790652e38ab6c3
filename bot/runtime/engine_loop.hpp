#pragma once
// The engine loop: adapters hand it inbound events; it groups them into batches and, on the store
// thread, in ONE transaction per batch records each event in the inbox (dropping redeliveries),
// applies it to the handler, and writes the effects (outbox rows, timers). Only after the commit do
// the adapters' commit() calls complete, so a platform is never told "received" too early.
// Due timers fire through the same path. Runs on the network thread; never blocks it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "adapters/adapter.hpp"
#include "bot/runtime/batch_runner.hpp"
#include "core/clock.hpp"
#include "core/event_handler.hpp"

namespace frontline {

class AttachmentIntake;
class Metrics;
class StoreWorker;

struct EngineLoopOptions {
    std::size_t max_batch_events = 256;  ///< a batch takes whole commit() calls up to this many events
    int max_timers_per_batch = 64;
    std::chrono::hours inbox_retention{72};  ///< platforms stop redelivering long before this
    /// The longest wait between two looks for due timers. A process learns the next due time from
    /// its own batches; with other processes on the store, timers they armed are found by looking.
    std::chrono::seconds timer_look{60};
};

class EngineLoop final : public InboundSink {
public:
    EngineLoop(boost::asio::any_io_executor ex, StoreWorker& store, EventHandler& handler, const Clock& clock,
               Metrics& metrics, EngineLoopOptions options = {});
    ~EngineLoop() override;

    boost::asio::awaitable<Status> commit(std::vector<InboundEvent> events) override;
    /// Adapter cursors in the store (core/store/cursor_store), on the store thread after every
    /// job queued before: a save follows the commit of the batch it comes after.
    boost::asio::awaitable<Result<std::optional<std::string>>> load_cursor(std::string name) override;
    boost::asio::awaitable<Status> save_cursor(std::string name, std::string value) override;

    /// Runs one batch with no inbound events: fires the timers due now. For the timer task and tests.
    boost::asio::awaitable<Status> fire_due_timers();

    /// Fires timers when they fall due until stop() (wall-clock driven; tests call fire_due_timers).
    boost::asio::awaitable<void> run_timers();

    /// Called on the network thread after every batch that queued outbox messages, right after the
    /// commit, with the queued rows that head their conversation (BatchOutcome::ready): the
    /// dispatcher sends those at once (OutboxDispatcher::offer) and looks at the outbox for the rest.
    void on_messages_queued(std::function<void(std::vector<OutboxRow> ready)> callback) {
        on_queued_ = std::move(callback);
    }
    /// Fetches and stores the files of events before they are queued for a commit (none: files
    /// stay unfetched, and the engine treats them as unavailable).
    void set_attachment_intake(AttachmentIntake* intake) { intake_ = intake; }
    /// Called on the network thread after every batch (tests count commits with it).
    void on_batch(std::function<void(const BatchReport&)> callback) { on_batch_ = std::move(callback); }

    /// Stops intake: later commit() calls fail with Errc::cancelled; queued ones still commit.
    void stop();
    /// Completes when no batch is in flight and nothing is queued.
    boost::asio::awaitable<void> drained();

private:
    struct Waiter;
    boost::asio::awaitable<Status> enqueue(std::vector<InboundEvent> events);
    void start_batch();
    void finish_batch(std::vector<std::shared_ptr<Waiter>> waiters, BatchOutcome outcome);

    boost::asio::any_io_executor ex_;
    StoreWorker& store_;
    EventHandler& handler_;
    const Clock& clock_;
    Metrics& metrics_;
    EngineLoopOptions options_;
    std::vector<std::shared_ptr<Waiter>> queued_;
    bool busy_ = false;
    std::uint64_t batches_started_ = 0;
    bool stopped_ = false;
    std::optional<TimePoint> next_timer_;
    boost::asio::steady_timer timer_wake_;
    boost::asio::steady_timer idle_;  ///< cancelled whenever the loop goes idle, for drained()
    std::function<void(std::vector<OutboxRow>)> on_queued_;
    std::function<void(const BatchReport&)> on_batch_;
    AttachmentIntake* intake_ = nullptr;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace frontline
