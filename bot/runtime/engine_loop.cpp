#include "bot/runtime/engine_loop.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/runtime/attachment_intake.hpp"
#include "bot/runtime/fault_injection.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/runtime_log.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/store/cursor_store.hpp"
#include "core/store/timer_store.hpp"

namespace asio = boost::asio;

namespace frontline {

struct EngineLoop::Waiter {
    std::vector<InboundEvent> events;
    std::function<void(Status)> complete;
};

EngineLoop::EngineLoop(asio::any_io_executor ex, StoreWorker& store, EventHandler& handler, const Clock& clock,
                       Metrics& metrics, EngineLoopOptions options)
    : ex_(ex),
      store_(store),
      handler_(handler),
      clock_(clock),
      metrics_(metrics),
      options_(options),
      timer_wake_(ex),
      idle_(ex) {}

EngineLoop::~EngineLoop() { *alive_ = false; }

asio::awaitable<Status> EngineLoop::commit(std::vector<InboundEvent> events) {
    if (stopped_) co_return make_error(Errc::cancelled, "the service is shutting down");
    if (events.empty()) co_return Status{};
    metrics_.events_in += events.size();
    // Files are on disk before the batch that records them commits (attachment_intake.hpp).
    if (intake_ && AttachmentIntake::needs_work(events)) {
        auto job = intake_->prepare(std::move(events));
        auto prepared = co_await std::move(job);
        if (!prepared) co_return prepared.error();
        events = std::move(*prepared);
    }
    co_return co_await enqueue(std::move(events));
}

asio::awaitable<Result<std::optional<std::string>>> EngineLoop::load_cursor(std::string name) {
    // Named, not a temporary inside co_await: GCC 12 destroys such temporaries twice.
    auto job = [name](Store& s) { return s.cursors().load(name); };
    auto result = co_await store_.run(std::move(job));
    co_return result;
}

asio::awaitable<Status> EngineLoop::save_cursor(std::string name, std::string value) {
    const auto now = clock_.now();
    auto job = [name, value, now](Store& s) { return s.cursors().save(name, value, now); };
    auto result = co_await store_.run(std::move(job));
    co_return result;
}

asio::awaitable<Status> EngineLoop::fire_due_timers() {
    if (stopped_) co_return make_error(Errc::cancelled, "the service is shutting down");
    std::vector<InboundEvent> none;  // named: GCC 12 mishandles temporaries inside co_await
    co_return co_await enqueue(std::move(none));
}

asio::awaitable<Status> EngineLoop::enqueue(std::vector<InboundEvent> events) {
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Status)>(
        [this](auto handler, std::vector<InboundEvent> evs) {
            auto h = std::make_shared<decltype(handler)>(std::move(handler));
            auto w = std::make_shared<Waiter>();
            w->events = std::move(evs);
            w->complete = [h](Status s) { (*h)(std::move(s)); };
            queued_.push_back(std::move(w));
            if (!busy_) start_batch();
        },
        asio::use_awaitable, std::move(events));
}

void EngineLoop::start_batch() {
    busy_ = true;
    // Take whole commit() calls, oldest first, up to the batch size (at least one call).
    std::vector<std::shared_ptr<Waiter>> batch;
    auto input = std::make_shared<BatchInput>();
    std::size_t n = 0;
    while (!queued_.empty()) {
        auto& next = queued_.front();
        if (!batch.empty() && n + next->events.size() > options_.max_batch_events) break;
        n += next->events.size();
        for (auto& e : next->events) input->events.push_back(std::move(e));
        batch.push_back(std::move(next));
        queued_.erase(queued_.begin());
    }
    input->now = clock_.now();
    input->max_timers = options_.max_timers_per_batch;
    if (++batches_started_ % 1000 == 1) input->prune_inbox_before = input->now - options_.inbox_retention;

    store_.post([this, input, batch = std::move(batch)](Store& store) mutable {
        BatchOutcome outcome = run_batch(store, handler_, *input);
        // Only batches with inbound events: the start-up timer batch must not trip the crash test.
        if (outcome.status && !input->events.empty()) crash_point("after_commit");
        asio::post(ex_, [this, batch = std::move(batch), outcome = std::move(outcome)]() mutable {
            finish_batch(std::move(batch), std::move(outcome));
        });
    });
}

void EngineLoop::finish_batch(std::vector<std::shared_ptr<Waiter>> waiters, BatchOutcome outcome) {
    const Status& status = outcome.status;
    const BatchReport& report = outcome.report;
    if (status) {
        ++metrics_.batches_committed;
        metrics_.duplicates_dropped += report.duplicates;
        metrics_.handler_errors += report.handler_errors;
        metrics_.timers_fired += report.timers_fired;
        metrics_.messages_queued += report.messages_queued;
        if (report.events > 0) metrics_.batch_size.observe(static_cast<double>(report.events));
        metrics_.commit_seconds.observe(report.seconds);
        if (report.next_timer != next_timer_) {
            next_timer_ = report.next_timer;
            timer_wake_.cancel();
        }
    } else {
        ++metrics_.batches_failed;
        log_line(LogLevel::error, "engine",
                 "batch of " + std::to_string(report.events) + " events rolled back: " + status.error().message);
    }
    busy_ = false;
    if (on_batch_) on_batch_(report);
    for (auto& w : waiters) w->complete(status);
    // After the waiters: each adapter learns its line was committed (the web chat echoes it)
    // before any reply to it can go out.
    if (status && report.messages_queued > 0 && on_queued_) on_queued_(std::move(outcome.ready));
    if (!queued_.empty()) {
        start_batch();
    } else {
        idle_.cancel();
    }
}

asio::awaitable<void> EngineLoop::run_timers() {
    auto alive = alive_;
    // The first batch fires whatever fell due while the service was down and learns the next due time.
    if (auto s = co_await fire_due_timers(); !s) co_return;
    while (*alive && !stopped_) {
        const TimePoint now = clock_.now();
        if (next_timer_ && *next_timer_ <= now) {
            if (auto s = co_await fire_due_timers(); !s) co_return;
            continue;
        }
        // Wake at the next due time, and at least every timer_look in case the wall clock jumped
        // or another process armed a timer.
        auto wait = options_.timer_look;
        const bool looking = !next_timer_ || *next_timer_ - now > wait;
        if (!looking) wait = std::chrono::duration_cast<std::chrono::seconds>(*next_timer_ - now);
        timer_wake_.expires_after(wait);
        auto [interrupted] = co_await timer_wake_.async_wait(asio::as_tuple(asio::use_awaitable));
        if (!looking || interrupted || !*alive || stopped_) continue;
        // A look: the earliest timer in the store, which another process may have armed (or left
        // behind when it died). Read without a batch: the engine's lock is not needed to look.
        auto due = co_await store_.run([](Store& s) { return s.timers().next_due(); });
        if (!*alive) co_return;
        if (due && *due && (!next_timer_ || **due < *next_timer_)) next_timer_ = **due;
    }
}

void EngineLoop::stop() {
    stopped_ = true;
    timer_wake_.cancel();
}

asio::awaitable<void> EngineLoop::drained() {
    auto alive = alive_;
    while (*alive && (busy_ || !queued_.empty())) {
        idle_.expires_at(asio::steady_timer::time_point::max());
        co_await idle_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

}  // namespace frontline
