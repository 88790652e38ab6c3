// The "telegram" config section and its secrets.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/telegram/telegram_settings.hpp"

namespace frontline::telegram {
namespace {

const std::string kToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

EnvLookup env(std::map<std::string, std::string> vars) {
    return [vars](const std::string& k) -> std::optional<std::string> {
        auto it = vars.find(k);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

TEST(TelegramSettings, DefaultsAndTheTokenFromTheNamedVariable) {
    auto s = settings_from_json(nlohmann::json::parse(R"({"enabled":true})"), "",
                                env({{"FRONTLINE_TELEGRAM_TOKEN", kToken}}));
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->api_base_url, "https://api.telegram.org");
    EXPECT_EQ(s->mode, Mode::polling);
    EXPECT_TRUE(s->agents_chats.empty());
    EXPECT_EQ(s->token, kToken);
    EXPECT_EQ(s->poll_timeout_seconds, 30);
}

TEST(TelegramSettings, ErrorsNameTheKeyAndVariableNeverTheValue) {
    auto missing = settings_from_json(nlohmann::json::object(), "", env({}));
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("FRONTLINE_TELEGRAM_TOKEN"), std::string::npos);
    auto bad = settings_from_json(nlohmann::json::object(), "", env({{"FRONTLINE_TELEGRAM_TOKEN", "xoxb-not-telegram-secret"}}));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message.find("xoxb-not-telegram-secret"), std::string::npos) << bad.error().message;
    const auto with = env({{"FRONTLINE_TELEGRAM_TOKEN", kToken}});
    EXPECT_FALSE(settings_from_json(nlohmann::json::parse(R"({"mode":"push"})"), "", with));
    EXPECT_FALSE(settings_from_json(nlohmann::json::parse(R"({"poll_timeout_seconds":90})"), "", with));
    EXPECT_FALSE(settings_from_json(nlohmann::json::parse(R"({"api_base_url":"ftp://x"})"), "", with));
}

TEST(TelegramSettings, TheAgentsGroupsAreTheTeamsRoomsInTheAgentsFileNotAKeyOfTheirOwn) {
    const auto with = env({{"FRONTLINE_TELEGRAM_TOKEN", kToken}});
    auto old_key = settings_from_json(nlohmann::json::parse(R"({"agents_chat_id":"-1001234567890"})"), "", with);
    ASSERT_FALSE(old_key);
    EXPECT_NE(old_key.error().message.find("telegram.agents_chat_id"), std::string::npos) << old_key.error().message;
    EXPECT_NE(old_key.error().message.find("agents.file"), std::string::npos) << old_key.error().message;

    auto s = settings_from_json(nlohmann::json::object(), "", with);
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_TRUE(set_agents_chats(*s, {"-1001234567890", "-1009876543210", "-1001234567890"}));
    EXPECT_EQ(s->agents_chats, (std::set<std::string>{"-1001234567890", "-1009876543210"}));
    auto named = set_agents_chats(*s, {"@servicedesk"});
    ASSERT_FALSE(named);
    EXPECT_NE(named.error().message.find("'@servicedesk' is not a chat id"), std::string::npos) << named.error().message;
}

TEST(TelegramSettings, WebhookModeNeedsAUrlAndAWellFormedSecret) {
    const auto section = nlohmann::json::parse(R"({"mode":"webhook"})");
    auto no_secret = settings_from_json(section, "https://desk.example.org", env({{"FRONTLINE_TELEGRAM_TOKEN", kToken}}));
    ASSERT_FALSE(no_secret);
    EXPECT_NE(no_secret.error().message.find("FRONTLINE_TELEGRAM_WEBHOOK_SECRET"), std::string::npos);
    auto bad_secret = settings_from_json(section, "https://desk.example.org",
                                         env({{"FRONTLINE_TELEGRAM_TOKEN", kToken}, {"FRONTLINE_TELEGRAM_WEBHOOK_SECRET", "has space"}}));
    EXPECT_FALSE(bad_secret);
    auto ok = settings_from_json(section, "https://desk.example.org/",
                                 env({{"FRONTLINE_TELEGRAM_TOKEN", kToken}, {"FRONTLINE_TELEGRAM_WEBHOOK_SECRET", "s3cret_-X"}}));
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->webhook_url, "https://desk.example.org/telegram/webhook");
    EXPECT_EQ(ok->webhook_secret, "s3cret_-X");
    EXPECT_FALSE(settings_from_json(section, "", env({{"FRONTLINE_TELEGRAM_TOKEN", kToken}, {"FRONTLINE_TELEGRAM_WEBHOOK_SECRET", "x"}})));
}

TEST(TelegramSettings, MaskTokenHidesTheTokenAndItsSecretPart) {
    const std::string line = "GET https://api.telegram.org/bot" + kToken + "/getUpdates failed; secret AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    const auto masked = mask_token(line, kToken);
    EXPECT_EQ(masked.find("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"), std::string::npos) << masked;
    EXPECT_NE(masked.find("/bot<token>/getUpdates"), std::string::npos) << masked;
}

}  // namespace
}  // namespace frontline::telegram
