#pragma once
// The desk manager's figures over one period, computed from the tickets reported in it and their
// journal: volumes, time to acknowledge and to resolve (wall and working time), SLA compliance by
// dimension, first-contact resolution by the bot, deflection by known fixes, reopen rate, backlog by
// age, breaches and busiest hours. Pure: the entries are handed in (ReportSource reads them).
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/journal.hpp"
#include "core/sla_policy.hpp"
#include "core/ticket.hpp"

namespace frontline {

/// The period and scope of a report.
struct ReportPeriod {
    TimePoint from;
    TimePoint to;                ///< exclusive
    TimePoint now;               ///< ages of the backlog are measured here
    std::optional<std::string> team;  ///< only tickets escalated to this team
};

/// Mean, median and 90th percentile of durations in seconds. Percentiles are nearest-rank: the
/// value at rank ceil(p * n) of the sorted values (the median of 1, 2, 3, 4 is 2).
struct DurationStats {
    long long count = 0;
    double mean = 0;
    long long median = 0;
    long long p90 = 0;
};

/// Tickets whose clocks are decided (resolved, or breached) and how many of them met every target.
struct Compliance {
    long long counted = 0;
    long long met = 0;
    /// met / counted in percent; 100 when nothing was counted.
    double percent() const { return counted == 0 ? 100.0 : 100.0 * static_cast<double>(met) / static_cast<double>(counted); }
};

struct BreachLine {
    TicketId ticket;
    std::string clock;  ///< "response" or "resolution"
    std::string due;    ///< as journalled
    TimePoint at;
    Priority priority = Priority::p3;
    std::string team;
};

/// One UTC day of the period, for the dashboard's trend charts: the tickets reported that day and how
/// long they waited for a claim and a resolution (wall time).
struct DayFigures {
    TimePoint day;  ///< 00:00 UTC
    long long total = 0;
    std::map<std::string, long long> by_priority;
    DurationStats mtta_wall, mttr_wall;
};

struct Report {
    ReportPeriod period;
    long long total = 0;
    std::map<std::string, long long> by_type, by_category, by_priority, by_channel;
    DurationStats mtta_wall, mtta_working;  ///< report -> claimed by an agent
    DurationStats mttr_wall, mttr_working;  ///< report -> resolved
    /// "priority" | "category" | "tier" | "team" | "agent" -> value -> compliance.
    std::map<std::string, std::map<std::string, Compliance>> compliance;
    Compliance overall;
    long long bot_resolved = 0;        ///< closed at L1 in the diagnosis, no human
    long long known_fix_resolved = 0;  ///< of those, by a known fix (journalled with its article)
    long long resolved = 0;            ///< ever resolved
    long long reopened = 0;            ///< reopened after a resolution
    std::vector<std::pair<std::string, long long>> backlog;  ///< open tickets by age bucket, youngest first
    std::vector<BreachLine> breaches;
    std::array<long long, 24> by_hour{};  ///< reports per local hour of the default calendar's zone
    std::vector<DayFigures> daily;        ///< every day of the period, oldest first (days with none too)

    double rate(long long part) const { return total == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(total); }
};

/// The period of `frontline report` and GET /api/report from days "YYYY-MM-DD" (UTC; `to` is
/// included): by default the 30 days up to `now`'s day. Errors name the argument ("from", "to", "team").
Result<ReportPeriod> report_period(const std::optional<std::string>& from, const std::optional<std::string>& to,
                                   const std::optional<std::string>& team, TimePoint now);

/// The team a ticket was last escalated to, from its journal (empty when never escalated).
std::string team_of(const std::vector<JournalEntry>& journal_of_ticket);

/// Builds the report. `journal` may hold entries of other tickets; they are ignored.
Report build_report(const std::vector<Ticket>& tickets, const std::vector<JournalEntry>& journal,
                    const ReportPeriod& period, const SlaPolicy& sla);

/// The report as JSON (what `frontline report --json` and GET /api/report give).
nlohmann::json report_to_json(const Report& r);
/// The report as CSV rows: section,key,metric,value.
std::string report_to_csv(const Report& r);
/// A few lines for the agents' chat: volumes, MTTA/MTTR, SLA %, FCR, backlog, breaches.
std::string report_summary(const Report& r);

}  // namespace frontline
