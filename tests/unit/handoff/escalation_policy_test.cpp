// Escalation routes: rules by category and priority, P1 and data breach straight to L3, config errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/handoff/escalation_policy.hpp"
#include "handoff_test_support.hpp"

using namespace frontline;
using namespace frontline::handoff;
using nlohmann::json;

namespace {

struct Shipped {
    AgentsDirectory dir;
    EscalationPolicy policy;
};

Shipped shipped() {
    const auto root = json::parse(testing_support::read_file("config/agents.example.json"));
    auto dir = AgentsDirectory::from_json(root, "x");
    auto policy = EscalationPolicy::from_json(root, "x", *dir);
    EXPECT_TRUE(policy) << policy.error().message;
    return {std::move(*dir), std::move(*policy)};
}

Ticket ticket(const std::string& category, Priority p) {
    Ticket t;
    t.category = category;
    t.priority = p;
    t.tier = Tier::l2;
    return t;
}

}  // namespace

TEST(EscalationPolicy, RoutesByCategoryAndPriority) {
    auto s = shipped();
    auto r = s.policy.route(ticket("network", Priority::p3));
    EXPECT_EQ(r.team, "service-desk");
    EXPECT_EQ(r.l3_team, "infrastructure");
    EXPECT_EQ(r.tier, Tier::l2);
    EXPECT_EQ(r.mention, MentionMode::on_call);
    EXPECT_EQ(r.reping_every, std::chrono::minutes{15});
    EXPECT_EQ(r.tier_up_after, std::chrono::minutes{60});
    auto p1 = s.policy.route(ticket("network", Priority::p1));
    EXPECT_EQ(p1.tier, Tier::l3);  // P1 goes straight to L3
    EXPECT_EQ(p1.mention, MentionMode::team);
    EXPECT_EQ(p1.reping_every, std::chrono::minutes{5});
    auto breach = s.policy.route(ticket("data_breach", Priority::p1));
    EXPECT_EQ(breach.team, "security");
    EXPECT_EQ(breach.tier, Tier::l3);
    EXPECT_TRUE(s.policy.is_breach(ticket("data_breach", Priority::p3)));
    EXPECT_FALSE(s.policy.is_breach(ticket("security", Priority::p3)));
    EXPECT_EQ(s.policy.breach().notification_deadline, std::chrono::hours{72});
}

TEST(EscalationPolicy, ATicketsOwnTeamWinsOverTheRulesAtBothTiers) {
    auto s = shipped();
    Ticket t = ticket("network", Priority::p3);
    t.team = "security";
    auto r = s.policy.route(t);
    EXPECT_EQ(r.team, "security");
    EXPECT_EQ(r.l3_team, "security");
    EXPECT_EQ(r.reping_every, std::chrono::minutes{15});  // the rest of the matching route stays
    // A team the agents file no longer lists falls back to the rules, not to a room nobody reads.
    t.team = "dissolved";
    EXPECT_EQ(s.policy.route(t).team, "service-desk");
}

TEST(EscalationPolicy, ErrorsNameTheKey) {
    const auto base = json::parse(testing_support::read_file("config/agents.example.json"));
    auto dir = AgentsDirectory::from_json(base, "agents.json");
    ASSERT_TRUE(dir);
    struct Case { std::function<void(json&)> f; std::string expected; };
    const std::vector<Case> cases = {
        {[](json& j) { j["escalation"]["default"]["team"] = "nobody"; }, "key 'escalation.default.team'"},
        {[](json& j) { j["escalation"]["rules"][0]["tier"] = "L1"; }, "key 'escalation.rules[0].tier'"},
        {[](json& j) { j["escalation"]["rules"][1]["priority"] = "P7"; }, "key 'escalation.rules[1].priority'"},
        {[](json& j) { j["escalation"]["rules"][0]["mention"] = "everyone"; }, "key 'escalation.rules[0].mention'"},
        {[](json& j) { j["escalation"]["default"]["reping_minutes"] = 0; }, "key 'escalation.default.reping_minutes'"},
        {[](json& j) { j["escalation"]["sla_warning_minutes"] = 15; }, "key 'escalation.sla_warning_minutes': replaced by \"sla.warning_share\""},
        {[](json& j) { j["data_breach"]["notification_deadline_hours"] = -1; }, "key 'data_breach.notification_deadline_hours'"},
        {[](json& j) { j["data_breach"]["warn_before_hours"] = {100}; }, "key 'data_breach.warn_before_hours'"},
    };
    for (const auto& c : cases) {
        json j = base;
        c.f(j);
        auto r = EscalationPolicy::from_json(j, "agents.json", *dir);
        ASSERT_FALSE(r) << c.expected;
        EXPECT_NE(r.error().message.find("agents.json: " + c.expected), std::string::npos) << r.error().message;
    }
}

TEST(EscalationPolicy, ConfigurableBreachDeadline) {
    auto root = json::parse(testing_support::read_file("config/agents.example.json"));
    root["data_breach"]["notification_deadline_hours"] = 48;
    auto dir = AgentsDirectory::from_json(root, "x");
    auto p = EscalationPolicy::from_json(root, "x", *dir);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->breach().notification_deadline, std::chrono::hours{48});
}
