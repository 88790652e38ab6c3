#pragma once
// Counts for the service's /metrics page, read at scrape time (Store::count_tickets_by_status and
// Store::read_ticket_metrics, on either backend).
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace frontline {

struct TicketCount {
    std::string status;    ///< as stored, e.g. "in_diagnosis"
    std::string priority;  ///< "P1".."P4"
    long long count = 0;
};

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


}  // namespace frontline
