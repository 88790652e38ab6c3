// Working-time arithmetic on a Rome office calendar (Mon-Fri 09:00-18:00, Christmas a holiday) read
// from the system's tzdata: across a weekend, a holiday and both 2026 daylight-saving switches, and
// the calendar's config refused with a reason when malformed.
#include "core/business_calendar.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

using namespace frontline;
using namespace std::chrono_literals;

namespace {

Result<std::string> system_zone(const std::string& name) {
    std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
    if (!in) return make_error(Errc::not_found, "no zone " + name);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TimePoint at(const char* iso) {
    auto t = parse_iso8601(iso);
    EXPECT_TRUE(t) << iso;
    return t.value_or(TimePoint{});
}

BusinessCalendar rome(const char* extra_hours = nullptr) {
    nlohmann::json j = {{"time_zone", "Europe/Rome"},
                        {"hours", {{"mon", "09:00-18:00"}, {"tue", "09:00-18:00"}, {"wed", "09:00-18:00"},
                                   {"thu", "09:00-18:00"}, {"fri", "09:00-18:00"}}},
                        {"holidays", {"2026-12-25"}}};
    if (extra_hours) j["hours"]["sun"] = extra_hours;
    auto c = BusinessCalendar::from_json(j, "sla.calendars.default", system_zone);
    EXPECT_TRUE(c) << c.error().message;
    return c ? *c : BusinessCalendar::around_the_clock();
}

TEST(BusinessCalendar, AroundTheClockIsWallTime) {
    const auto c = BusinessCalendar::around_the_clock();
    EXPECT_EQ(c.add(at("2026-03-28T23:30:00Z"), 5h), at("2026-03-29T04:30:00Z"));
    EXPECT_EQ(c.between(at("2026-03-28T23:30:00Z"), at("2026-03-30T00:00:00Z")), 24h + 30min);
}

TEST(BusinessCalendar, WithinOneDay) {
    const auto c = rome();
    // Tuesday 3 November 2026, Rome is UTC+1: 10:00 local is 09:00Z.
    EXPECT_EQ(c.add(at("2026-11-03T09:00:00Z"), 2h), at("2026-11-03T11:00:00Z"));
    EXPECT_EQ(c.between(at("2026-11-03T09:00:00Z"), at("2026-11-03T11:00:00Z")), 2h);
    // Before opening: the clock starts at 09:00 local (08:00Z).
    EXPECT_EQ(c.add(at("2026-11-03T05:00:00Z"), 1h), at("2026-11-03T09:00:00Z"));
    EXPECT_EQ(c.between(at("2026-11-03T05:00:00Z"), at("2026-11-03T09:00:00Z")), 1h);
    EXPECT_TRUE(c.is_working(at("2026-11-03T16:59:59Z")));
    EXPECT_FALSE(c.is_working(at("2026-11-03T17:00:00Z")));
}

TEST(BusinessCalendar, AcrossAWeekend) {
    const auto c = rome();
    // Friday 6 November 16:00 local (15:00Z) + 4 h: two on Friday, two on Monday from 09:00.
    EXPECT_EQ(c.add(at("2026-11-06T15:00:00Z"), 4h), at("2026-11-09T10:00:00Z"));
    EXPECT_EQ(c.between(at("2026-11-06T15:00:00Z"), at("2026-11-09T10:00:00Z")), 4h);
    // Exactly the end of Friday: the due time is Friday's closing, not Monday's opening.
    EXPECT_EQ(c.add(at("2026-11-06T15:00:00Z"), 2h), at("2026-11-06T17:00:00Z"));
    // Saturday counts nothing.
    EXPECT_EQ(c.between(at("2026-11-07T00:00:00Z"), at("2026-11-08T23:00:00Z")), 0s);
}

TEST(BusinessCalendar, AcrossAHoliday) {
    const auto c = rome();
    // Thursday 24 December 17:00 local + 3 h: one hour on Thursday, Christmas (Friday) is a
    // holiday, then the weekend, then two hours on Monday 28th: 11:00 local = 10:00Z.
    EXPECT_EQ(c.add(at("2026-12-24T16:00:00Z"), 3h), at("2026-12-28T10:00:00Z"));
    EXPECT_EQ(c.between(at("2026-12-24T16:00:00Z"), at("2026-12-28T10:00:00Z")), 3h);
    EXPECT_EQ(c.between(at("2026-12-25T00:00:00Z"), at("2026-12-26T00:00:00Z")), 0s);
}

TEST(BusinessCalendar, AcrossTheSpringSwitch) {
    const auto c = rome();
    // Friday 27 March 2026 16:00 CET (15:00Z) + 4 h -> Monday 30 March 11:00 CEST = 09:00Z.
    EXPECT_EQ(c.add(at("2026-03-27T15:00:00Z"), 4h), at("2026-03-30T09:00:00Z"));
    EXPECT_EQ(c.between(at("2026-03-27T15:00:00Z"), at("2026-03-30T09:00:00Z")), 4h);
    // A Sunday worked all day: 29 March has 23 hours.
    const auto sunday = rome("00:00-24:00");
    EXPECT_EQ(sunday.between(at("2026-03-28T12:00:00Z"), at("2026-03-30T00:00:00Z")), 23h);
    EXPECT_EQ(sunday.add(at("2026-03-28T23:00:00Z"), 23h), at("2026-03-29T22:00:00Z"));
}

TEST(BusinessCalendar, AcrossTheAutumnSwitch) {
    const auto c = rome();
    // Friday 23 October 2026 16:00 CEST (14:00Z) + 4 h -> Monday 26 October 11:00 CET = 10:00Z.
    EXPECT_EQ(c.add(at("2026-10-23T14:00:00Z"), 4h), at("2026-10-26T10:00:00Z"));
    EXPECT_EQ(c.between(at("2026-10-23T14:00:00Z"), at("2026-10-26T10:00:00Z")), 4h);
    // A Sunday worked all day: 25 October has 25 hours.
    const auto sunday = rome("00:00-24:00");
    EXPECT_EQ(sunday.between(at("2026-10-24T12:00:00Z"), at("2026-10-26T00:00:00Z")), 25h);
    EXPECT_EQ(sunday.add(at("2026-10-24T22:00:00Z"), 25h), at("2026-10-25T23:00:00Z"));
}

TEST(BusinessCalendar, AddAndBetweenAgreeOverAYear) {
    const auto c = rome("10:00-12:00,14:00-16:00");
    TimePoint from = at("2026-01-01T07:13:00Z");
    for (int step = 0; step < 400; ++step) {
        const Seconds work{(step * 7919) % 40000 + 1};
        const TimePoint to = c.add(from, work);
        ASSERT_EQ(c.between(from, to), work) << format_iso8601(from) << " + " << work.count();
        from = to + Seconds{(step * 104729) % 90000};
    }
}

TEST(BusinessCalendar, BadConfigIsRefusedWithTheKey) {
    auto read = [](nlohmann::json j) { return BusinessCalendar::from_json(j, "sla.calendars.net", system_zone); };
    auto no_days = read({{"hours", nlohmann::json::object()}});
    ASSERT_FALSE(no_days);
    EXPECT_NE(no_days.error().message.find("no working day"), std::string::npos);
    auto bad_day = read({{"hours", {{"monday", "09:00-18:00"}}}});
    ASSERT_FALSE(bad_day);
    EXPECT_NE(bad_day.error().message.find("sla.calendars.net.hours.monday"), std::string::npos);
    EXPECT_FALSE(read({{"hours", {{"mon", "18:00-09:00"}}}}));
    EXPECT_FALSE(read({{"hours", {{"mon", "09:00-13:00,12:00-18:00"}}}}));
    EXPECT_FALSE(read({{"hours", {{"mon", "9-18"}}}}));
    auto bad_zone = read({{"time_zone", "Mars/Olympus"}, {"hours", {{"mon", "09:00-18:00"}}}});
    ASSERT_FALSE(bad_zone);
    EXPECT_NE(bad_zone.error().message.find("sla.calendars.net.time_zone"), std::string::npos);
    EXPECT_FALSE(read({{"time_zone", "../etc/passwd"}, {"hours", {{"mon", "09:00-18:00"}}}}));
    auto bad_holiday = read({{"hours", {{"mon", "09:00-18:00"}}}, {"holidays", {"2026-02-30"}}});
    ASSERT_FALSE(bad_holiday);
    EXPECT_NE(bad_holiday.error().message.find("holidays"), std::string::npos);
}

}  // namespace
