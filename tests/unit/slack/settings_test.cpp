#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "adapters/slack/slack_settings.hpp"

using namespace frontline;
using namespace frontline::slack;
using nlohmann::json;

namespace {
EnvLookup env_with(std::string bot, std::string app) {
    return [bot, app](const std::string& var) -> std::optional<std::string> {
        if (var == "FRONTLINE_SLACK_BOT_TOKEN") return bot;
        if (var == "FRONTLINE_SLACK_APP_TOKEN") return app;
        return std::nullopt;
    };
}
const json kSection = json::parse(R"({"enabled":true,"api_base_url":"http://127.0.0.1:9/api","app_token_env":"FRONTLINE_SLACK_APP_TOKEN",
    "bot_token_env":"FRONTLINE_SLACK_BOT_TOKEN"})");
}  // namespace

TEST(SlackSettings, ReadsKeysAndTokensFromTheNamedVariables) {
    auto s = settings_from_json(kSection, env_with("xoxb-1", "xapp-2"));
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->api_base_url, "http://127.0.0.1:9/api/");
    EXPECT_TRUE(s->agents_channels.empty()) << "the rooms come from agents.file, not from this section";
    EXPECT_EQ(s->bot_token, "xoxb-1");
    EXPECT_EQ(s->app_token, "xapp-2");
    EXPECT_EQ(s->slash_command, "/frontline");
    EXPECT_EQ(s->connections, 1);
}

TEST(SlackSettings, MissingTokenNamesTheVariable) {
    auto s = settings_from_json(kSection, env_with("xoxb-1", ""));
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("FRONTLINE_SLACK_APP_TOKEN"), std::string::npos);
    EXPECT_NE(s.error().message.find("slack.app_token_env"), std::string::npos);
}

TEST(SlackSettings, TokensSwappedAreRefusedWithoutPrintingThem) {
    auto s = settings_from_json(kSection, env_with("xapp-secret-app", "xoxb-secret-bot"));
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("xoxb-"), std::string::npos);  // says what a bot token looks like
    EXPECT_EQ(s.error().message.find("secret"), std::string::npos);
}

TEST(SlackSettings, BadKeysAreNamed) {
    auto bad_url = kSection;
    bad_url["api_base_url"] = "slack.com";
    auto s = settings_from_json(bad_url, env_with("xoxb-1", "xapp-2"));
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("slack.api_base_url"), std::string::npos);
    auto bad_conns = kSection;
    bad_conns["connections"] = 11;
    s = settings_from_json(bad_conns, env_with("xoxb-1", "xapp-2"));
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("slack.connections"), std::string::npos);
    auto wrong_type = kSection;
    wrong_type["slash_command"] = 42;
    EXPECT_FALSE(settings_from_json(wrong_type, env_with("xoxb-1", "xapp-2")));
    EXPECT_FALSE(settings_from_json(json::array(), env_with("xoxb-1", "xapp-2")));
}

TEST(SlackSettings, TheRetiredAgentsChannelKeyIsALoudErrorPointingToAgentsFile) {
    // It once named a channel while the cards went to the team's room in agents.file.
    auto old = kSection;
    old["agents_channel"] = "C0SERVICEDESK";
    auto s = settings_from_json(old, env_with("xoxb-1", "xapp-2"));
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("slack.agents_channel"), std::string::npos) << s.error().message;
    EXPECT_NE(s.error().message.find("agents.file"), std::string::npos) << s.error().message;
}
