// The agents' clocks: loading each agent's time zone at start-up and reading their working hours
// on their own wall clock, so "08:30 to 17:30" in Rome means Rome's 08:30 in winter and in summer.
#include <algorithm>

#include "core/handoff/agents_directory.hpp"

namespace frontline::handoff {

Status AgentsDirectory::resolve_time_zones(const ZoneSource& source, const std::string& origin) {
    std::map<std::string, std::shared_ptr<const TimeZone>> loaded;  // agents of one city share one zone
    for (std::size_t i = 0; i < agents_.size(); ++i) {
        Agent& a = agents_[i];
        if (a.timezone.empty()) continue;
        auto& zone = loaded[a.timezone];
        if (!zone) {
            // agents_ keeps the file's order, so index i is the agent's index in agents.json.
            auto fail = [&](const std::string& what) {
                return make_error(Errc::parse, origin + ": key 'agents[" + std::to_string(i) + "].timezone': " + what);
            };
            auto bytes = source(a.timezone);
            if (!bytes)
                return bytes.error().code == Errc::not_found
                           ? fail("unknown time zone '" + a.timezone + "' (" + bytes.error().message + ")")
                           : fail("time zone '" + a.timezone + "': " + bytes.error().message);
            auto parsed = TimeZone::from_tzif(*bytes, a.timezone);
            if (!parsed) return fail(parsed.error().message);
            zone = std::make_shared<const TimeZone>(std::move(*parsed));
        }
        a.zone = zone;
    }
    return {};
}

bool AgentsDirectory::in_working_hours(const Agent& a, TimePoint now) const {
    using namespace std::chrono;
    if (!a.working_hours) return true;
    const WorkingHours& h = *a.working_hours;
    const local_seconds local = a.zone ? a.zone->local_time(now) : local_seconds{now.time_since_epoch()};
    const local_days day = floor<days>(local);
    const int today = static_cast<int>(weekday{day}.iso_encoding()) - 1;  // 0 = Monday, as in WorkingHours
    const int minute = static_cast<int>(duration_cast<minutes>(local - day).count());
    auto starts_on = [&](int d) { return std::find(h.weekdays.begin(), h.weekdays.end(), d) != h.weekdays.end(); };
    if (h.start_minute < h.end_minute) return starts_on(today) && minute >= h.start_minute && minute < h.end_minute;
    // Overnight shift: the evening belongs to today's shift, the small hours to yesterday's.
    return (starts_on(today) && minute >= h.start_minute) || (starts_on((today + 6) % 7) && minute < h.end_minute);
}

}  // namespace frontline::handoff
