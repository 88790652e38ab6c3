// agents.json: the shipped example loads; every kind of mistake is refused naming the file and key.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/handoff/agents_directory.hpp"
#include "handoff_test_support.hpp"

using namespace frontline;
using namespace frontline::handoff;
using nlohmann::json;

namespace {

json minimal() {
    return json::parse(R"({
      "teams": [{"id": "desk", "rooms": {"webchat": "agents"}}],
      "agents": [{"handle": "alice", "name": "Alice", "tier": "L2", "teams": ["desk"], "identities": {"webchat": "alice"}}]
    })");
}

std::string error_of(const json& j) {
    auto r = AgentsDirectory::from_json(j, "agents.json");
    return r ? std::string("no error") : r.error().message;
}

}  // namespace

TEST(AgentsDirectory, ShippedExampleLoadsWithWebchatRoomsForEveryTeam) {
    auto dir = AgentsDirectory::from_text(testing_support::read_file("config/agents.example.json"), "agents.example.json");
    ASSERT_TRUE(dir) << dir.error().message;
    EXPECT_GE(dir->agents().size(), 4u);
    for (const auto& t : dir->teams()) EXPECT_TRUE(t.rooms.count("webchat")) << t.id;
    ASSERT_NE(dir->security_officer(), nullptr);
    EXPECT_EQ(dir->security_officer()->tier, Tier::l3);
    const Agent* bruno = dir->agent_by_identity({"telegram", "5512345678"});
    ASSERT_NE(bruno, nullptr);  // numeric Telegram ids are accepted and kept as text
    EXPECT_EQ(bruno->handle, "bruno");
}

TEST(AgentsDirectory, FindsAgentsByHandleNameAndTheEventsNeutralMentions) {
    auto dir = AgentsDirectory::from_text(testing_support::read_file("config/agents.example.json"), "x");
    ASSERT_TRUE(dir);
    EXPECT_EQ(dir->agent_by_reference("@alice")->handle, "alice");
    EXPECT_EQ(dir->agent_by_reference("Alice Romano")->handle, "alice");
    // A codec writes a platform mention as "@" + user id and lists the identity in the event.
    const std::vector<Identity> mentions = {{"slack", "U0NOBODY"}, {"slack", "U0CHIARA"}};
    EXPECT_EQ(dir->agent_by_reference("@U0CHIARA", mentions)->handle, "chiara");
    EXPECT_EQ(dir->agent_by_reference("@U0NOBODY", mentions), nullptr);
    // Without the identity in the event, a user id is just an unknown name: no platform syntax here.
    EXPECT_EQ(dir->agent_by_reference("@U0CHIARA"), nullptr);
    EXPECT_EQ(dir->agent_by_reference("<@U0CHIARA>"), nullptr);
    // An id that starts with '@' (Matrix) is written once.
    EXPECT_EQ(dir->agent_by_reference("@chiara:example.org", {{"matrix", "@chiara:example.org"}})->handle, "chiara");
    EXPECT_EQ(dir->agent_by_reference("mallory"), nullptr);
    EXPECT_EQ(dir->agent_by_identity({"slack", "U0NOBODY"}), nullptr);
}

TEST(AgentsDirectory, OnCallFollowsTheWeeklyRotationAndDateOverrides) {
    auto dir = AgentsDirectory::from_text(testing_support::read_file("config/agents.example.json"), "x");
    ASSERT_TRUE(dir);
    const Team& desk = *dir->team("service-desk");
    auto at = [](const char* day) { return TimePoint{*parse_date(day)} + std::chrono::hours{10}; };
    auto who = [&](const char* day) {
        auto list = dir->on_call(desk, at(day));
        return list.size() == 1 ? list.front()->handle : std::string("?");
    };
    EXPECT_EQ(who("2026-11-02"), "alice");  // rotation start, week 0
    EXPECT_EQ(who("2026-11-09"), "bruno");  // week 1
    EXPECT_EQ(who("2026-11-16"), "enzo");   // week 2
    EXPECT_EQ(who("2026-11-23"), "alice");  // wraps
    EXPECT_EQ(who("2026-10-31"), "enzo");   // before the start: the week before week 0
    EXPECT_EQ(who("2026-12-25"), "chiara"); // override by date
    EXPECT_TRUE(dir->on_call(*dir->team("security"), at("2026-11-02")).empty());
}

TEST(AgentsDirectory, ErrorsNameTheFileAndTheKey) {
    struct Case { std::function<void(json&)> break_it; std::string expected; };
    const std::vector<Case> cases = {
        {[](json& j) { j.erase("teams"); }, "agents.json: key 'teams'"},
        {[](json& j) { j["agents"][0]["tier"] = "L1"; }, "key 'agents[0].tier': expected L2 or L3"},
        {[](json& j) { j["agents"][0]["tier"] = "boss"; }, "key 'agents[0].tier'"},
        {[](json& j) { j["agents"][0]["teams"] = json::array({"nope"}); }, "key 'agents[0].teams': unknown team 'nope'"},
        {[](json& j) { j["agents"][0]["identities"] = json::object({{"icq", "1"}}); }, "key 'agents[0].identities.icq': unknown platform"},
        {[](json& j) { j["agents"][0]["identities"] = json::object(); }, "key 'agents[0].identities'"},
        {[](json& j) { j["agents"].push_back(j["agents"][0]); }, "duplicate handle 'alice'"},
        {[](json& j) { auto b = j["agents"][0]; b["handle"] = "bob"; j["agents"].push_back(b); }, "identity already belongs to agent 'alice'"},
        {[](json& j) { j["agents"][0]["working_hours"] = {{"days", {"mon"}}, {"start", "9am"}, {"end", "17:00"}}; }, "working_hours.start': expected HH:MM"},
        {[](json& j) { j["agents"][0]["working_hours"] = {{"days", {"funday"}}, {"start", "09:00"}, {"end", "17:00"}}; }, "unknown weekday 'funday'"},
        {[](json& j) { j["agents"][0]["working_hours"] = {{"days", {"mon"}}, {"start", "09:00"}, {"end", "09:00"}}; }, "working_hours.end': must differ from start"},
        {[](json& j) { j["agents"][0]["working_hours"] = {{"days", {"mon"}}, {"start", "24:00"}, {"end", "09:00"}}; }, "working_hours.start': must be before 24:00"},
        {[](json& j) { j["agents"][0]["timezone"] = "../../etc/passwd"; }, "key 'agents[0].timezone': '../../etc/passwd' is not an IANA time zone name"},
        {[](json& j) { j["agents"][0]["timezone"] = "/etc/localtime"; }, "key 'agents[0].timezone'"},
        {[](json& j) { j["teams"][0]["rooms"] = json::object(); }, "key 'teams[0].rooms'"},
        {[](json& j) { j["teams"][0]["relay_mode"] = "everything"; }, "key 'teams[0].relay_mode': expected \"explicit\" or \"thread\""},
        {[](json& j) { j["teams"][0]["on_call"] = {{"starts", "2026-13-01"}, {"weeks", {{"alice"}}}}; }, "on_call.starts': expected a date"},
        {[](json& j) { j["teams"][0]["on_call"] = {{"starts", "2026-11-02"}, {"weeks", {{"zed"}}}}; }, "on_call.weeks[0]': unknown agent 'zed'"},
        {[](json& j) { j["teams"][0]["on_call"] = {{"starts", "2026-11-02"}, {"weeks", {{"alice"}}}, {"overrides", {{{"date", "2026-12-25"}, {"agents", {"zed"}}}}}}; }, "overrides[0].agents': unknown agent 'zed'"},
        {[](json& j) { j["security_officer"] = "zed"; }, "key 'security_officer': unknown agent 'zed'"},
        {[](json& j) { j["teams"].push_back(j["teams"][0]); }, "duplicate team id 'desk'"},
    };
    for (const auto& c : cases) {
        json j = minimal();
        c.break_it(j);
        const std::string err = error_of(j);
        EXPECT_NE(err.find(c.expected), std::string::npos) << "expected '" << c.expected << "' in: " << err;
    }
    EXPECT_EQ(error_of(minimal()), "no error");
}

TEST(AgentsDirectory, MalformedJsonIsAParseErrorNamingTheFile) {
    auto r = AgentsDirectory::from_text("{\"teams\": [", "config/agents.json");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::parse);
    EXPECT_NE(r.error().message.find("config/agents.json: not valid JSON"), std::string::npos);
}
