#pragma once
// ReportSource on the SQLite store: a period's tickets and their journal, read by the reports.
#include "core/report_source.hpp"

namespace frontline {

class Store;

class ReportStore final : public ReportSource {
public:
    explicit ReportStore(Store& store) : store_(store) {}

    Result<std::vector<Ticket>> tickets_reported_between(TimePoint from, TimePoint to) override;
    Result<std::vector<JournalEntry>> journal_of_tickets_reported_between(TimePoint from, TimePoint to) override;

private:
    Store& store_;
};

}  // namespace frontline
