#include "bot/runtime/outbox_dispatcher.hpp"

#include <algorithm>
#include <exception>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/net/backoff.hpp"
#include "bot/runtime/fault_injection.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/runtime_log.hpp"
#include "bot/runtime/store_worker.hpp"

namespace asio = boost::asio;

namespace frontline {

namespace {

struct Fetched {
    Result<std::vector<OutboxHead>> heads;
    Result<std::optional<TimePoint>> next_attempt;
};

bool is_edit(const OutboxRow& row) { return !row.message.replaces.empty() && !row.replaces_platform_id.empty(); }

OutboxItem item_of(const OutboxRow& row) {
    return OutboxItem{row.id, row.message, row.attempts, row.replaces_platform_id, row.sending_since, {}};
}

struct FoldInput {
    Result<std::vector<OutboxRow>> followers;
    std::map<std::int64_t, std::vector<OutboundMessage>> holds;  ///< edit row id -> what its target holds
};

}  // namespace

std::chrono::seconds retry_delay(int attempt, std::chrono::seconds base, std::chrono::seconds cap,
                                 std::chrono::seconds retry_after, std::mt19937_64& rng) {
    // The adapters' reconnect backoff with half of each delay random ("equal jitter"): retries of
    // many rows spread out instead of arriving together, yet never collapse to zero.
    const double r = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    const auto delay = net::backoff_delay(net::BackoffPolicy{base, cap, 2.0, 0.5}, attempt - 1, r);
    // Rows fall due in whole seconds: at least one, and never before what the platform asked for.
    return std::max({std::chrono::ceil<std::chrono::seconds>(delay), std::chrono::seconds(1), retry_after});
}

OutboxDispatcher::OutboxDispatcher(asio::any_io_executor ex, StoreWorker& store,
                                   std::map<std::string, Adapter*> adapters, const Clock& clock, Metrics& metrics,
                                   OutboxDispatcherOptions options)
    : ex_(ex),
      store_(store),
      adapters_(std::move(adapters)),
      clock_(clock),
      metrics_(metrics),
      options_(std::move(options)),
      pacer_(options_.pace, options_.default_pace),
      delivered_(ex, store),
      rng_(options_.jitter_seed),
      wake_timer_(ex),
      gap_timer_(ex),
      idle_signal_(ex) {}

OutboxDispatcher::~OutboxDispatcher() = default;

std::chrono::steady_clock::time_point OutboxDispatcher::steady_now() const {
    return options_.steady_now ? options_.steady_now() : std::chrono::steady_clock::now();
}

void OutboxDispatcher::wake() {
    woken_ = true;
    idle_ = false;
    wake_timer_.cancel();
}

void OutboxDispatcher::stop() {
    stopped_ = true;
    wake_timer_.cancel();
    gap_timer_.cancel();
    idle_signal_.cancel();
}

asio::awaitable<void> OutboxDispatcher::run() {
    while (!stopped_) {
        // Real time, not steady_now(): this is a pause of the process, whatever clock tests inject.
        if (last_look_ && options_.min_look_gap.count() > 0) {
            const auto since = std::chrono::steady_clock::now() - *last_look_;
            if (since < options_.min_look_gap) {
                gap_timer_.expires_after(options_.min_look_gap - since);
                co_await gap_timer_.async_wait(asio::as_tuple(asio::use_awaitable));
                if (stopped_) break;
            }
        }
        // Wakes until here are all answered by this look.
        woken_ = false;
        last_look_ = std::chrono::steady_clock::now();
        ++metrics_.outbox_looks;
        const TimePoint now = clock_.now();
        const int limit = static_cast<int>(in_flight_.size() + options_.max_in_flight * 4);
        Fetched fetched = co_await store_.run([now, limit](Store& s) {
            // Only retries strictly after now: rows due now are being delivered or waiting for a
            // token, and both of those wake the loop on their own.
            return Fetched{s.outbox().deliverable_heads(now, limit), s.outbox().next_attempt_after(now)};
        });
        std::chrono::steady_clock::duration wait = options_.idle_look;
        bool blocked = false;  // something is deliverable now but waits for a token
        if (!fetched.heads) {
            log_line(LogLevel::error, "outbox", fetched.heads.error().message);
            wait = std::chrono::seconds(1);
        } else {
            // Decided on heads alone; only the messages that start are read (a second, short job).
            std::vector<std::int64_t> starting;
            std::set<std::int64_t> unpaced;  // edits that took no token of their conversation's pace
            for (const auto& head : *fetched.heads) {
                if (in_flight_.count(head.id)) continue;
                if (in_flight_.size() >= options_.max_in_flight) break;
                const bool bulk = head.priority == OutboxPriority::bulk;
                if (bulk && bulk_in_flight_ >= options_.max_bulk_in_flight) continue;
                // A platform that is not running is not paced: its rows fail at once (start_row).
                if (auto adapter = adapters_.find(head.to.platform); adapter != adapters_.end()) {
                    // An edit of a delivered message may be free of the conversation's pace (Slack
                    // counts only new posts per channel).
                    const bool paced = !head.edit || adapter->second->edits_use_conversation_pace();
                    const auto pace = pacer_.try_acquire(head.to, head.priority, steady_now(), paced);
                    if (pace > std::chrono::steady_clock::duration::zero()) {
                        blocked = true;
                        wait = std::min(wait, pace);
                        continue;
                    }
                    if (!paced) unpaced.insert(head.id);
                    if (bulk) ++bulk_in_flight_;
                }
                in_flight_.insert(head.id);
                starting.push_back(head.id);
            }
            if (!starting.empty()) {
                auto read = [ids = starting, now = clock_.now()](Store& s) { return s.outbox().pending_rows(ids, now); };
                auto rows = co_await store_.run(std::move(read));
                std::set<std::int64_t> started;
                if (!rows) log_line(LogLevel::error, "outbox", rows.error().message);
                else
                    for (auto& row : *rows) {
                        started.insert(row.id);
                        const bool paced = !unpaced.count(row.id);
                        start_row(std::move(row), paced);
                    }
                for (std::int64_t id : starting)
                    if (!started.count(id)) release(*std::find_if(fetched.heads->begin(), fetched.heads->end(),
                                                                  [id](const OutboxHead& h) { return h.id == id; }));
                if (!rows) wait = std::min<std::chrono::steady_clock::duration>(wait, std::chrono::seconds(1));
            }
        }
        if (fetched.next_attempt && *fetched.next_attempt)
            wait = std::min<std::chrono::steady_clock::duration>(wait, **fetched.next_attempt - now);
        if (!woken_ && !blocked && in_flight_.empty()) {
            idle_ = true;
            idle_signal_.cancel();
        }
        if (woken_ || stopped_) continue;
        wake_timer_.expires_after(wait);
        co_await wake_timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    while (!in_flight_.empty()) {
        wake_timer_.expires_after(std::chrono::seconds(1));
        co_await wake_timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

void OutboxDispatcher::start_row(OutboxRow row, bool conversation_paced) {
    auto adapter = adapters_.find(row.message.to.platform);
    auto report = [](const char* what) {
        return [what](std::exception_ptr e) {
            if (!e) return;
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                log_line(LogLevel::error, "outbox", std::string(what) + ex.what());
            }
        };
    };
    if (adapter == adapters_.end()) {
        // Waiting would be silence: nobody reads a platform that is not running. The row fails
        // visibly (metrics, `frontline outbox --failed`) and the handler is told.
        asio::co_spawn(ex_, fail_without_adapter(std::move(row)), report("failing a row failed: "));
        return;
    }
    asio::co_spawn(ex_, deliver_folded(std::move(row), adapter->second, conversation_paced), report("delivery task failed: "));
}

void OutboxDispatcher::release(const OutboxHead& head) {
    // Delivered or failed by someone else since the look at the heads: nothing to do but forget it.
    in_flight_.erase(head.id);
    if (head.priority == OutboxPriority::bulk && adapters_.count(head.to.platform)) --bulk_in_flight_;
}

asio::awaitable<void> OutboxDispatcher::until_idle() {
    while (!idle_ && !stopped_) {
        idle_signal_.expires_at(asio::steady_timer::time_point::max());
        co_await idle_signal_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

asio::awaitable<void> OutboxDispatcher::deliver_one(OutboxRow row, Adapter* adapter) {
    auto sending = send(row, adapter);
    DeliveryOutcome outcome = co_await std::move(sending);
    auto finishing = finish(std::move(row), std::move(outcome));
    co_await std::move(finishing);
}

asio::awaitable<DeliveryOutcome> OutboxDispatcher::send(const OutboxRow& row, Adapter* adapter) {
    const std::int64_t id = row.id;
    crash_point("before_delivery");
    DeliveryOutcome outcome;
    const auto started = std::chrono::steady_clock::now();
    try {
        // Named, not a temporary inside the co_await: GCC 12 destroys such temporaries twice.
        OutboxItem item = item_of(row);
        Status recorded;
        if (!adapter->deduplicates_sends()) {
            // Durably before the call: if we die after the platform took it, the next attempt
            // knows to look for it there instead of posting it twice.
            auto job = [id, now = clock_.now()](Store& s) { return s.outbox().mark_sending(id, now); };
            recorded = co_await store_.run(std::move(job));
        }
        if (recorded) {
            auto delivery = adapter->deliver(std::move(item));
            outcome = co_await std::move(delivery);
        } else {
            outcome = DeliveryOutcome{DeliveryOutcome::Kind::retry, {}, std::chrono::seconds(1),
                                      "could not record the send attempt: " + recorded.error().message};
        }
    } catch (const std::exception& e) {
        outcome = DeliveryOutcome{DeliveryOutcome::Kind::retry, {}, std::chrono::seconds(0),
                                  std::string("adapter threw: ") + e.what()};
    }
    metrics_.delivery_seconds.observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (outcome.kind == DeliveryOutcome::Kind::delivered) crash_point("after_delivery");
    co_return outcome;
}

asio::awaitable<void> OutboxDispatcher::finish(OutboxRow row, DeliveryOutcome outcome) {
    const std::int64_t id = row.id;
    const bool bulk = row.message.priority == OutboxPriority::bulk;
    try {
        auto settling = settle(std::move(row), std::move(outcome));
        co_await std::move(settling);
    } catch (const std::exception& e) {
        log_line(LogLevel::error, "outbox", std::string("settling a delivery failed: ") + e.what());
    }
    in_flight_.erase(id);
    if (bulk) --bulk_in_flight_;
    wake();
}

void OutboxDispatcher::offer(std::vector<OutboxRow> ready) {
    bool left_some = false;
    std::size_t i = 0;
    while (i < ready.size()) {
        // One conversation's run: ready_among lists each conversation's rows together, in order.
        std::size_t j = i + 1;
        while (j < ready.size() && ready[j].message.to.platform == ready[i].message.to.platform &&
               ready[j].message.to.conversation_id == ready[i].message.to.conversation_id)
            ++j;
        std::vector<OutboxRow> run(std::make_move_iterator(ready.begin() + static_cast<std::ptrdiff_t>(i)),
                                   std::make_move_iterator(ready.begin() + static_cast<std::ptrdiff_t>(j)));
        i = j;
        auto adapter = adapters_.find(run.front().message.to.platform);
        // A folding adapter takes the rows behind the head from the store (deliver_folded), and a
        // row a look already started must not be sent twice: both go the usual way.
        const bool taken = std::any_of(run.begin(), run.end(), [&](const OutboxRow& r) { return in_flight_.count(r.id) > 0; });
        if (stopped_ || adapter == adapters_.end() || adapter->second->folding() || taken ||
            in_flight_.size() + run.size() > options_.max_in_flight) {
            left_some = true;
            continue;
        }
        for (const auto& r : run) in_flight_.insert(r.id);
        idle_ = false;
        // Posted, not started here: whoever is being told that its line was committed goes first.
        asio::post(ex_, [this, run = std::move(run), adapter = adapter->second]() mutable {
            asio::co_spawn(ex_, deliver_run(std::move(run), adapter), [](std::exception_ptr e) {
                if (!e) return;
                try {
                    std::rethrow_exception(e);
                } catch (const std::exception& ex) {
                    log_line(LogLevel::error, "outbox", std::string("delivery task failed: ") + ex.what());
                }
            });
        });
    }
    if (left_some) wake();
}

asio::awaitable<void> OutboxDispatcher::deliver_run(std::vector<OutboxRow> run, Adapter* adapter) {
    std::size_t next = 0;
    for (; next < run.size() && !stopped_; ++next) {
        OutboxRow& row = run[next];
        const bool bulk = row.message.priority == OutboxPriority::bulk;
        if (bulk && bulk_in_flight_ >= options_.max_bulk_in_flight) break;
        const bool paced = !is_edit(row) || adapter->edits_use_conversation_pace();
        if (pacer_.try_acquire(row.message.to, row.message.priority, steady_now(), paced) >
            std::chrono::steady_clock::duration::zero())
            break;
        if (bulk) ++bulk_in_flight_;
        auto sending = send(row, adapter);
        DeliveryOutcome outcome = co_await std::move(sending);
        const bool delivered = outcome.kind == DeliveryOutcome::Kind::delivered;
        if (delivered && adapter->deduplicates_sends()) {
            // The platform keeps the key, so the next row need not wait for this mark's commit: a
            // crash in between only sends this one again, and the platform drops it.
            asio::co_spawn(ex_, finish(std::move(row), std::move(outcome)), asio::detached);
        } else {
            auto finishing = finish(std::move(row), std::move(outcome));
            co_await std::move(finishing);
            if (!delivered) {
                ++next;
                break;
            }
        }
    }
    // What did not start goes back to the looks at the outbox, behind whatever is pending before it.
    for (; next < run.size(); ++next) in_flight_.erase(run[next].id);
    wake();
}


asio::awaitable<void> OutboxDispatcher::deliver_folded(OutboxRow head, Adapter* adapter, bool conversation_paced) {
    // Named, not temporaries inside the co_await: GCC 12 destroys such temporaries twice.
    FoldingDelivery* folding = adapter->folding();
    if (!folding) {
        auto single = deliver_one(std::move(head), adapter);
        co_await std::move(single);
        co_return;
    }
    const std::int64_t head_id = head.id;
    const bool bulk = head.message.priority == OutboxPriority::bulk;
    crash_point("before_delivery");
    // What is ready behind the head, and for each edit the message it changes, in one store visit.
    auto gather = [head, now = clock_.now()](Store& s) {
        FoldInput in{s.outbox().followers(head, now, 49), {}};
        std::vector<const OutboxRow*> rows{&head};
        if (in.followers)
            for (const auto& r : *in.followers) rows.push_back(&r);
        for (const auto* r : rows) {
            if (!is_edit(*r)) continue;
            auto holds = s.outbox().delivered_as(r->message.to, r->replaces_platform_id);
            if (holds) in.holds[r->id] = std::move(*holds);
        }
        return in;
    };
    FoldInput in = co_await store_.run(std::move(gather));
    std::vector<OutboxRow> rows;
    rows.push_back(std::move(head));
    if (in.followers)
        for (auto& r : *in.followers) {
            if (in_flight_.count(r.id)) break;
            rows.push_back(std::move(r));
        }
    else
        log_line(LogLevel::warn, "outbox", "could not read the rows behind a message: " + in.followers.error().message);
    std::vector<OutboxItem> items;
    for (const auto& r : rows) {
        items.push_back(item_of(r));
        if (auto h = in.holds.find(r.id); h != in.holds.end()) items.back().replaced_holds = h->second;
    }
    std::size_t take = std::clamp<std::size_t>(folding->fold_count(items), 1, items.size());
    // A post folded behind an edit that took no token of the conversation's pace needs one.
    if (!conversation_paced)
        for (std::size_t i = 1; i < take; ++i) {
            if (is_edit(rows[i])) continue;
            if (!pacer_.try_take_conversation(rows[i].message.to, steady_now())) take = i;
            break;
        }
    rows.resize(take);
    items.resize(take);
    std::vector<std::int64_t> ids;
    for (const auto& r : rows) ids.push_back(r.id);
    in_flight_.insert(ids.begin(), ids.end());

    std::vector<DeliveryOutcome> outcomes;
    const auto started = std::chrono::steady_clock::now();
    try {
        // Durably before the call, for every row in it (see deliver_one).
        auto job = [ids, now = clock_.now()](Store& s) -> Status {
            for (auto id : ids)
                if (auto ok = s.outbox().mark_sending(id, now); !ok) return ok;
            return {};
        };
        Status recorded;
        if (!adapter->deduplicates_sends()) recorded = co_await store_.run(std::move(job));
        if (recorded) {
            auto delivery = folding->deliver_together(std::move(items));
            outcomes = co_await std::move(delivery);
        } else {
            outcomes.assign(rows.size(), DeliveryOutcome{DeliveryOutcome::Kind::retry, {}, std::chrono::seconds(1),
                                                         "could not record the send attempt: " + recorded.error().message});
        }
    } catch (const std::exception& e) {
        outcomes.assign(rows.size(), DeliveryOutcome{DeliveryOutcome::Kind::retry, {}, std::chrono::seconds(0),
                                                     std::string("adapter threw: ") + e.what()});
    }
    outcomes.resize(rows.size(), DeliveryOutcome{DeliveryOutcome::Kind::retry, {}, std::chrono::seconds(0),
                                                 "the adapter gave no outcome for this row"});
    metrics_.delivery_seconds.observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    bool any_delivered = false;
    for (const auto& o : outcomes) any_delivered = any_delivered || o.kind == DeliveryOutcome::Kind::delivered;
    if (any_delivered) crash_point("after_delivery");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        try {
            auto settling = settle(std::move(rows[i]), std::move(outcomes[i]));
            co_await std::move(settling);
        } catch (const std::exception& e) {
            log_line(LogLevel::error, "outbox", std::string("settling a delivery failed: ") + e.what());
        }
    }
    for (auto id : ids) in_flight_.erase(id);
    in_flight_.erase(head_id);
    if (bulk) --bulk_in_flight_;
    wake();
}

asio::awaitable<void> OutboxDispatcher::fail_without_adapter(OutboxRow row) {
    const std::int64_t id = row.id;
    const std::string platform = row.message.to.platform;
    if (warned_platforms_.insert(platform).second)
        log_line(LogLevel::error, "outbox",
                 "no adapter runs for platform '" + platform + "' (" + platform +
                     ".enabled is false?): its messages fail; frontline outbox --failed lists them");
    // Named, not temporaries inside the co_await: GCC 12 destroys such temporaries twice.
    std::string why = "no adapter for platform '" + platform + "'";
    auto failing = give_up(std::move(row), std::move(why));
    auto status = co_await std::move(failing);
    if (!status) log_line(LogLevel::error, "outbox", status.error().message);
    ++metrics_.no_adapter_failures;
    in_flight_.erase(id);
    wake();
}

asio::awaitable<Status> OutboxDispatcher::give_up(OutboxRow row, std::string error, bool recipient_unreachable) {
    if (feedback_) {
        std::vector<InboundEvent> events;
        events.push_back(undeliverable_event(row.message, error, clock_.now(), recipient_unreachable));
        auto reporting = feedback_->commit(std::move(events));
        auto reported = co_await std::move(reporting);
        if (!reported) {
            // Not recorded: the row stays pending and is tried (and reported) again a little later,
            // so the handler never misses that it failed.
            auto later = [id = row.id, next = clock_.now() + std::chrono::seconds(5),
                          err = "could not report the failure: " + reported.error().message](Store& s) {
                return s.outbox().mark_retry(id, next, err);
            };
            if (auto kept = co_await store_.run(std::move(later)); !kept)
                log_line(LogLevel::error, "outbox", kept.error().message);
            co_return reported;
        }
    }
    auto job = [id = row.id, error](Store& s) { return s.outbox().mark_failed(id, error); };
    co_return co_await store_.run(std::move(job));
}

asio::awaitable<void> OutboxDispatcher::settle(OutboxRow row, DeliveryOutcome outcome) {
    const TimePoint now = clock_.now();
    const std::int64_t id = row.id;
    Status status;
    switch (outcome.kind) {
        case DeliveryOutcome::Kind::delivered: {
            // Named, not a temporary inside the co_await: GCC 12 destroys such temporaries twice.
            auto marking = delivered_.mark(id, outcome.platform_message_id, now);
            status = co_await std::move(marking);
            ++metrics_.messages_out;
            pacer_.accepted(row.message.to.platform, steady_now());
            break;
        }
        case DeliveryOutcome::Kind::rejected: {
            log_line(LogLevel::warn, "outbox",
                     "message " + row.message.idempotency_key + " refused by " + row.message.to.platform + ":" +
                         row.message.to.conversation_id + ": " + outcome.error);
            auto failing = give_up(std::move(row), outcome.error, outcome.recipient_unreachable);
            status = co_await std::move(failing);
            ++metrics_.delivery_failures;
            break;
        }
        case DeliveryOutcome::Kind::retry: {
            const int attempt = row.attempts + 1;
            if (outcome.retry_after.count() > 0)
                pacer_.pause(row.message.to.platform, steady_now() + outcome.retry_after, steady_now());
            if (attempt >= options_.max_attempts) {
                log_line(LogLevel::warn, "outbox",
                         "giving up on message " + row.message.idempotency_key + " after " + std::to_string(attempt) +
                             " attempts: " + outcome.error);
                auto failing = give_up(std::move(row), "gave up: " + outcome.error);
                status = co_await std::move(failing);
                ++metrics_.delivery_failures;
                break;
            }
            const auto delay = retry_delay(attempt, options_.retry_base, options_.retry_cap, outcome.retry_after, rng_);
            auto job = [id, next = now + delay, err = outcome.error](Store& s) {
                return s.outbox().mark_retry(id, next, err);
            };
            status = co_await store_.run(std::move(job));
            ++metrics_.delivery_retries;
            break;
        }
    }
    if (!status) log_line(LogLevel::error, "outbox", status.error().message);
}

}  // namespace frontline
