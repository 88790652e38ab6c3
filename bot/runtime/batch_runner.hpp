#pragma once
// One engine-loop batch as it runs on the store thread: a single transaction that records each event
// in the inbox, applies it to the handler, writes the effects, and fires the timers that are due.
// No Asio here: tests call it directly on a real SQLite file.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/effects.hpp"
#include "core/event_handler.hpp"
#include "core/message.hpp"
#include "core/result.hpp"
#include "core/store/outbox_store.hpp"

namespace frontline {

class Store;

struct BatchInput {
    std::vector<InboundEvent> events;
    TimePoint now{};
    int max_timers = 64;                          ///< due timers fired from the timer table; 0: none
    std::optional<TimePoint> prune_inbox_before;  ///< forget inbox keys older than this, when set
    /// Fired as given after the events, before the due ones, and left in the timer table (a replay
    /// of a timer the table no longer holds; tests use it for stale timers).
    std::vector<TimerRequest> timers;
    /// When set, receives the effects of every event and timer applied, as written (each message
    /// with its idempotency key): what the console prints and the tests inspect.
    Effects* written = nullptr;
};

/// What one batch did; for metrics, logs and tests.
struct BatchReport {
    std::size_t events = 0;
    std::size_t duplicates = 0;
    std::size_t handler_errors = 0;
    std::vector<Error> failures;         ///< why each of the handler_errors failed
    std::size_t timers_fired = 0;
    std::size_t messages_queued = 0;
    double seconds = 0;                  ///< wall time of the whole transaction, commit included
    std::optional<TimePoint> next_timer; ///< earliest armed timer after the commit
};

struct BatchOutcome {
    Status status;  ///< an error means nothing of the batch was committed
    BatchReport report;
    /// Rows queued by the batch that head their conversation (OutboxStore::ready_among): the
    /// dispatcher may send them as soon as the commit is done, without reading the outbox.
    std::vector<OutboxRow> ready;
};

/// The inbox key of an event: platforms number their events independently.
std::string inbox_key(const InboundEvent& e);

/// Runs the batch in one transaction. A handler error (or exception) for one event or timer rolls
/// back only that event's writes (a savepoint), is logged, and answers nothing; the others commit.
BatchOutcome run_batch(Store& store, EventHandler& handler, const BatchInput& input);

}  // namespace frontline
