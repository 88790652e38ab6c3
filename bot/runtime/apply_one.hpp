#pragma once
// The engine loop's batch, one event at a time and synchronously: inbox, savepoint, effects written
// to the outbox and timer tables, commit; timers fired from the timer table. The console, the
// transcript runner and the engine and desk tests apply events through this, so they run the same
// path as the service instead of a transaction of their own.
#include "bot/runtime/batch_runner.hpp"

namespace frontline {

/// What applying one event (or firing timers) did.
struct Applied {
    /// Ok when everything applied committed. An error when the store failed (nothing committed) or
    /// when the handler failed (its writes were undone; the event is still recorded in the inbox,
    /// as the engine loop records it: a redelivery would fail the same way).
    Status status;
    Effects effects;     ///< as written: messages carry their idempotency keys; empty for a duplicate
    BatchReport report;
};

/// Applies `event` in one batch of its own; due timers are not fired (fire_due_timers does that).
Applied apply_one(Store& store, EventHandler& handler, const InboundEvent& event, TimePoint now);

/// Fires `timer` as given, whatever the timer table holds (a replay; tests of stale timers).
Applied apply_timer(Store& store, EventHandler& handler, const TimerRequest& timer, TimePoint now);

/// Fires every timer due at `now` from the timer table, then those they armed that are due by
/// `now` too, batch after batch as the engine loop does; the effects of all of them.
Applied fire_due_timers(Store& store, EventHandler& handler, TimePoint now);

}  // namespace frontline
