#pragma once
// What the reports read: the tickets of a period and their journal. core/store implements it; the
// report arithmetic (core/report.hpp) stays pure.
#include <vector>

#include "core/journal.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"

namespace frontline {

class ReportSource {
public:
    virtual ~ReportSource() = default;
    /// Tickets reported in [from, to), oldest first.
    virtual Result<std::vector<Ticket>> tickets_reported_between(TimePoint from, TimePoint to) = 0;
    /// Every journal entry of those tickets, in the order written.
    virtual Result<std::vector<JournalEntry>> journal_of_tickets_reported_between(TimePoint from, TimePoint to) = 0;
};

}  // namespace frontline
