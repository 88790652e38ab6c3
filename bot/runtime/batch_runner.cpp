#include "bot/runtime/batch_runner.hpp"

#include <chrono>
#include <exception>

#include "bot/runtime/runtime_log.hpp"
#include "core/store/inbox_store.hpp"
#include "core/store/outbox_store.hpp"
#include "core/store/store.hpp"
#include "core/store/timer_store.hpp"

namespace frontline {

namespace {

/// Messages without a key get one derived from what caused them, so the key is the same if the
/// same cause is ever applied again.
Status write_effects(Store& store, Effects& effects, const std::string& cause, TimePoint now, BatchReport& report,
                     std::vector<OutboxRow>& queued_rows) {
    OutboxStore& outbox = store.outbox();
    TimerStore& timers = store.timers();
    for (std::size_t i = 0; i < effects.messages.size(); ++i) {
        auto& m = effects.messages[i];
        if (m.idempotency_key.empty()) m.idempotency_key = cause + "#" + std::to_string(i);
        auto queued = outbox.enqueue_row(m, now);
        if (!queued) return queued.error();
        if (!*queued) continue;
        ++report.messages_queued;
        queued_rows.push_back(std::move(**queued));
    }
    for (const auto& key : effects.cancel)
        if (auto s = timers.cancel(key); !s) return s;
    for (const auto& t : effects.arm)
        if (auto s = timers.arm(t); !s) return s;
    // effects.escalations: the handler itself turns escalations into messages and timers.
    return {};
}

/// Runs `step` under a savepoint. Ok(true) = applied, Ok(false) = the handler failed and its writes
/// were undone; an error = the store itself failed (the whole batch must roll back).
template <class Step>
Result<bool> apply_isolated(Store& store, const std::string& what, const std::string& cause, const BatchInput& input,
                            BatchReport& report, std::vector<OutboxRow>& queued_rows, Step step) {
    const TimePoint now = input.now;
    EventSavepoint savepoint(store);
    if (auto s = savepoint.begin(); !s) return s.error();
    Result<Effects> effects = make_error(Errc::invalid_argument, "not run");
    try {
        effects = step();
    } catch (const std::exception& e) {
        effects = make_error(Errc::invalid_argument, std::string("handler threw: ") + e.what());
    }
    if (!effects) {
        if (auto s = savepoint.rollback(); !s) return s.error();
        ++report.handler_errors;
        report.failures.push_back(effects.error());
        log_line(LogLevel::error, "engine",
                 what + " failed, nothing answered: " + to_string(effects.error().code) + ": " +
                     effects.error().message);
        return false;
    }
    if (auto s = write_effects(store, *effects, cause, now, report, queued_rows); !s) return s.error();
    if (auto s = savepoint.release(); !s) return s.error();
    if (input.written) input.written->append(std::move(*effects));
    return true;
}

}  // namespace

std::string inbox_key(const InboundEvent& e) { return e.from.platform + ":" + e.event_id; }

BatchOutcome run_batch(Store& store, EventHandler& handler, const BatchInput& input) {
    const auto started = std::chrono::steady_clock::now();
    BatchReport report;
    std::vector<OutboxRow> ready;
    auto body = [&]() -> Status {
        report = BatchReport{};
        std::vector<OutboxRow> queued_rows;
        if (input.written) *input.written = Effects{};
        // With other processes on the store, their batches wait until this one commits (store.hpp).
        if (auto locked = store.lock_engine(); !locked) return locked;
        InboxStore& inbox = store.inbox();
        TimerStore& timers = store.timers();
        Repositories repos = store.repositories();
        for (const auto& e : input.events) {
            ++report.events;
            if (e.event_id.empty() || e.from.platform.empty()) {
                ++report.handler_errors;
                report.failures.push_back(make_error(Errc::invalid_argument, "an event without platform or event id"));
                log_line(LogLevel::warn, "engine", "dropped an event without platform or event id");
                continue;
            }
            const std::string key = inbox_key(e);
            auto fresh = inbox.record(key, input.now);
            if (!fresh) return fresh.error();
            if (!*fresh) {
                ++report.duplicates;
                continue;
            }
            auto applied = apply_isolated(store, "event " + key, "evt:" + key, input, report, queued_rows,
                                          [&] { return handler.handle(e, repos, input.now); });
            if (!applied) return applied.error();
        }
        auto fire = [&](const TimerRequest& t) -> Status {
            const std::string cause = "timer:" + t.key + "@" + std::to_string(t.due.time_since_epoch().count());
            auto applied = apply_isolated(store, "timer " + t.key, cause, input, report, queued_rows,
                                          [&] { return handler.on_timer(t, repos, input.now); });
            if (!applied) return applied.error();
            ++report.timers_fired;
            return {};
        };
        for (const auto& t : input.timers)
            if (auto s = fire(t); !s) return s;
        if (input.max_timers > 0) {
            auto due = timers.due(input.now, input.max_timers);
            if (!due) return due.error();
            for (const auto& t : *due) {
                // Removed before the handler runs, so the handler may re-arm the same key.
                if (auto s = timers.cancel(t.key); !s) return s;
                if (auto s = fire(t); !s) return s;
            }
        }
        if (input.prune_inbox_before)
            if (auto pruned = inbox.prune(*input.prune_inbox_before); !pruned) return pruned.error();
        auto next = timers.next_due();
        if (!next) return next.error();
        report.next_timer = *next;
        auto heads = store.outbox().ready_among(queued_rows);
        if (!heads) return heads.error();
        ready = std::move(*heads);
        return {};
    };
    Status status = store.in_transaction(body);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!status) {
        const std::size_t events = input.events.size();
        report = BatchReport{};
        report.events = events;
        if (input.written) *input.written = Effects{};
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        ready.clear();
    }
    return BatchOutcome{std::move(status), report, std::move(ready)};
}

}  // namespace frontline
