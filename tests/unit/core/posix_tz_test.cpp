// The POSIX TZ rules of TZif footers: every date form, default and unusual switch times, both
// hemispheres, quoted names, and malformed strings refused with a reason.
#include <gtest/gtest.h>

#include "core/posix_tz.hpp"

using namespace frontline;

namespace {

TimePoint at(const char* iso) {
    auto t = parse_iso8601(iso);
    EXPECT_TRUE(t) << iso;
    return t.value_or(TimePoint{});
}

PosixTz rule(const char* tz) {
    auto r = PosixTz::parse(tz);
    EXPECT_TRUE(r) << tz << ": " << r.error().message;
    return r ? *r : *PosixTz::parse("UTC0");
}

long offset(const char* tz, const char* iso) { return static_cast<long>(rule(tz).state_at(at(iso)).offset.count()); }

}  // namespace

TEST(PosixTz, CentralEuropeSwitchesOnTheLastSundaysAtOneUtc) {
    const char* rome = "CET-1CEST,M3.5.0,M10.5.0/3";
    EXPECT_EQ(offset(rome, "2035-03-25T00:59:59Z"), 3600);
    EXPECT_EQ(offset(rome, "2035-03-25T01:00:00Z"), 7200);
    EXPECT_EQ(offset(rome, "2035-10-28T00:59:59Z"), 7200);
    EXPECT_EQ(offset(rome, "2035-10-28T01:00:00Z"), 3600);
    auto summer = rule(rome).state_at(at("2035-07-01T12:00:00Z"));
    EXPECT_TRUE(summer.dst);
    EXPECT_EQ(summer.abbreviation, "CEST");
    EXPECT_EQ(rule(rome).state_at(at("2035-01-01T12:00:00Z")).abbreviation, "CET");
}

TEST(PosixTz, DefaultSwitchTimeIsTwoInTheMorningLocal) {
    const char* ny = "EST5EDT,M3.2.0,M11.1.0";  // second Sunday of March, first of November
    EXPECT_EQ(offset(ny, "2026-03-08T06:59:59Z"), -5 * 3600);
    EXPECT_EQ(offset(ny, "2026-03-08T07:00:00Z"), -4 * 3600);
    EXPECT_EQ(offset(ny, "2026-11-01T05:59:59Z"), -4 * 3600);
    EXPECT_EQ(offset(ny, "2026-11-01T06:00:00Z"), -5 * 3600);
}

TEST(PosixTz, SouthernHemisphereDaylightTimeSpansNewYear) {
    const char* sydney = "AEST-10AEDT,M10.1.0,M4.1.0/3";
    EXPECT_EQ(offset(sydney, "2035-01-15T00:00:00Z"), 11 * 3600);
    EXPECT_EQ(offset(sydney, "2035-03-31T15:59:59Z"), 11 * 3600);
    EXPECT_EQ(offset(sydney, "2035-03-31T16:00:00Z"), 10 * 3600);
    EXPECT_EQ(offset(sydney, "2035-10-06T15:59:59Z"), 10 * 3600);
    EXPECT_EQ(offset(sydney, "2035-10-06T16:00:00Z"), 11 * 3600);
    EXPECT_EQ(offset(sydney, "2035-12-31T23:59:59Z"), 11 * 3600);
}

TEST(PosixTz, JulianDaysSkipFebruaryTwentyNinthAndZeroBasedDaysCountIt) {
    // J60 is March 1 in every year; day 59 (zero-based) is February 29 in a leap year.
    const char* julian = "AAA0BBB,J60/0,J300/0";
    EXPECT_EQ(offset(julian, "2028-02-29T23:59:59Z"), 0);
    EXPECT_EQ(offset(julian, "2028-03-01T00:00:00Z"), 3600);
    EXPECT_EQ(offset(julian, "2027-02-28T23:59:59Z"), 0);
    EXPECT_EQ(offset(julian, "2027-03-01T00:00:00Z"), 3600);
    const char* zero_based = "AAA0BBB,59/0,300/0";
    EXPECT_EQ(offset(zero_based, "2028-02-28T23:59:59Z"), 0);
    EXPECT_EQ(offset(zero_based, "2028-02-29T00:00:00Z"), 3600);
    EXPECT_EQ(offset(zero_based, "2027-02-28T23:59:59Z"), 0);
    EXPECT_EQ(offset(zero_based, "2027-03-01T00:00:00Z"), 3600);
}

TEST(PosixTz, SwitchTimesMayBeNegativeOrPastTwentyFourHours) {
    // Greenland: 22:00 on Saturday (-1 hour on the Sunday) in standard time -02 is 01:00 UTC.
    const char* nuuk = "<-02>2<-01>,M3.5.0/-1,M10.5.0/0";
    EXPECT_EQ(offset(nuuk, "2026-03-29T00:59:59Z"), -2 * 3600);
    EXPECT_EQ(offset(nuuk, "2026-03-29T01:00:00Z"), -1 * 3600);
    EXPECT_EQ(offset(nuuk, "2026-10-25T00:59:59Z"), -1 * 3600);
    EXPECT_EQ(offset(nuuk, "2026-10-25T01:00:00Z"), -2 * 3600);
    EXPECT_EQ(rule(nuuk).state_at(at("2026-07-01T00:00:00Z")).abbreviation, "-01");
    // Israel: the Thursday of the fourth week of March at 26:00, i.e. Friday 02:00.
    const char* israel = "IST-2IDT,M3.4.4/26,M10.5.0";
    EXPECT_EQ(offset(israel, "2026-03-26T23:59:59Z"), 2 * 3600);
    EXPECT_EQ(offset(israel, "2026-03-27T00:00:00Z"), 3 * 3600);
    // Daylight time all year (RFC 8536 3.3.1): ends at 25:00 on Dec 31 exactly when it starts again.
    const char* always = "EST5EDT,0/0,J365/25";
    for (const char* iso : {"2030-01-01T05:00:00Z", "2030-06-01T00:00:00Z", "2030-12-31T23:59:59Z", "2031-01-01T05:00:00Z"})
        EXPECT_EQ(offset(always, iso), -4 * 3600) << iso;
}

TEST(PosixTz, QuotedNamesAndMinutesInOffsets) {
    auto india = rule("IST-5:30").state_at(at("2035-06-01T00:00:00Z"));
    EXPECT_EQ(india.offset.count(), 5 * 3600 + 30 * 60);
    EXPECT_FALSE(india.dst);
    auto chatham = rule("<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45").state_at(at("2035-01-01T00:00:00Z"));
    EXPECT_EQ(chatham.offset.count(), 13 * 3600 + 45 * 60);
    EXPECT_EQ(chatham.abbreviation, "+1345");
    EXPECT_EQ(offset("UTC0", "2035-06-01T00:00:00Z"), 0);
    EXPECT_FALSE(rule("UTC0").has_dst());
}

TEST(PosixTz, DaylightTimeWithoutARuleFollowsTheUsRuleLikeTzcode) {
    EXPECT_EQ(offset("EST5EDT", "2026-03-08T06:59:59Z"), -5 * 3600);
    EXPECT_EQ(offset("EST5EDT", "2026-03-08T07:00:00Z"), -4 * 3600);
}

TEST(PosixTz, MalformedStringsAreRefusedWithAReason) {
    for (const char* bad : {"", "C", "CET", "CET-", "CET-25", "CET-1:60", "CET-1x", "<+05", "<+05>", "CET-1CEST,M3.5.0",
                            "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0",
                            "CET-1CEST,J0,J365", "CET-1CEST,366,0", "CET-1CEST,M3.5.0/168,M10.5.0", "CET-1CEST,X,Y",
                            "CET-1CEST,M3.5.0,M10.5.0/3junk"}) {
        auto r = PosixTz::parse(bad);
        ASSERT_FALSE(r) << "accepted '" << bad << "'";
        EXPECT_NE(r.error().message.find("TZ string '" + std::string(bad) + "'"), std::string::npos) << r.error().message;
        EXPECT_EQ(r.error().code, Errc::parse);
    }
}
