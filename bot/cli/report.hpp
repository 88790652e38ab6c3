#pragma once
// `frontline report`: the desk's figures over a period, from the store's journal.
#include <iosfwd>
#include <optional>
#include <string>

#include "bot/config/config.hpp"
#include "core/clock.hpp"

namespace frontline {

struct ReportQuery {
    std::optional<std::string> from;  ///< YYYY-MM-DD, the first day (default: 30 days before --to)
    std::optional<std::string> to;    ///< YYYY-MM-DD, the last day included (default: today, UTC)
    std::optional<std::string> team;
    bool json = false;
    bool csv = false;
};

/// Prints the report as text, JSON or CSV; 2 on bad arguments (nothing read), 1 on a store error.
int run_report(const Config& config, const ReportQuery& q, TimePoint now, std::ostream& out, std::ostream& err);

}  // namespace frontline
