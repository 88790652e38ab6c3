#pragma once
// Counts for the service's /metrics page, read at scrape time.
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace frontline {

class Store;

struct TicketCount {
    std::string status;    ///< as stored, e.g. "in_diagnosis"
    std::string priority;  ///< "P1".."P4"
    long long count = 0;
};

/// Tickets grouped by status and priority (all statuses; the caller keeps the open ones).
Result<std::vector<TicketCount>> count_tickets_by_status(Store& store);

/// One histogram series: observations in seconds against fixed upper bounds.
struct DurationBuckets {
    std::vector<long long> at_or_below;  ///< per bound: observations <= bound (cumulative, as Prometheus wants)
    double sum = 0;
    long long count = 0;
};

/// The ticket counters and histograms of /metrics, derived from the store (the ticket metrics migration's columns
/// and the journal's breaches), so a restart neither resets nor doubles them.
struct TicketMetrics {
    /// (type, category or "uncategorised", priority) as the diagnosis left them -> tickets opened,
    /// counted once out of the diagnosis (escalated, resolved, cancelled)
    std::map<std::tuple<std::string, std::string, std::string>, long long> opened;
    /// priority at the first claim -> report to first claim, in seconds
    std::map<std::string, DurationBuckets> time_to_claim;
    /// priority at the first resolution -> report to first resolution, in seconds
    std::map<std::string, DurationBuckets> time_to_resolve;
    /// (clock "response"|"resolution", priority) -> SLA breaches journalled
    std::map<std::pair<std::string, std::string>, long long> breaches;
    long long bot_resolutions = 0;  ///< closed by the bot at L1, no human involved
};

/// Reads every figure of TicketMetrics; the histogram bounds are in seconds, ascending.
Result<TicketMetrics> read_ticket_metrics(Store& store, const std::vector<long long>& claim_bounds,
                                          const std::vector<long long>& resolve_bounds);

}  // namespace frontline
