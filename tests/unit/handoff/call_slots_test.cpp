// The free slots of a booking page: laid out on the agent's own wall clock (Rome, New York), across
// both daylight-saving changes, minus booked calls and their buffer, over the next working days.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/handoff/call_slots.hpp"
#include "core/handoff/calls.hpp"
#include "handoff_test_support.hpp"

using namespace frontline;
using namespace frontline::handoff;
using nlohmann::json;
using namespace std::chrono;

namespace {

TimePoint at(const char* iso) {
    auto t = parse_iso8601(iso);
    EXPECT_TRUE(t) << iso;
    return t.value_or(TimePoint{});
}

/// One agent in `zone` working `start`-`end` on `days`, its zone loaded from the system's tzdata.
AgentsDirectory one_agent(const std::string& zone, json days, const char* start, const char* end) {
    json a = {{"handle", "rita"}, {"name", "Rita"}, {"tier", "L2"}, {"teams", {"desk"}}, {"identities", {{"webchat", "rita"}}},
              {"timezone", zone}, {"working_hours", {{"days", days}, {"start", start}, {"end", end}}}};
    const json root = {{"teams", {{{"id", "desk"}, {"rooms", {{"webchat", "agents"}}}}}}, {"agents", {a}}};
    auto dir = AgentsDirectory::from_json(root, "agents.json");
    EXPECT_TRUE(dir) << dir.error().message;
    auto zones = dir->resolve_time_zones(testing_support::system_zones(), "agents.json");
    EXPECT_TRUE(zones) << zones.error().message;
    return std::move(*dir);
}

const json kWeekdays = {"mon", "tue", "wed", "thu", "fri"};

std::vector<TimePoint> on_day(const std::vector<TimePoint>& slots, TimePoint from, TimePoint to) {
    std::vector<TimePoint> out;
    for (auto s : slots)
        if (s >= from && s < to) out.push_back(s);
    return out;
}

SlotRules rules(int working_days = 5) {
    SlotRules r;
    r.duration = minutes{30};
    r.buffer = minutes{10};
    r.step = minutes{30};
    r.lead = minutes{60};
    r.working_days = working_days;
    return r;
}

}  // namespace

TEST(CallSlots, FollowTheAgentsWallClockInWinter) {
    auto dir = one_agent("Europe/Rome", kWeekdays, "09:00", "17:00");
    // Monday 2026-11-23 06:00 UTC = 07:00 in Rome (CET, UTC+1).
    const auto slots = free_slots(dir.agents()[0], at("2026-11-23T06:00:00Z"), rules(1), {});
    ASSERT_EQ(slots.size(), 16u);  // 09:00 to 16:30 every half hour
    EXPECT_EQ(slots.front(), at("2026-11-23T08:00:00Z"));
    EXPECT_EQ(slots.back(), at("2026-11-23T15:30:00Z"));
}

TEST(CallSlots, KeepNineOClockAcrossTheAutumnChangeOfHour) {
    auto dir = one_agent("Europe/Rome", kWeekdays, "09:00", "17:00");
    // Friday 2026-10-23 is still summer time (UTC+2); Rome goes back to UTC+1 on Sunday 25 October.
    const auto slots = free_slots(dir.agents()[0], at("2026-10-23T04:00:00Z"), rules(2), {});
    const auto friday = on_day(slots, at("2026-10-23T00:00:00Z"), at("2026-10-24T00:00:00Z"));
    const auto monday = on_day(slots, at("2026-10-26T00:00:00Z"), at("2026-10-27T00:00:00Z"));
    ASSERT_FALSE(friday.empty());
    ASSERT_FALSE(monday.empty());
    EXPECT_EQ(friday.front(), at("2026-10-23T07:00:00Z"));  // 09:00 CEST
    EXPECT_EQ(monday.front(), at("2026-10-26T08:00:00Z"));  // 09:00 CET
    EXPECT_EQ(slots.size(), 32u) << "two working days (the weekend skipped), 16 slots each";
}

TEST(CallSlots, NeverOfferAWallClockTimeTheSpringChangeSkipped) {
    // A night shift on Sunday 2026-03-29 in Rome: 02:00 to 03:00 does not exist that night.
    auto dir = one_agent("Europe/Rome", json{"sun"}, "00:00", "06:00");
    const auto slots = free_slots(dir.agents()[0], at("2026-03-28T12:00:00Z"), rules(1), {});
    std::vector<std::string> local;
    for (auto s : slots) local.push_back(format_call_time(s, dir.agents()[0].zone.get()));
    const std::vector<std::string> expected = {
        "2026-03-29 00:00 (Europe/Rome)", "2026-03-29 00:30 (Europe/Rome)", "2026-03-29 01:00 (Europe/Rome)",
        "2026-03-29 01:30 (Europe/Rome)",  // ends at 03:00 summer time: thirty real minutes
        "2026-03-29 03:00 (Europe/Rome)", "2026-03-29 03:30 (Europe/Rome)", "2026-03-29 04:00 (Europe/Rome)",
        "2026-03-29 04:30 (Europe/Rome)", "2026-03-29 05:00 (Europe/Rome)", "2026-03-29 05:30 (Europe/Rome)"};
    EXPECT_EQ(local, expected);
    EXPECT_EQ(slots[4] - slots[3], minutes{30}) << "01:30 CET and 03:00 CEST are half an hour apart";
}

TEST(CallSlots, AnAgentInNewYorkSeesTheSameInstantsFromEveryRequesterZone) {
    auto dir = one_agent("America/New_York", kWeekdays, "09:00", "12:00");
    // Monday 2026-11-23 12:00 UTC = 07:00 in New York (EST, UTC-5).
    const auto slots = free_slots(dir.agents()[0], at("2026-11-23T12:00:00Z"), rules(1), {});
    ASSERT_EQ(slots.size(), 6u);
    EXPECT_EQ(slots.front(), at("2026-11-23T14:00:00Z"));
    // What the chat tells each side: the same instant on each one's own clock.
    auto tokyo = TimeZone::from_tzif(testing_support::system_zones()("Asia/Tokyo").value(), "Asia/Tokyo");
    ASSERT_TRUE(tokyo);
    EXPECT_EQ(format_call_time(slots.front(), dir.agents()[0].zone.get()), "2026-11-23 09:00 (America/New_York)");
    EXPECT_EQ(format_call_time(slots.front(), &*tokyo), "2026-11-23 23:00 (Asia/Tokyo)");
    EXPECT_EQ(format_call_time(slots.front(), nullptr), "2026-11-23 14:00 (UTC)");
}

TEST(CallSlots, LeaveOutBookedCallsWithTheirBuffer) {
    auto dir = one_agent("Europe/Rome", kWeekdays, "09:00", "17:00");
    // A call 10:00-10:30 in Rome (09:00-09:30 UTC) with a 10-minute buffer takes 09:30, 10:00 and 10:30.
    const std::vector<BusySpan> busy = {{at("2026-11-23T09:00:00Z"), at("2026-11-23T09:30:00Z")}};
    const auto slots = free_slots(dir.agents()[0], at("2026-11-23T06:00:00Z"), rules(1), busy);
    EXPECT_EQ(slots.size(), 13u);
    for (const char* taken : {"2026-11-23T08:30:00Z", "2026-11-23T09:00:00Z", "2026-11-23T09:30:00Z"})
        EXPECT_FALSE(std::binary_search(slots.begin(), slots.end(), at(taken))) << taken;
    for (const char* free : {"2026-11-23T08:00:00Z", "2026-11-23T10:00:00Z"})
        EXPECT_TRUE(std::binary_search(slots.begin(), slots.end(), at(free))) << free;
    EXPECT_FALSE(is_free_slot(dir.agents()[0], at("2026-11-23T06:00:00Z"), rules(1), busy, at("2026-11-23T09:30:00Z")));
    EXPECT_TRUE(is_free_slot(dir.agents()[0], at("2026-11-23T06:00:00Z"), rules(1), busy, at("2026-11-23T10:00:00Z")));
}

TEST(CallSlots, StartAfterTheLeadTimeAndSkipDaysOff) {
    auto dir = one_agent("Europe/Rome", kWeekdays, "09:00", "17:00");
    // Friday 2026-11-27 15:10 in Rome (14:10 UTC): with an hour's notice only 16:30 is left today,
    // then Monday: the weekend is no working day.
    const auto slots = free_slots(dir.agents()[0], at("2026-11-27T14:10:00Z"), rules(2), {});
    ASSERT_FALSE(slots.empty());
    EXPECT_EQ(slots.front(), at("2026-11-27T15:30:00Z"));
    EXPECT_EQ(slots[1], at("2026-11-30T08:00:00Z"));
    EXPECT_EQ(slots.size(), 17u);
    EXPECT_FALSE(is_free_slot(dir.agents()[0], at("2026-11-27T14:10:00Z"), rules(2), {}, at("2026-11-27T15:00:00Z")));
}

TEST(CallSlots, AnInstantThatIsNoSlotStartIsRefused) {
    auto dir = one_agent("Europe/Rome", kWeekdays, "09:00", "17:00");
    EXPECT_FALSE(is_free_slot(dir.agents()[0], at("2026-11-23T06:00:00Z"), rules(1), {}, at("2026-11-23T08:10:00Z")));
    EXPECT_FALSE(is_free_slot(dir.agents()[0], at("2026-11-23T06:00:00Z"), rules(1), {}, at("2026-11-23T16:00:00Z")))
        << "17:00 in Rome is the end of the day: a call there would run past it";
}

// Issue 19: where the SLA issue's calendars are set, the team's holidays are no days for a call,
// and the next working day is offered instead.
TEST(CallSlots, TheTeamsHolidaysAreSkippedAndNotCounted) {
    auto dir = one_agent("Europe/Rome", kWeekdays, "09:00", "17:00");
    const json spec = {{"time_zone", "Europe/Rome"},
                       {"hours", {{"mon", "08:00-19:00"}, {"tue", "08:00-19:00"}, {"wed", "08:00-19:00"},
                                  {"thu", "08:00-19:00"}, {"fri", "08:00-19:00"}}},
                       {"holidays", {"2026-12-08"}}};
    auto calendar = BusinessCalendar::from_json(spec, "sla.calendars.desk", testing_support::system_zones());
    ASSERT_TRUE(calendar) << calendar.error().message;
    SlotRules r = rules(2);
    r.calendar = &*calendar;
    // Monday 2026-12-07, 07:00 in Rome; Tuesday 8 December is a holiday.
    const auto slots = free_slots(dir.agents()[0], at("2026-12-07T06:00:00Z"), r, {});
    EXPECT_EQ(on_day(slots, at("2026-12-07T00:00:00Z"), at("2026-12-08T00:00:00Z")).size(), 16u);
    EXPECT_TRUE(on_day(slots, at("2026-12-08T00:00:00Z"), at("2026-12-09T00:00:00Z")).empty());
    EXPECT_EQ(on_day(slots, at("2026-12-09T00:00:00Z"), at("2026-12-10T00:00:00Z")).size(), 16u);
    // Without the calendar the holiday is an ordinary Tuesday.
    const auto plain = free_slots(dir.agents()[0], at("2026-12-07T06:00:00Z"), rules(2), {});
    EXPECT_EQ(on_day(plain, at("2026-12-08T00:00:00Z"), at("2026-12-09T00:00:00Z")).size(), 16u);
}
