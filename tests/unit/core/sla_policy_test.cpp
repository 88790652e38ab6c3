#include "core/sla_policy.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace frontline {
namespace {

using namespace std::chrono_literals;
const TimePoint kReported = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 8h;

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

// A Rome office, Mon-Fri 09:00-18:00, P1 in wall time, the rest in working time; the network team
// works 08:00-20:00.
SlaPolicy office_policy() {
    auto p = SlaPolicy::from_json(nlohmann::json::parse(R"({
        "P1": {"response_minutes": 60, "resolution_minutes": 240, "counts": "wall"},
        "P2": {"response_minutes": 120, "resolution_minutes": 480, "counts": "working"},
        "P3": {"response_minutes": 180, "resolution_minutes": 1440},
        "P4": {"response_minutes": 180, "resolution_minutes": 4320},
        "calendars": {
            "default": {"time_zone": "Europe/Rome", "holidays": ["2026-12-25"],
                        "hours": {"mon": "09:00-18:00", "tue": "09:00-18:00", "wed": "09:00-18:00",
                                  "thu": "09:00-18:00", "fri": "09:00-18:00"}},
            "network": {"time_zone": "Europe/Rome",
                        "hours": {"mon": "08:00-20:00", "tue": "08:00-20:00", "wed": "08:00-20:00",
                                  "thu": "08:00-20:00", "fri": "08:00-20:00"}}}})"),
                                  system_zone);
    EXPECT_TRUE(p) << p.error().message;
    return p ? *p : SlaPolicy{};
}

Ticket reported_at(Priority p, const char* iso) {
    Ticket t;
    t.id = TicketId{TicketType::incident, 2};
    t.priority = p;
    t.reported_at = at(iso);
    return t;
}

Ticket reported(Priority p) {
    Ticket t;
    t.id = TicketId{TicketType::incident, 1};
    t.priority = p;
    t.reported_at = kReported;
    return t;
}

TEST(SlaPolicy, DefaultsAreTheServicesPromise) {
    const SlaPolicy sla;
    EXPECT_EQ(sla.target(Priority::p1).response, 1h);
    EXPECT_EQ(sla.target(Priority::p2).response, 2h);
    EXPECT_EQ(sla.target(Priority::p3).response, 3h);
    EXPECT_EQ(sla.target(Priority::p4).response, 3h);
    EXPECT_EQ(sla.target(Priority::p1).resolution, 4h);
    EXPECT_EQ(sla.target(Priority::p2).resolution, 8h);
    EXPECT_EQ(sla.target(Priority::p3).resolution, 24h);
    EXPECT_EQ(sla.target(Priority::p4).resolution, 72h);
}

TEST(SlaPolicy, DueTimesCountFromTheReport) {
    Ticket t = reported(Priority::p2);
    SlaPolicy{}.apply(t);
    EXPECT_EQ(t.sla.response_due, kReported + 2h);
    EXPECT_EQ(t.sla.resolution_due, kReported + 8h);
}

TEST(SlaPolicy, PendingUserTimeDoesNotCount) {
    Ticket t = reported(Priority::p1);
    const SlaPolicy sla;
    sla.apply(t);
    sla_pause(t, kReported + 1h);
    sla_pause(t, kReported + 2h);  // idempotent: the first pause start stands
    EXPECT_EQ(sla_remaining(t, *t.sla.resolution_due, kReported + 3h), 3h) << "the clock stood still while paused";
    sla_resume(t, kReported + 4h);
    sla_resume(t, kReported + 5h);  // idempotent
    EXPECT_EQ(t.sla.paused_total, 3h);
    EXPECT_EQ(t.sla.resolution_due, kReported + 4h + 3h);
    EXPECT_EQ(sla_remaining(t, *t.sla.resolution_due, kReported + 6h), 1h);

    // A later priority change recomputes from the report and keeps the paused time out.
    t.priority = Priority::p3;
    sla.apply(t);
    EXPECT_EQ(t.sla.resolution_due, kReported + 24h + 3h);
}

TEST(SlaPolicy, RemainingGoesNegativeOnBreach) {
    Ticket t = reported(Priority::p1);
    SlaPolicy{}.apply(t);
    EXPECT_EQ(sla_remaining(t, *t.sla.response_due, kReported + 90min), -30min);
}

TEST(SlaPolicy, ReadsConfigAndRejectsNonsense) {
    auto ok = SlaPolicy::from_json(nlohmann::json::parse(R"({
        "P1": {"response_minutes": 30, "resolution_minutes": 120},
        "P2": {"response_minutes": 60, "resolution_minutes": 480},
        "P3": {"response_minutes": 180, "resolution_minutes": 1440},
        "P4": {"response_minutes": 180, "resolution_minutes": 4320}})"), system_zone);
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->target(Priority::p1).response, 30min);

    auto missing = SlaPolicy::from_json(nlohmann::json::parse(R"({"P1": {"response_minutes": 30, "resolution_minutes": 120}})"), system_zone);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("sla.P2"), std::string::npos);

    auto negative = SlaPolicy::from_json(nlohmann::json::parse(R"({
        "P1": {"response_minutes": -5, "resolution_minutes": 120},
        "P2": {"response_minutes": 60, "resolution_minutes": 480},
        "P3": {"response_minutes": 180, "resolution_minutes": 1440},
        "P4": {"response_minutes": 180, "resolution_minutes": 4320}})"), system_zone);
    ASSERT_FALSE(negative);
    EXPECT_NE(negative.error().message.find("sla.P1.response_minutes"), std::string::npos);

    auto inverted = SlaPolicy::from_json(nlohmann::json::parse(R"({
        "P1": {"response_minutes": 300, "resolution_minutes": 120},
        "P2": {"response_minutes": 60, "resolution_minutes": 480},
        "P3": {"response_minutes": 180, "resolution_minutes": 1440},
        "P4": {"response_minutes": 180, "resolution_minutes": 4320}})"), system_zone);
    EXPECT_FALSE(inverted);
}

TEST(SlaPolicy, WorkingTimeDueTimesSkipTheWeekendAndTheHoliday) {
    const auto sla = office_policy();
    // P2 reported Thursday 24 December 16:00 Rome (15:00Z): response 2 working hours: the 2 hours
    // left on Thursday; resolution 8 working hours: Christmas and the weekend skipped, 6 on Monday.
    Ticket t = reported_at(Priority::p2, "2026-12-24T15:00:00Z");
    sla.apply(t);
    EXPECT_EQ(t.sla.response_due, at("2026-12-24T17:00:00Z"));
    EXPECT_EQ(t.sla.resolution_due, at("2026-12-28T14:00:00Z"));
    // The warning comes at 75% of the target: 90 working minutes and 6 working hours.
    EXPECT_EQ(sla.warning_at(t, SlaClockKind::response), at("2026-12-24T16:30:00Z"));
    EXPECT_EQ(sla.warning_at(t, SlaClockKind::resolution), at("2026-12-28T12:00:00Z"));
}

TEST(SlaPolicy, P1CountsWallTimeThroughTheNight) {
    const auto sla = office_policy();
    Ticket t = reported_at(Priority::p1, "2026-12-24T22:00:00Z");
    sla.apply(t);
    EXPECT_EQ(t.sla.response_due, at("2026-12-24T23:00:00Z"));
    EXPECT_EQ(t.sla.resolution_due, at("2026-12-25T02:00:00Z"));
    EXPECT_EQ(sla.warning_at(t, SlaClockKind::response), at("2026-12-24T22:45:00Z"));
}

TEST(SlaPolicy, ATeamCountsOnItsOwnCalendar) {
    const auto sla = office_policy();
    Ticket t = reported_at(Priority::p2, "2026-11-05T17:00:00Z");  // Thursday 18:00 Rome
    sla.apply(t);
    EXPECT_EQ(t.sla.response_due, at("2026-11-06T10:00:00Z")) << "default calendar: Friday 09:00 + 2h";
    t.sla.calendar = "network";
    sla.apply(t);
    EXPECT_EQ(t.sla.response_due, at("2026-11-05T19:00:00Z")) << "network works until 20:00";
}

TEST(SlaPolicy, PauseAndResumeAreExactInWorkingTime) {
    const auto sla = office_policy();
    // P3 reported Monday 9 November 09:00 Rome (08:00Z): resolution 24 working hours.
    Ticket t = reported_at(Priority::p3, "2026-11-09T08:00:00Z");
    sla.apply(t);
    EXPECT_EQ(t.sla.resolution_due, at("2026-11-11T14:00:00Z")) << "9 h Monday, 9 h Tuesday, 6 h Wednesday: 15:00 Rome";
    // Waiting for the user from Monday 17:00 Rome to Tuesday 11:00 Rome: 1 h Monday + 2 h Tuesday.
    sla_pause(t, at("2026-11-09T16:00:00Z"));
    EXPECT_EQ(sla.consumed(t, at("2026-11-10T09:00:00Z")), 8h) << "the clock stood still while paused";
    sla.resume(t, at("2026-11-10T10:00:00Z"));
    sla.resume(t, at("2026-11-10T12:00:00Z"));  // idempotent
    EXPECT_EQ(t.sla.paused_total, 18h);
    EXPECT_EQ(t.sla.paused_working, 3h);
    EXPECT_EQ(t.sla.resolution_due, at("2026-11-11T17:00:00Z")) << "pushed back by 3 working hours: Wednesday 18:00 Rome";
    EXPECT_EQ(sla.consumed(t, at("2026-11-11T17:00:00Z")), 24h);
    // A later priority change to P1 counts wall time and keeps the wall pause out.
    t.priority = Priority::p1;
    sla.apply(t);
    EXPECT_EQ(t.sla.resolution_due, at("2026-11-09T08:00:00Z") + 4h + 18h);
}

TEST(SlaPolicy, ReadsSecondsCountingAndShare) {
    auto ok = SlaPolicy::from_json(nlohmann::json::parse(R"({
        "P1": {"response_seconds": 4, "resolution_seconds": 8},
        "P2": {"response_minutes": 60, "resolution_minutes": 480, "counts": "wall"},
        "P3": {"response_minutes": 180, "resolution_minutes": 1440},
        "P4": {"response_minutes": 180, "resolution_minutes": 4320}, "warning_share": 0.5})"), system_zone);
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->target(Priority::p1).response, 4s);
    EXPECT_EQ(ok->target(Priority::p2).counts, SlaCounting::wall);
    EXPECT_EQ(ok->target(Priority::p3).counts, SlaCounting::working);
    EXPECT_DOUBLE_EQ(ok->warning_share(), 0.5);
    EXPECT_DOUBLE_EQ(SlaPolicy{}.warning_share(), 0.75);

    const std::string rows = R"("P2": {"response_minutes": 60, "resolution_minutes": 480},
        "P3": {"response_minutes": 180, "resolution_minutes": 1440},
        "P4": {"response_minutes": 180, "resolution_minutes": 4320})";
    auto read = [&](const std::string& extra) {
        return SlaPolicy::from_json(nlohmann::json::parse("{" + rows + ", " + extra + "}"), system_zone);
    };
    auto counts = read(R"("P1": {"response_minutes": 1, "resolution_minutes": 2, "counts": "sometimes"})");
    ASSERT_FALSE(counts);
    EXPECT_NE(counts.error().message.find("sla.P1.counts"), std::string::npos);
    for (const char* share : {"0", "1", "1.5", "\"most\""}) {
        auto bad = read(std::string(R"("P1": {"response_minutes": 1, "resolution_minutes": 2}, "warning_share": )") + share);
        ASSERT_FALSE(bad) << share;
        EXPECT_NE(bad.error().message.find("sla.warning_share"), std::string::npos);
    }
    auto calendar = read(R"("P1": {"response_minutes": 1, "resolution_minutes": 2}, "calendars": {"network": {"hours": {}}})");
    ASSERT_FALSE(calendar);
    EXPECT_NE(calendar.error().message.find("sla.calendars.network"), std::string::npos);
}

}  // namespace
}  // namespace frontline
