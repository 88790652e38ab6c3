// "<platform>.pace" in the config adjusts each adapter's documented delivery pace (issue 12).
#include <gtest/gtest.h>

#include "bot/runtime/pace_config.hpp"

namespace frontline {
namespace {

Result<std::map<std::string, PaceLimits>> pacing(const std::string& text) {
    auto c = Config::from_text(text, "frontline.json", {});
    if (!c) return c.error();
    return read_pacing(*c);
}

TEST(PaceConfig, EachPlatformStartsFromItsAdaptersDefaultsAndTheConfigAdjustsThem) {
    auto defaults = pacing("{}");
    ASSERT_TRUE(defaults) << defaults.error().message;
    for (const char* platform : {"webchat", "slack", "telegram", "matrix"}) EXPECT_TRUE(defaults->count(platform)) << platform;
    EXPECT_DOUBLE_EQ(defaults->at("slack").conversation_per_second, 1) << "Slack: about one message a second per channel";

    auto tuned = pacing(R"({"slack": {"pace": {"per_second": 5, "max_per_second": 8, "burst": 3, "conversation_burst": 2}}})");
    ASSERT_TRUE(tuned) << tuned.error().message;
    const auto& slack = tuned->at("slack");
    EXPECT_DOUBLE_EQ(slack.platform_per_second, 5);
    EXPECT_DOUBLE_EQ(slack.platform_max_per_second, 8);
    EXPECT_DOUBLE_EQ(slack.platform_burst, 3);
    EXPECT_DOUBLE_EQ(slack.conversation_burst, 2);
    EXPECT_DOUBLE_EQ(slack.conversation_per_second, defaults->at("slack").conversation_per_second) << "the rest kept";
    EXPECT_DOUBLE_EQ(tuned->at("telegram").platform_per_second, defaults->at("telegram").platform_per_second);
}

TEST(PaceConfig, AWrongSettingIsNamed) {
    for (const auto& [text, key] : std::vector<std::pair<std::string, std::string>>{
             {R"({"slack": {"pace": {"speed": 5}}})", "slack.pace.speed"},
             {R"({"slack": {"pace": {"per_second": -1}}})", "slack.pace.per_second"},
             {R"({"telegram": {"pace": {"burst": "lots"}}})", "telegram.pace.burst"},
             {R"({"matrix": {"pace": {"per_second": 10, "max_per_second": 5}}})", "matrix.pace.max_per_second"},
             {R"({"slack": {"pace": {"per_second": 2, "min_per_second": 3}}})", "slack.pace.min_per_second"},
             {R"({"slack": {"pace": 20}})", "slack.pace"}}) {
        auto r = pacing(text);
        ASSERT_FALSE(r) << text;
        EXPECT_NE(r.error().message.find(key), std::string::npos) << r.error().message;
    }
}

}  // namespace
}  // namespace frontline
