#pragma once
// The free slots a booking page offers: the agent's working hours on their own wall clock (daylight
// saving included) for the next working days, minus their booked calls and a buffer around each.
// Pure: instants in, instants out; the page shows them in whatever zone the requester picks.
#include <vector>

#include "core/business_calendar.hpp"
#include "core/clock.hpp"
#include "core/handoff/agents_directory.hpp"

namespace frontline::handoff {

struct SlotRules {
    Seconds duration{30 * 60};
    Seconds buffer{10 * 60};     ///< kept free before and after every booked call
    Seconds step{30 * 60};       ///< slots start every `step` from the start of the working day
    Seconds lead{60 * 60};       ///< nothing sooner than this from now
    int working_days = 5;        ///< how many of the agent's working days are offered
    /// The team's business calendar (sla.calendars): a day on which the agent's hours hold no working
    /// time of it (a holiday, a day the team does not work) is neither offered nor counted. Null: none.
    const BusinessCalendar* calendar = nullptr;
};

/// A stretch of time already taken (a booked call), [start, end).
struct BusySpan {
    TimePoint start{};
    TimePoint end{};
};

/// Working hours of an agent who declared none: weekdays 09:00 to 17:00 in their zone.
WorkingHours default_call_hours();

/// The free slot starts, earliest first, for `agent` from `now` on. A wall-clock time that does not
/// exist (skipped by a daylight-saving change) is never offered.
std::vector<TimePoint> free_slots(const Agent& agent, TimePoint now, const SlotRules& rules,
                                  const std::vector<BusySpan>& busy);

/// Whether a call of `rules.duration` at `start` is one of free_slots (what a confirm re-checks).
bool is_free_slot(const Agent& agent, TimePoint now, const SlotRules& rules, const std::vector<BusySpan>& busy,
                  TimePoint start);

/// The span free_slots must know about to decide slots from `now` on (bookings outside it cannot collide).
BusySpan slot_horizon(TimePoint now, const SlotRules& rules);

/// The UTC instant of a wall-clock time in `zone` (null: UTC); nullopt when that wall-clock time
/// does not exist there (a spring-forward gap). In an ambiguous hour the earlier instant.
std::optional<TimePoint> from_local(const TimeZone* zone, std::chrono::local_seconds local);

}  // namespace frontline::handoff
