// Risk rules: which fire on what people write, the floor they set together, and bad rules refused.
#include <gtest/gtest.h>

#include "core/engine/config_parsers.hpp"
#include "core/engine/risk_rules.hpp"

namespace frontline {
namespace {

const std::vector<RiskRule> kRules = {
    {"phished", Level::medium, Level::high, {{"link", "sito"}, {"entered", "inserito"}, {"password"}}},
    {"everyone", Level::high, std::nullopt, {{"everyone", "tutto l ufficio", "nessun*"}}},
};

TEST(RiskRules, EveryGroupMustMatchForARuleToFire) {
    EXPECT_FALSE(assess_risk(kRules, "I clicked a link"));
    EXPECT_FALSE(assess_risk(kRules, "I entered my password"));
    const auto r = assess_risk(kRules, "Ho cliccato su un link e ho INSERITO la password");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->rules, std::vector<std::string>{"phished"});
    EXPECT_EQ(r->impact, Level::medium);
    EXPECT_EQ(r->urgency, Level::high);
}

TEST(RiskRules, PhrasesMatchOnFoldedWordsAndFloorsCombineToTheHighest) {
    const auto r = assess_risk(kRules, "Tutto l'ufficio: ho inserito la password sul sito, è grave");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->rules, (std::vector<std::string>{"phished", "everyone"}));
    EXPECT_EQ(r->impact, Level::high);
    EXPECT_EQ(r->urgency, Level::high);
    EXPECT_TRUE(assess_risk(kRules, "nessuno riesce a lavorare"));   // a '*' term matches endings
    EXPECT_FALSE(assess_risk(kRules, "everyones"));                   // a plain term is a whole word
    EXPECT_EQ(higher_level(Level::low, Level::medium), Level::medium);
    EXPECT_EQ(higher_level(Level::high, Level::medium), Level::high);
}

std::string classifier_with(const std::string& rules) {
    return R"({"types": {}, "categories": {}, "risk_rules": )" + rules + "}";
}

TEST(RiskRules, BadRulesAreRefusedNamingTheRule) {
    EXPECT_TRUE(parse_classifier(classifier_with(R"([{"id": "x", "urgency": "high", "all_of": [["a"]]}])"), "c.json"));
    for (const char* bad : {
             R"({"id": "x"})",
             R"([{"id": "x", "urgency": "urgent", "all_of": [["a"]]}])",
             R"([{"id": "x", "all_of": [["a"]]}])",
             R"([{"id": "x", "impact": "high", "all_of": []}])",
             R"([{"id": "x", "impact": "high", "all_of": [[]]}])",
             R"([{"id": "x", "impact": "high", "all_of": [["a", 3]]}])",
         }) {
        auto r = parse_classifier(classifier_with(bad), "c.json");
        ASSERT_FALSE(r) << bad;
        EXPECT_NE(r.error().message.find("c.json: risk_rules"), std::string::npos) << r.error().message;
    }
}

}  // namespace
}  // namespace frontline
