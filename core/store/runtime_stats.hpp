#pragma once
// Counts for the service's /metrics page, read at scrape time.
#include <string>
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

}  // namespace frontline
