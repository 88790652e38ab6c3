// Slots are laid out on the agent's wall clock and only then turned into instants, so "09:00 in
// Rome" stays 09:00 across a daylight-saving change and a skipped hour is simply not offered.
#include "core/handoff/call_slots.hpp"

#include <algorithm>

namespace frontline::handoff {

using namespace std::chrono;

WorkingHours default_call_hours() { return WorkingHours{{0, 1, 2, 3, 4}, 9 * 60, 17 * 60}; }

std::optional<TimePoint> from_local(const TimeZone* zone, local_seconds local) {
    if (!zone) return TimePoint{local.time_since_epoch()};
    // Two guesses cover both sides of a transition: the offset before it and the one after it.
    const TimePoint naive{local.time_since_epoch()};
    std::optional<TimePoint> best;
    for (Seconds probe : {Seconds{-86400}, Seconds{86400}}) {
        const TimePoint guess = naive - zone->offset_at(naive + probe);
        if (zone->local_time(guess) == local && (!best || guess < *best)) best = guess;
    }
    return best;
}

BusySpan slot_horizon(TimePoint now, const SlotRules& rules) {
    // Working days may be spread over weekends and overnight shifts: two weeks per five days covers it.
    const int weeks = rules.working_days / 5 + 2;
    return {now - rules.buffer - rules.duration, now + days{7 * weeks} + rules.buffer + rules.duration};
}

std::vector<TimePoint> free_slots(const Agent& agent, TimePoint now, const SlotRules& rules,
                                  const std::vector<BusySpan>& busy) {
    std::vector<TimePoint> out;
    if (rules.duration <= Seconds{0} || rules.step <= Seconds{0} || rules.working_days <= 0) return out;
    const WorkingHours hours = agent.working_hours.value_or(default_call_hours());
    const TimeZone* zone = agent.zone.get();
    const local_seconds local_now = zone ? zone->local_time(now) : local_seconds{now.time_since_epoch()};
    const TimePoint earliest = now + rules.lead;
    auto collides = [&](TimePoint s) {
        const TimePoint e = s + rules.duration;
        return std::any_of(busy.begin(), busy.end(), [&](const BusySpan& b) {
            return s < b.end + rules.buffer && b.start - rules.buffer < e;
        });
    };
    const int span = hours.end_minute > hours.start_minute ? hours.end_minute - hours.start_minute
                                                            : 24 * 60 - hours.start_minute + hours.end_minute;
    // Yesterday too: an overnight shift that started then may still run this morning.
    local_days day = floor<days>(local_now) - days{1};
    int working_days_seen = 0;
    for (int guard = 0; guard < 7 * 8 && working_days_seen < rules.working_days; ++guard, day += days{1}) {
        const int weekday_index = static_cast<int>(weekday{day}.iso_encoding()) - 1;
        if (std::find(hours.weekdays.begin(), hours.weekdays.end(), weekday_index) == hours.weekdays.end()) continue;
        const local_seconds shift_start = local_seconds{day} + minutes{hours.start_minute};
        const local_seconds shift_end = shift_start + minutes{span};
        if (shift_end <= local_now + rules.lead) continue;  // over (or too close) before it counts
        if (rules.calendar) {
            // A holiday of the team's calendar: no working time of it during the agent's shift.
            const auto open = from_local(zone, shift_start);
            const auto close = from_local(zone, shift_end);
            if (open && close && rules.calendar->between(*open, *close) == Seconds{0}) continue;
        }
        for (local_seconds s = shift_start; s + rules.duration <= shift_end; s += rules.step) {
            const auto start = from_local(zone, s);
            if (!start) continue;  // a wall-clock time the change of hour skipped
            // The end as a real instant: across a change of hour the call lasts its minutes, and
            // must still end within the shift on the wall clock.
            const TimePoint end = *start + rules.duration;
            if ((zone ? zone->local_time(end) : local_seconds{end.time_since_epoch()}) > shift_end) continue;
            if (*start < earliest || collides(*start)) continue;
            out.push_back(*start);
        }
        // A day whose remaining hours are all booked still counts: "the next N working days".
        ++working_days_seen;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool is_free_slot(const Agent& agent, TimePoint now, const SlotRules& rules, const std::vector<BusySpan>& busy,
                  TimePoint start) {
    const auto slots = free_slots(agent, now, rules, busy);
    return std::binary_search(slots.begin(), slots.end(), start);
}

}  // namespace frontline::handoff
