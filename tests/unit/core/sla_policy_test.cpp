#include "core/sla_policy.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace frontline {
namespace {

using namespace std::chrono_literals;
const TimePoint kReported = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 8h;

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
        "P4": {"response_minutes": 180, "resolution_minutes": 4320}})"));
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->target(Priority::p1).response, 30min);

    auto missing = SlaPolicy::from_json(nlohmann::json::parse(R"({"P1": {"response_minutes": 30, "resolution_minutes": 120}})"));
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("sla.P2"), std::string::npos);

    auto negative = SlaPolicy::from_json(nlohmann::json::parse(R"({
        "P1": {"response_minutes": -5, "resolution_minutes": 120},
        "P2": {"response_minutes": 60, "resolution_minutes": 480},
        "P3": {"response_minutes": 180, "resolution_minutes": 1440},
        "P4": {"response_minutes": 180, "resolution_minutes": 4320}})"));
    ASSERT_FALSE(negative);
    EXPECT_NE(negative.error().message.find("sla.P1.response_minutes"), std::string::npos);

    auto inverted = SlaPolicy::from_json(nlohmann::json::parse(R"({
        "P1": {"response_minutes": 300, "resolution_minutes": 120},
        "P2": {"response_minutes": 60, "resolution_minutes": 480},
        "P3": {"response_minutes": 180, "resolution_minutes": 1440},
        "P4": {"response_minutes": 180, "resolution_minutes": 4320}})"));
    EXPECT_FALSE(inverted);
}

}  // namespace
}  // namespace frontline
