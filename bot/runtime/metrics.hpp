#pragma once
// Process metrics in the Prometheus text exposition format (version 0.0.4), names prefixed
// frontline_. Counters and histograms are updated from the network and store threads; gauges that
// live in the database (outbox depth, open tickets) are read at scrape time and passed in.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/store/outbox_store.hpp"
#include "core/store/runtime_stats.hpp"

namespace frontline {

/// A histogram with fixed upper bounds (the +Inf bucket is implicit).
class Histogram {
public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double v);
    /// Appends the _bucket, _sum and _count lines under `name`.
    void render(std::string& out, const std::string& name, const std::string& help) const;
    std::uint64_t count() const;

private:
    std::vector<double> bounds_;
    mutable std::mutex mutex_;
    std::vector<std::uint64_t> buckets_;  // cumulative at render time
    double sum_ = 0;
    std::uint64_t count_ = 0;
};

/// What the store knows at scrape time.
struct StoreGauges {
    OutboxDepth outbox_depth{0, 0, 0};
    /// (status, priority) -> open tickets
    std::map<std::pair<std::string, std::string>, long long> open_tickets;
    long long timers_armed = 0;
    /// platform -> messages given up on and kept as failed (`frontline outbox --failed`)
    std::map<std::string, long long> outbox_failed;
    /// Tickets opened, times to claim and resolve, breaches, bot closures: from the store.
    TicketMetrics tickets;
};

/// Upper bounds (seconds) of frontline_time_to_claim_seconds: 1 minute to 3 days, around the
/// response targets (1 to 3 hours).
const std::vector<long long>& time_to_claim_bounds();
/// Upper bounds (seconds) of frontline_time_to_resolve_seconds: 5 minutes to a week, around the
/// resolution targets (4 hours to 3 days).
const std::vector<long long>& time_to_resolve_bounds();

class Metrics {
public:
    Metrics();
    std::atomic<std::uint64_t> events_in{0};           ///< inbound events received by the loop
    std::atomic<std::uint64_t> duplicates_dropped{0};  ///< redelivered events dropped by the inbox
    std::atomic<std::uint64_t> handler_errors{0};      ///< events or timers the handler failed on
    std::atomic<std::uint64_t> timers_fired{0};
    std::atomic<std::uint64_t> batches_committed{0};
    std::atomic<std::uint64_t> batches_failed{0};
    std::atomic<std::uint64_t> messages_queued{0};     ///< outbox rows written
    std::atomic<std::uint64_t> messages_out{0};        ///< outbox rows the platforms accepted
    std::atomic<std::uint64_t> delivery_retries{0};
    std::atomic<std::uint64_t> outbox_looks{0};        ///< reads of the outbox's deliverable heads
    std::atomic<std::uint64_t> delivery_failures{0};   ///< rows given up on (permanent refusal, too many tries)
    std::atomic<std::uint64_t> no_adapter_failures{0}; ///< rows for a platform without a running adapter
    Histogram batch_size;
    Histogram commit_seconds;
    Histogram delivery_seconds;

    /// Counts a request refused by a limit (connection caps, rate limits, failed logins), by reason.
    void count_refusal(const std::string& reason);
    std::uint64_t refusals(const std::string& reason) const;

    /// The whole exposition text; `adapters` is (platform, connected).
    std::string render(const StoreGauges& gauges, const std::vector<std::pair<std::string, bool>>& adapters) const;

private:
    mutable std::mutex refusals_mutex_;
    std::map<std::string, std::uint64_t> refusals_;
};

}  // namespace frontline
