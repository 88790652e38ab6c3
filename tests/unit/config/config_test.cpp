#include "bot/config/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <optional>

#include "bot/cli/check_config.hpp"
#include "bot/config/core_settings.hpp"
#include "bot/config/team_rooms.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

const char* kMinimal = R"({"store": {"path": "../var/x.db"}, "http": {"listen": "127.0.0.1:8080"}})";

/// The shipped configuration with overrides, as `frontline --config config/frontline.json --set ...` reads it.
Config shipped(std::vector<std::string> overrides = {}) {
    auto c = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json", overrides);
    EXPECT_TRUE(c) << c.error().message;
    return *c;
}

TEST(Config, SetOverridesAnyDottedKeyWithJsonOrString) {
    auto c = Config::from_text(kMinimal, "/etc/frontline/frontline.json",
                               {"http.listen=0.0.0.0:9000", "slack.enabled=true", "engine.idle_reminder_minutes=5",
                                "webchat.title=Help desk"});
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(*c->string("http.listen"), "0.0.0.0:9000");
    EXPECT_TRUE(*c->boolean("slack.enabled"));
    EXPECT_EQ(*c->integer("engine.idle_reminder_minutes"), 5);
    EXPECT_EQ(*c->string("webchat.title"), "Help desk");
}

TEST(Config, RelativePathsResolveAgainstTheConfigFolder) {
    auto c = Config::from_text(kMinimal, "/etc/frontline/frontline.json");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->path("store.path")->lexically_normal(), "/etc/var/x.db");
    auto abs = Config::from_text(kMinimal, "/etc/frontline/frontline.json", {"store.path=/data/desk.db"});
    EXPECT_EQ(*abs->path("store.path"), "/data/desk.db");
}

TEST(Config, ErrorsNameTheFileTheKeyAndTheReason) {
    auto broken = Config::from_text("{\"store\": {", "conf/broken.json");
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().message, "conf/broken.json: not valid JSON");

    auto c = Config::from_text(R"({"store": {"path": 42}})", "conf/f.json");
    ASSERT_TRUE(c);
    auto p = c->path("store.path");
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().message, "conf/f.json: key 'store.path': expected a string");

    auto bad_set = Config::from_text(kMinimal, "f.json", {"no-equals-sign"});
    ASSERT_FALSE(bad_set);
    EXPECT_NE(bad_set.error().message.find("expected dotted.key=value"), std::string::npos);

    auto into_value = Config::from_text(kMinimal, "f.json", {"store.path.deeper=1"});
    ASSERT_FALSE(into_value);
    EXPECT_NE(into_value.error().message.find("store.path.deeper"), std::string::npos);

    EXPECT_FALSE(Config::from_text("[1,2]", "f.json"));
    auto missing = Config::load("/nonexistent/frontline.json", {});
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("/nonexistent/frontline.json"), std::string::npos);
}

TEST(Config, ValidationCatchesBadPoliciesAndAddresses) {
    auto check = [](std::vector<std::string> overrides) { return validate_config(shipped(std::move(overrides))); };
    EXPECT_TRUE(check({}));
    auto port = check({"http.listen=localhost:99999"});
    ASSERT_FALSE(port);
    EXPECT_NE(port.error().message.find("'http.listen'"), std::string::npos);
    EXPECT_FALSE(check({"http.listen=nohost"}));
    auto matrix = check({R"(priority_matrix={"high":{"high":"P1"}})"});
    ASSERT_FALSE(matrix);
    EXPECT_NE(matrix.error().message.find("priority_matrix.high.medium"), std::string::npos);
    EXPECT_FALSE(check({"lifecycle.auto_close_days=0"}));
    EXPECT_FALSE(check({"lifecycle.reopen_window_hours=\"soon\""}));
    EXPECT_TRUE(check({"webchat.history_days=30"}));
    auto history = check({"webchat.history_days=0"});
    ASSERT_FALSE(history);
    EXPECT_NE(history.error().message.find("webchat.history_days"), std::string::npos) << history.error().message;
    EXPECT_FALSE(check({"webchat.history_days=\"forever\""}));
}

TEST(Config, BrokenContentFilesStopValidationNamingTheFile) {
    auto no_flows = validate_config(shipped({"engine.flows_dir=/nonexistent/flows"}));
    ASSERT_FALSE(no_flows);
    EXPECT_NE(no_flows.error().message.find("/nonexistent/flows"), std::string::npos) << no_flows.error().message;
    auto no_agents = validate_config(shipped({"agents.file=/nonexistent/agents.json"}));
    ASSERT_FALSE(no_agents);
    EXPECT_NE(no_agents.error().message.find("/nonexistent/agents.json"), std::string::npos) << no_agents.error().message;
    auto bad_locale = validate_config(shipped({"agents.locale=xx"}));
    ASSERT_FALSE(bad_locale);
    EXPECT_NE(bad_locale.error().message.find("agents.locale"), std::string::npos);
}

TEST(Config, TheDeskZoneMustBeAZoneTzdataKnows) {
    EXPECT_TRUE(validate_config(shipped({"desk.time_zone=\"America/New_York\""})));
    for (const char* bad : {"desk.time_zone=\"Europe/Milano\"", "desk.time_zone=\"../../etc/passwd\"", "desk.time_zone=5"}) {
        auto r = validate_config(shipped({bad}));
        ASSERT_FALSE(r) << bad;
        EXPECT_NE(r.error().message.find("desk.time_zone"), std::string::npos) << r.error().message;
    }
}

TEST(Config, EveryTeamRoomMustBeOnAnEnabledPlatform) {
    EXPECT_TRUE(validate_config(shipped()));
    // The multi-platform example with only the web chat on: its Slack, Telegram and Matrix rooms
    // would never see a ping.
    auto example = validate_config(shipped({"agents.file=\"agents.example.json\""}));
    ASSERT_FALSE(example);
    const std::string& m = example.error().message;
    EXPECT_NE(m.find("slack:C0SERVICEDESK (team service-desk): slack is not enabled"), std::string::npos) << m;
    EXPECT_NE(m.find("slack:C0SECURITY (team security)"), std::string::npos) << m;
    EXPECT_NE(m.find("telegram:-1001234567890 (team service-desk)"), std::string::npos) << m;
    EXPECT_NE(m.find("matrix:!servicedesk:example.org (team service-desk)"), std::string::npos) << m;
    EXPECT_EQ(m.find("webchat:agents"), std::string::npos) << "the web chat is on: its rooms are fine";
}

TEST(Config, TheRoomsOfTheAgentsFileAreTheOnlyPlaceForAgentsRooms) {
    auto rooms = load_team_rooms(shipped({"agents.file=\"agents.example.json\""}));
    ASSERT_TRUE(rooms) << rooms.error().message;
    EXPECT_EQ(rooms_on(*rooms, "slack"), (std::vector<std::string>{"C0SERVICEDESK", "C0INFRA", "C0SECURITY"}));
    EXPECT_EQ(rooms_on(*rooms, "webchat"), (std::vector<std::string>{"agents"})) << "shared rooms once";
}

TEST(Config, AgentsTimeZonesLoadFromTheZoneinfoFolderOrStopValidationNamingTheAgentsKey) {
    EXPECT_TRUE(validate_config(shipped({"agents.zoneinfo_dir=/usr/share/zoneinfo"})));
    auto no_folder = validate_config(shipped({"agents.zoneinfo_dir=/nonexistent/zoneinfo"}));
    ASSERT_FALSE(no_folder);
    EXPECT_NE(no_folder.error().message.find("agents.json: key 'agents[0].timezone'"), std::string::npos)
        << no_folder.error().message;
    EXPECT_NE(no_folder.error().message.find("/nonexistent/zoneinfo"), std::string::npos);

    testkit::TempDir dir;
    auto with_zone = [&](const std::string& zone) {
        std::ifstream in(std::string(FRONTLINE_SOURCE_DIR) + "/config/agents.json");
        auto agents = nlohmann::json::parse(in);
        agents["agents"][2]["timezone"] = zone;
        std::ofstream(dir.file("agents.json")) << agents.dump();
        auto r = validate_config(shipped({"agents.file=" + dir.file("agents.json").string()}));
        return r ? std::string("ok") : r.error().message;
    };
    EXPECT_NE(with_zone("Europe/Milano").find("agents.json: key 'agents[2].timezone': unknown time zone 'Europe/Milano'"),
              std::string::npos)
        << with_zone("Europe/Milano");
    EXPECT_NE(with_zone("../../etc/passwd").find("key 'agents[2].timezone': '../../etc/passwd' is not an IANA time zone name"),
              std::string::npos)
        << with_zone("../../etc/passwd");
    EXPECT_EQ(with_zone("America/New_York"), "ok");
}

TEST(Config, SecretsComeFromNamedEnvironmentVariablesAndAreNeverEchoed) {
    auto c = std::optional<Config>(
        shipped({"slack.enabled=true", "slack.app_token_env=FL_TEST_APP", "slack.bot_token_env=FL_TEST_BOT"}));
    ::unsetenv("FL_TEST_APP");
    ::unsetenv("FL_TEST_BOT");
    auto missing = validate_config(*c);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("FL_TEST_APP"), std::string::npos);
    ::setenv("FL_TEST_APP", "xapp-secret-value", 1);
    ::setenv("FL_TEST_BOT", "xoxb-secret-value", 1);
    EXPECT_TRUE(validate_config(*c));
    auto bad_connections = validate_config(shipped({"slack.enabled=true", "slack.app_token_env=FL_TEST_APP",
                                                    "slack.bot_token_env=FL_TEST_BOT", "slack.connections=99"}));
    ASSERT_FALSE(bad_connections);
    EXPECT_NE(bad_connections.error().message.find("connections"), std::string::npos) << bad_connections.error().message;
    EXPECT_EQ(bad_connections.error().message.find("secret-value"), std::string::npos);
    auto secret = secret_from_env(*c, "slack.bot_token_env");
    ASSERT_TRUE(secret);
    EXPECT_EQ(*secret, "xoxb-secret-value");
    ::unsetenv("FL_TEST_BOT");
    auto gone = secret_from_env(*c, "slack.bot_token_env");
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().message.find("secret-value"), std::string::npos);
    ::unsetenv("FL_TEST_APP");
}

TEST(Config, CoreSettingsDefaultToTheServicesPromise) {
    auto c = Config::from_text(kMinimal, "f.json");
    auto s = load_core_settings(*c);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->sla.target(Priority::p1).response, std::chrono::hours{1});
    EXPECT_EQ(s->priority_matrix.priority(Level::high, Level::high), Priority::p1);
    EXPECT_EQ(s->auto_close_after, std::chrono::hours{72});
}

}  // namespace
}  // namespace frontline
