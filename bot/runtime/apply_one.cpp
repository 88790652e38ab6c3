#include "bot/runtime/apply_one.hpp"

namespace frontline {
namespace {

Applied run(Store& store, EventHandler& handler, BatchInput input) {
    Applied out;
    input.written = &out.effects;
    auto outcome = run_batch(store, handler, input);
    out.report = std::move(outcome.report);
    out.status = std::move(outcome.status);
    if (out.status && !out.report.failures.empty()) out.status = out.report.failures.front();
    return out;
}

/// A batch of one event or one given timer, firing nothing from the timer table.
BatchInput just(TimePoint now) {
    BatchInput input;
    input.now = now;
    input.max_timers = 0;
    return input;
}

}  // namespace

Applied apply_one(Store& store, EventHandler& handler, const InboundEvent& event, TimePoint now) {
    BatchInput input = just(now);
    input.events.push_back(event);
    return run(store, handler, std::move(input));
}

Applied apply_timer(Store& store, EventHandler& handler, const TimerRequest& timer, TimePoint now) {
    BatchInput input = just(now);
    input.timers.push_back(timer);
    return run(store, handler, std::move(input));
}

Applied fire_due_timers(Store& store, EventHandler& handler, TimePoint now) {
    Applied all;
    // A timer may arm another one already due (a zero delay): keep going until a batch fires none.
    // The bound stops a handler that re-arms its own timer at `now` forever.
    for (int round = 0; round < 1000; ++round) {
        BatchInput input;
        input.now = now;
        Applied one = run(store, handler, std::move(input));
        all.effects.append(std::move(one.effects));
        all.report.timers_fired += one.report.timers_fired;
        all.report.messages_queued += one.report.messages_queued;
        all.report.handler_errors += one.report.handler_errors;
        for (auto& f : one.report.failures) all.report.failures.push_back(std::move(f));
        all.report.next_timer = one.report.next_timer;
        if (!one.status && all.status) all.status = one.status;
        if (one.report.timers_fired == 0) break;
    }
    return all;
}

}  // namespace frontline
