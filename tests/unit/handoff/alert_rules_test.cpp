// Alert mapping rules: the first rule whose matchers all hold wins, else the default; mistakes in
// the section are errors naming the key.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/handoff/alert_rules.hpp"

using namespace frontline;
using namespace frontline::handoff;
using nlohmann::json;

namespace {

const json kSection = json::parse(R"({
  "default": {"category": "outage", "impact": "low", "urgency": "medium"},
  "rules": [
    {"name": "vpn-critical", "match": {"service": "vpn", "severity": "critical"}, "category": "network/vpn",
     "affected_service": "VPN", "impact": "high", "urgency": "high", "auto_resolve": true, "team": "infrastructure"},
    {"match": {"service": "vpn"}, "category": "network/vpn"}
  ]
})");

}  // namespace

TEST(AlertRules, FirstMatchingRuleElseTheDefault) {
    auto rules = AlertRules::from_json(kSection, "frontline.json");
    ASSERT_TRUE(rules) << rules.error().message;
    const AlertRule& critical = rules->match({{"service", "vpn"}, {"severity", "critical"}, {"instance", "gw1"}});
    EXPECT_EQ(critical.name, "vpn-critical");
    EXPECT_EQ(critical.impact, Level::high);
    EXPECT_TRUE(critical.auto_resolve);
    EXPECT_EQ(critical.team, "infrastructure");
    const AlertRule& warning = rules->match({{"service", "vpn"}, {"severity", "warning"}});
    EXPECT_EQ(warning.name, "rules[1]");
    EXPECT_FALSE(warning.auto_resolve);
    EXPECT_EQ(warning.impact, Level::low);  // unset fields follow the default
    EXPECT_TRUE(warning.affected_service.empty());
    EXPECT_TRUE(warning.team.empty());  // no team: the escalation rules decide
    const AlertRule& other = rules->match({{"alertname", "DiskFull"}});
    EXPECT_EQ(other.name, "default");
    EXPECT_EQ(other.category, "outage");
}

TEST(AlertRules, AbsentSectionSendsEverythingToOutage) {
    auto rules = AlertRules::from_json(json(), "frontline.json");
    ASSERT_TRUE(rules);
    EXPECT_EQ(rules->match({{"a", "b"}}).category, "outage");
    EXPECT_FALSE(rules->match({}).auto_resolve);
}

TEST(AlertRules, MistakesNameTheKey) {
    auto check = [](const char* text, const char* key) {
        auto r = AlertRules::from_json(json::parse(text), "frontline.json");
        ASSERT_FALSE(r) << text;
        EXPECT_NE(r.error().message.find(key), std::string::npos) << r.error().message;
    };
    check(R"({"rules": [{"category": "network"}]})", "rules[0].match");
    check(R"({"rules": [{"match": {"service": "vpn"}}]})", "rules[0].category");
    check(R"({"rules": [{"match": {"service": "vpn"}, "category": "network", "impact": "huge"}]})", "rules[0].impact");
    check(R"({"rules": [{"match": {"service": 3}, "category": "network"}]})", "rules[0].match.service");
    check(R"({"rules": [{"match": {"service": "vpn"}, "category": "network", "auto_resolve": "yes"}]})", "rules[0].auto_resolve");
    check(R"({"rules": [{"match": {"service": "vpn"}, "category": "network", "team": 7}]})", "rules[0].team");
    check(R"({"rules": [{"match": {"service": "vpn"}, "category": "network", "owner": "net"}]})", "rules[0].owner");
    check(R"({"default": {"match": {"a": "b"}, "category": "outage"}})", "default.match");
    check(R"({"rules": {}})", "alertmanager.rules");
}

TEST(AlertRules, GroupLabelsForMatchingAreTheSharedOnes) {
    AlertNotice n;
    n.common_labels = {{"service", "vpn"}};
    n.group_labels = {{"alertname", "VpnDown"}};
    n.alerts.push_back(AlertItem{"f1", true, {{"service", "vpn"}, {"instance", "a"}}, {}, {}, {}, ""});
    auto labels = labels_for_matching(n);
    EXPECT_EQ(labels.at("service"), "vpn");
    EXPECT_EQ(labels.at("alertname"), "VpnDown");
    EXPECT_FALSE(labels.count("instance"));
    n.common_labels.clear();  // nothing shared: the first alert speaks for the group
    EXPECT_EQ(labels_for_matching(n).at("instance"), "a");
}
