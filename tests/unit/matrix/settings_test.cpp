// The "matrix" config section: every key checked, the token only from the environment.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/matrix/matrix_settings.hpp"

namespace frontline::matrix {
namespace {

using nlohmann::json;

EnvLookup env_with(std::string token) {
    return [token](const std::string& var) -> std::optional<std::string> {
        if (var == "FRONTLINE_MATRIX_TOKEN") return token;
        return std::nullopt;
    };
}

json section() {
    return {{"enabled", true},
            {"homeserver_url", "https://matrix.example.org/"},
            {"user_id", "@frontline:example.org"},
            {"access_token_env", "FRONTLINE_MATRIX_TOKEN"},
            {"allowed_homeservers", {"example.org", "partner.example"}}};
}

TEST(MatrixSettings, ReadsTheSection) {
    auto s = settings_from_json(section(), env_with("syt_secret_token"));
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->homeserver_url, "https://matrix.example.org");
    EXPECT_EQ(s->user_id, "@frontline:example.org");
    EXPECT_EQ(s->access_token, "syt_secret_token");
    EXPECT_TRUE(s->agents_rooms.empty()) << "the agents' rooms come from agents.file";
    EXPECT_EQ(s->allowed_homeservers, (std::vector<std::string>{"example.org", "partner.example"}));
    EXPECT_EQ(s->sync_timeout, std::chrono::seconds(30));
}

TEST(MatrixSettings, APasswordIsUsedOnlyWhenNoTokenIsSet) {
    auto j = section();
    j["password_env"] = "FRONTLINE_MATRIX_PASSWORD";
    const auto env = [](std::optional<std::string> token) -> EnvLookup {
        return [token](const std::string& var) -> std::optional<std::string> {
            if (var == "FRONTLINE_MATRIX_TOKEN") return token;
            if (var == "FRONTLINE_MATRIX_PASSWORD") return "correct horse";
            return std::nullopt;
        };
    };
    auto by_password = settings_from_json(j, env(std::nullopt));
    ASSERT_TRUE(by_password) << by_password.error().message;
    EXPECT_EQ(by_password->password, "correct horse");
    EXPECT_TRUE(by_password->access_token.empty());
    EXPECT_EQ(by_password->password_env, "FRONTLINE_MATRIX_PASSWORD");
    auto by_token = settings_from_json(j, env("syt_secret_token"));
    ASSERT_TRUE(by_token);
    EXPECT_EQ(by_token->access_token, "syt_secret_token");
    EXPECT_TRUE(by_token->password.empty()) << "a token wins: no login";

    auto neither = settings_from_json(j, [](const std::string&) { return std::optional<std::string>(); });
    ASSERT_FALSE(neither);
    EXPECT_NE(neither.error().message.find("matrix.password_env"), std::string::npos) << neither.error().message;
    EXPECT_NE(neither.error().message.find("FRONTLINE_MATRIX_TOKEN"), std::string::npos) << neither.error().message;
    EXPECT_NE(neither.error().message.find("FRONTLINE_MATRIX_PASSWORD"), std::string::npos) << neither.error().message;
    j["password_env"] = 7;
    EXPECT_FALSE(settings_from_json(j, env(std::nullopt)));
}

TEST(MatrixSettings, BadValuesNameTheKeyAndNeverTheToken) {
    struct Case {
        const char* key;
        json value;
        const char* expect;
    };
    for (const auto& c : {Case{"homeserver_url", "matrix.example.org", "matrix.homeserver_url"},
                          Case{"user_id", "frontline", "matrix.user_id"},
                          Case{"agents_room", "!servicedesk:example.org", "matrix.agents_room"},  // moved to agents.file
                          Case{"allowed_homeservers", "example.org", "matrix.allowed_homeservers"},
                          Case{"sync_timeout_seconds", 0, "matrix.sync_timeout_seconds"},
                          Case{"access_token_env", "", "matrix.access_token_env"}}) {
        auto j = section();
        j[c.key] = c.value;
        auto s = settings_from_json(j, env_with("syt_secret_token"));
        ASSERT_FALSE(s) << c.key;
        EXPECT_NE(s.error().message.find(c.expect), std::string::npos) << s.error().message;
        EXPECT_EQ(s.error().message.find("syt_secret_token"), std::string::npos);
    }
    auto missing = settings_from_json(section(), [](const std::string&) { return std::optional<std::string>(); });
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("FRONTLINE_MATRIX_TOKEN is not set"), std::string::npos);
    auto spaced = settings_from_json(section(), env_with("syt secret"));
    ASSERT_FALSE(spaced);
    EXPECT_EQ(spaced.error().message.find("syt secret"), std::string::npos);
    EXPECT_FALSE(settings_from_json(json::array(), env_with("t")));
}

TEST(MatrixSettings, TheAgentsRoomsAreTheTeamsRoomsInTheAgentsFile) {
    auto s = settings_from_json(section(), env_with("syt_secret_token"));
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_TRUE(set_agents_rooms(*s, {"!servicedesk:example.org", "!infra:example.org"}));
    EXPECT_EQ(s->agents_rooms, (std::set<std::string>{"!servicedesk:example.org", "!infra:example.org"}));
    auto alias = set_agents_rooms(*s, {"#desk:example.org"});
    ASSERT_FALSE(alias);
    EXPECT_NE(alias.error().message.find("'#desk:example.org' is not a room id"), std::string::npos) << alias.error().message;
}

TEST(MatrixSettings, ServerNames) {
    EXPECT_EQ(server_name_of("@a:example.org"), "example.org");
    EXPECT_EQ(server_name_of("!r:hs:8448"), "hs:8448");
    EXPECT_EQ(server_name_of("nocolon"), "");
}

}  // namespace
}  // namespace frontline::matrix
