// `frontline check-config` with Telegram enabled, run as an admin would: the section is read the
// way the connector reads it, and every mistake names the file, the key and the variable.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

#include <sys/wait.h>

namespace {

struct Run {
    int code = -1;
    std::string out;
};

/// `env` is "NAME=value " assignments the shell puts before the command.
Run check_config(const std::string& env, const std::string& sets) {
    const std::string cmd = env + " " + std::string(FRONTLINE_BINARY) + " check-config --config " + FRONTLINE_SOURCE_DIR +
                            "/config/frontline.json --set telegram.enabled=true " + sets + " 2>&1";
    Run r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

const std::string kToken = "FRONTLINE_TELEGRAM_TOKEN=123456789:AAFakeTokenForFrontlineTests_0123456";

TEST(TelegramCheckConfig, AGoodSectionChecksOut) {
    auto r = check_config(kToken, "");
    EXPECT_EQ(r.code, 0) << r.out;
}

TEST(TelegramCheckConfig, TheOldAgentsChatKeyPointsAtTheAgentsFile) {
    auto r = check_config(kToken, "--set telegram.agents_chat_id='\"-1001234567890\"'");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find("telegram.agents_chat_id"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("agents.file"), std::string::npos) << r.out;
}

TEST(TelegramCheckConfig, AnAgentsRoomOnTelegramWhileTelegramIsOffIsNamed) {
    const std::string agents = std::string(FRONTLINE_SOURCE_DIR) + "/config/agents.example.json";
    auto r = check_config(kToken, "--set telegram.enabled=false --set agents.file='\"" + agents + "\"'");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find("telegram:-1001234567890 (team service-desk): telegram is not enabled"), std::string::npos) << r.out;
}

TEST(TelegramCheckConfig, AMissingTokenNamesTheVariable) {
    auto r = check_config("env -u FRONTLINE_TELEGRAM_TOKEN", "");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find("FRONTLINE_TELEGRAM_TOKEN"), std::string::npos) << r.out;
}

TEST(TelegramCheckConfig, ABadValueNamesTheKeyAndNeverShowsTheSecret) {
    auto mode = check_config(kToken, "--set telegram.mode=push");
    EXPECT_EQ(mode.code, 1);
    EXPECT_NE(mode.out.find("frontline.json: telegram: key 'telegram.mode'"), std::string::npos) << mode.out;
    auto not_a_token = check_config("FRONTLINE_TELEGRAM_TOKEN=xoxb-this-is-slack-secret", "");
    EXPECT_EQ(not_a_token.code, 1);
    EXPECT_EQ(not_a_token.out.find("this-is-slack-secret"), std::string::npos) << not_a_token.out;
    auto webhook = check_config(kToken, "--set telegram.mode=webhook");
    EXPECT_EQ(webhook.code, 1);
    EXPECT_NE(webhook.out.find("FRONTLINE_TELEGRAM_WEBHOOK_SECRET"), std::string::npos) << webhook.out;
}

}  // namespace
