// The hand-off's texts: every key in English and Italian, placeholders filled once.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "core/handoff/texts.hpp"
#include "handoff_test_support.hpp"

using namespace frontline::handoff;

TEST(HandoffTexts, ShippedLocalesDefineEveryKeyWithTheSamePlaceholders) {
    Texts texts = testing_support::shipped_texts();
    ASSERT_TRUE(texts.validate()) << texts.validate().error().message;
    const auto en = nlohmann::json::parse(testing_support::read_file("config/locales/en.handoff.json"));
    const auto it = nlohmann::json::parse(testing_support::read_file("config/locales/it.handoff.json"));
    const std::regex ph("\\{(\\w+)\\}");
    for (const auto& key : Texts::required_keys()) {
        auto names = [&](const nlohmann::json& j) {
            std::set<std::string> out;
            const std::string s = j[key].get<std::string>();
            for (std::sregex_iterator m(s.begin(), s.end(), ph), end; m != end; ++m) out.insert((*m)[1]);
            return out;
        };
        EXPECT_EQ(names(en), names(it)) << key;
    }
    EXPECT_EQ(en.size(), Texts::required_keys().size());  // no stray keys either
    EXPECT_EQ(it.size(), Texts::required_keys().size());
}

TEST(HandoffTexts, FillsPlaceholdersOnceAndFallsBackToEnglish) {
    Texts t;
    ASSERT_TRUE(t.add_language("en", {{"greet", "Hi {name}, {ticket} is open"}}, "en"));
    ASSERT_TRUE(t.add_language("it", nlohmann::json::object(), "it"));
    EXPECT_EQ(t.get("en", "greet", {{"name", "{ticket}"}, {"ticket", "INC-000001"}}), "Hi {ticket}, INC-000001 is open");
    EXPECT_EQ(t.get("it", "greet", {{"name", "Ada"}, {"ticket", "INC-1"}}), "Hi Ada, INC-1 is open");
    EXPECT_EQ(t.get("de", "missing.key"), "missing.key");
    EXPECT_FALSE(t.validate());  // "it" lacks every required key
}

TEST(HandoffTexts, BadLocaleFileIsRefusedNamingTheKey) {
    Texts t;
    auto r = t.add_language("en", {{"handoff.refused", 3}}, "config/locales/en.handoff.json");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("config/locales/en.handoff.json: key 'handoff.refused'"), std::string::npos);
}
