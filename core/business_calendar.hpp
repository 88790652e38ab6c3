#pragma once
// A team's working time: which weekdays, which hours of them, in which time zone, minus holidays.
// SLA clocks that count working time advance only inside these hours; `around_the_clock()` is the
// calendar of wall time. Pure: the zone is handed in already parsed.
#include <array>
#include <chrono>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/time_zone.hpp"

namespace frontline {

/// One stretch of working time inside a local day: seconds after local midnight, start < end <= 24 h.
struct WorkingHours {
    Seconds start{0};
    Seconds end{0};
};

class BusinessCalendar {
public:
    /// Every day, all day, UTC: working time equals wall time.
    static BusinessCalendar around_the_clock();

    /// Reads {"time_zone": "Europe/Rome", "hours": {"mon": "09:00-18:00", "sat": "09:00-13:00", ...},
    /// "holidays": ["2026-12-25", ...]}; a day not listed in "hours" is not worked. Several stretches
    /// of one day are separated by commas ("09:00-13:00,14:00-18:00"). Errors name `where`.
    static Result<BusinessCalendar> from_json(const nlohmann::json& j, const std::string& where, const ZoneSource& zones);

    /// Builds one from parts; `week[0]` is Sunday. Stretches of a day must be ascending and apart.
    BusinessCalendar(TimeZone zone, std::array<std::vector<WorkingHours>, 7> week, std::set<std::chrono::sys_days> holidays);

    const TimeZone& zone() const { return zone_; }
    bool around_the_clock_calendar() const { return always_; }

    /// The instant at which `working` seconds of working time have passed since `from`. Zero gives `from`.
    TimePoint add(TimePoint from, Seconds working) const;
    /// Working seconds inside [a, b); zero when b <= a.
    Seconds between(TimePoint a, TimePoint b) const;
    /// True when `t` falls in working time.
    bool is_working(TimePoint t) const { return between(t, t + Seconds{1}).count() == 1; }

private:
    /// The working stretches of one local date, as UTC instants, in order.
    std::vector<std::pair<TimePoint, TimePoint>> stretches_of(std::chrono::sys_days local_date) const;
    std::chrono::sys_days local_date_of(TimePoint t) const;

    TimeZone zone_;
    std::array<std::vector<WorkingHours>, 7> week_;
    std::set<std::chrono::sys_days> holidays_;
    bool always_ = false;
};

}  // namespace frontline
