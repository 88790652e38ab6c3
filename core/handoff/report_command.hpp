#pragma once
// The agents' `report [7d|30d]`: the desk's figures of the last days, from the same computation as
// `frontline report` (core/report.hpp), read through the ReportSource port and written in the
// agents' language.
#include <functional>
#include <string>

#include "core/handoff/desk_run.hpp"
#include "core/report.hpp"

namespace frontline::handoff {

/// The period of `report 7d`: the `days` days up to `now`'s day (UTC), today included, the way
/// `frontline report --from ... --to today` counts them.
ReportPeriod chat_report_period(TimePoint now, int days);

/// The report as the few lines an agent reads in a chat; `text` looks up the agents' texts.
std::string report_answer(const Report& r, int days, const std::string& zone_name,
                          const std::function<std::string(const std::string&, const Vars&)>& text);

class ReportCommand {
public:
    explicit ReportCommand(DeskRun& run) : run_(run) {}
    /// Answers `report` where it was asked. Only storage failures are errors.
    Status answer(const InboundEvent& e, int days);

private:
    DeskRun& run_;
};

}  // namespace frontline::handoff
