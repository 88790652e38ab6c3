// Working hours on each agent's own wall clock: zones loaded from the system's tzdata, daylight
// saving, overnight shifts, and the start-up errors of zones that cannot be loaded.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/handoff/agents_directory.hpp"
#include "handoff_test_support.hpp"

using namespace frontline;
using namespace frontline::handoff;
using nlohmann::json;

namespace {

TimePoint at(const char* iso) {
    auto t = parse_iso8601(iso);
    EXPECT_TRUE(t) << iso;
    return t.value_or(TimePoint{});
}

json agent(const std::string& handle, const std::string& zone, json hours) {
    json a = {{"handle", handle}, {"name", handle}, {"tier", "L2"}, {"teams", {"desk"}}, {"identities", {{"webchat", handle}}}};
    if (!zone.empty()) a["timezone"] = zone;
    if (!hours.is_null()) a["working_hours"] = std::move(hours);
    return a;
}

json weekdays(const char* start, const char* end) {
    return {{"days", {"mon", "tue", "wed", "thu", "fri"}}, {"start", start}, {"end", end}};
}

AgentsDirectory directory(const json& agents) {
    const json root = {{"teams", {{{"id", "desk"}, {"rooms", {{"webchat", "agents"}}}}}}, {"agents", agents}};
    auto dir = AgentsDirectory::from_json(root, "agents.json");
    EXPECT_TRUE(dir) << dir.error().message;
    auto zones = dir->resolve_time_zones(testing_support::system_zones(), "agents.json");
    EXPECT_TRUE(zones) << zones.error().message;
    return std::move(*dir);
}

}  // namespace

TEST(WorkingHours, ReadOnTheAgentsWallClockAcrossDaylightSaving) {
    const auto dir = directory(json::array({agent("rita", "Europe/Rome", weekdays("08:30", "17:30"))}));
    const Agent& rita = dir.agents().front();
    // Monday after the March switch: 06:30 UTC is 08:30 CEST.
    EXPECT_FALSE(dir.in_working_hours(rita, at("2026-03-30T06:29:59Z")));
    EXPECT_TRUE(dir.in_working_hours(rita, at("2026-03-30T06:30:00Z")));
    EXPECT_TRUE(dir.in_working_hours(rita, at("2026-03-30T15:29:59Z")));
    EXPECT_FALSE(dir.in_working_hours(rita, at("2026-03-30T15:30:00Z")));  // 17:30, the end is exclusive
    // Monday after the October switch: 06:30 UTC is only 07:30 CET; 08:30 comes at 07:30 UTC.
    EXPECT_FALSE(dir.in_working_hours(rita, at("2026-10-26T06:30:00Z")));
    EXPECT_TRUE(dir.in_working_hours(rita, at("2026-10-26T07:30:00Z")));
    EXPECT_FALSE(dir.in_working_hours(rita, at("2026-11-28T10:00:00Z")));  // Saturday
}

TEST(WorkingHours, TheWeekdayIsTheAgentsOwnToo) {
    const auto dir = directory(json::array({agent("anu", "Asia/Kolkata", weekdays("00:00", "24:00"))}));
    const Agent& anu = dir.agents().front();
    EXPECT_TRUE(dir.in_working_hours(anu, at("2026-11-29T20:00:00Z")));   // Sunday in UTC, Monday 01:30 in Kolkata
    EXPECT_FALSE(dir.in_working_hours(anu, at("2026-11-27T20:00:00Z")));  // Friday in UTC, Saturday 01:30 in Kolkata
    EXPECT_TRUE(dir.in_working_hours(anu, at("2026-11-27T18:29:59Z")));   // Friday 23:59:59 in Kolkata
}

TEST(WorkingHours, TheSameHoursInRomeAndLondonAreAnHourApart) {
    const auto dir = directory(json::array({agent("rita", "Europe/Rome", weekdays("09:00", "17:00")),
                                            agent("leo", "Europe/London", weekdays("09:00", "17:00"))}));
    const Agent& rita = dir.agents()[0];
    const Agent& leo = dir.agents()[1];
    EXPECT_TRUE(dir.in_working_hours(rita, at("2026-11-25T08:30:00Z")));  // 09:30 in Rome
    EXPECT_FALSE(dir.in_working_hours(leo, at("2026-11-25T08:30:00Z")));  // 08:30 in London
    EXPECT_FALSE(dir.in_working_hours(rita, at("2026-11-25T16:30:00Z")));
    EXPECT_TRUE(dir.in_working_hours(leo, at("2026-11-25T16:30:00Z")));
    // In summer both clocks move together.
    EXPECT_TRUE(dir.in_working_hours(rita, at("2026-07-01T07:30:00Z")));
    EXPECT_FALSE(dir.in_working_hours(leo, at("2026-07-01T07:30:00Z")));
    EXPECT_TRUE(dir.in_working_hours(leo, at("2026-07-01T08:00:00Z")));
}

TEST(WorkingHours, AnEndBeforeTheStartIsAnOvernightShiftStartingOnTheListedDay) {
    const auto dir = directory(json::array({agent("nora", "Europe/London", {{"days", {"fri"}}, {"start", "22:00"}, {"end", "06:00"}})}));
    const Agent& nora = dir.agents().front();
    EXPECT_FALSE(dir.in_working_hours(nora, at("2026-11-27T21:59:00Z")));  // Friday evening, before the shift
    EXPECT_TRUE(dir.in_working_hours(nora, at("2026-11-27T22:00:00Z")));
    EXPECT_TRUE(dir.in_working_hours(nora, at("2026-11-28T05:59:00Z")));   // Saturday morning, same shift
    EXPECT_FALSE(dir.in_working_hours(nora, at("2026-11-28T06:00:00Z")));
    EXPECT_FALSE(dir.in_working_hours(nora, at("2026-11-28T23:00:00Z")));  // Saturday night: no shift starts
    EXPECT_FALSE(dir.in_working_hours(nora, at("2026-11-27T05:00:00Z")));  // Friday morning: Thursday had none
}

TEST(WorkingHours, NoHoursMeansAlwaysAvailableAndNoTimezoneMeansUtc) {
    const auto dir = directory(json::array({agent("any", "Europe/Rome", nullptr), agent("ugo", "", weekdays("09:00", "17:00"))}));
    EXPECT_TRUE(dir.in_working_hours(dir.agents()[0], at("2026-11-28T03:00:00Z")));  // Saturday night
    const Agent& ugo = dir.agents()[1];
    EXPECT_EQ(ugo.zone, nullptr);
    EXPECT_TRUE(dir.in_working_hours(ugo, at("2026-07-01T09:00:00Z")));
    EXPECT_FALSE(dir.in_working_hours(ugo, at("2026-07-01T08:59:00Z")));
}

TEST(WorkingHours, AgentsOfOneZoneShareOneLoad) {
    const json root = {{"teams", {{{"id", "desk"}, {"rooms", {{"webchat", "agents"}}}}}},
                       {"agents", {agent("a", "Europe/Rome", nullptr), agent("b", "Europe/Rome", nullptr), agent("c", "Asia/Kolkata", nullptr)}}};
    auto dir = AgentsDirectory::from_json(root, "agents.json");
    ASSERT_TRUE(dir);
    std::vector<std::string> asked;
    auto source = [&](const std::string& name) {
        asked.push_back(name);
        return testing_support::system_zones()(name);
    };
    ASSERT_TRUE(dir->resolve_time_zones(source, "agents.json"));
    EXPECT_EQ(asked, (std::vector<std::string>{"Europe/Rome", "Asia/Kolkata"}));
    EXPECT_EQ(dir->agents()[0].zone, dir->agents()[1].zone);
    EXPECT_EQ(dir->agents()[2].zone->offset_at(at("2026-07-01T00:00:00Z")).count(), 19800);
}

TEST(WorkingHours, ZonesThatCannotBeLoadedAreStartUpErrorsNamingTheAgentsKey) {
    const json root = {{"teams", {{{"id", "desk"}, {"rooms", {{"webchat", "agents"}}}}}},
                       {"agents", {agent("a", "Europe/Rome", nullptr), agent("b", "UTC", nullptr), agent("c", "Europe/Milano", nullptr)}}};
    auto error_with = [&](ZoneSource source) {
        auto dir = AgentsDirectory::from_json(root, "agents.json");
        EXPECT_TRUE(dir);
        auto r = dir->resolve_time_zones(source, "agents.json");
        return r ? std::string("no error") : r.error().message;
    };
    const std::string unknown = error_with(testing_support::system_zones());
    EXPECT_EQ(unknown.rfind("agents.json: key 'agents[2].timezone': unknown time zone 'Europe/Milano'", 0), 0u) << unknown;
    const std::string invalid = error_with([](const std::string&) -> Result<std::string> { return std::string("not a zone"); });
    EXPECT_NE(invalid.find("agents.json: key 'agents[0].timezone': TZif data of 'Europe/Rome'"), std::string::npos) << invalid;
    const std::string unreadable = error_with(
        [](const std::string&) -> Result<std::string> { return make_error(Errc::invalid_argument, "/nowhere is not a folder"); });
    EXPECT_EQ(unreadable, "agents.json: key 'agents[0].timezone': time zone 'Europe/Rome': /nowhere is not a folder");
}
