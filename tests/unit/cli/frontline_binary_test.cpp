// Runs the real `frontline` binary as an admin would.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <sys/wait.h>

namespace {

struct Run {
    int code;
    std::string out;
};

/// `env` is "NAME=value " assignments put before the command by the shell.
Run run_with(const std::string& env, const std::string& args) {
    const std::string cmd = env + std::string(FRONTLINE_BINARY) + " " + args + " 2>&1";
    Run r{-1, {}};
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

Run run(const std::string& args) { return run_with("", args); }

class FrontlineBinary : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("frontline-cli-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string config() const { return std::string("--config ") + FRONTLINE_SOURCE_DIR + "/config/frontline.json"; }
    std::string db() const { return "--db " + (dir_ / "desk.db").string(); }
    std::filesystem::path dir_;
};

TEST_F(FrontlineBinary, TicketsJsonOnANewStorePrintsAnEmptyList) {
    auto r = run(config() + " " + db() + " tickets --json");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(nlohmann::json::parse(r.out), nlohmann::json::array());
    EXPECT_TRUE(std::filesystem::exists(dir_ / "desk.db"));
}

TEST_F(FrontlineBinary, ShippedConfigChecksOut) {
    auto r = run("check-config " + config());
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find(": ok"), std::string::npos);
}

TEST_F(FrontlineBinary, BrokenConfigStopsWithFileKeyAndReason) {
    auto r = run("check-config " + config() + " --set http.listen=nonsense");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.out.find("frontline.json: key 'http.listen'"), std::string::npos) << r.out;

    const auto broken = dir_ / "broken.json";
    FILE* f = std::fopen(broken.c_str(), "w");
    std::fputs("{ \"store\": ", f);
    std::fclose(f);
    auto b = run("check-config --config " + broken.string());
    EXPECT_NE(b.code, 0);
    EXPECT_NE(b.out.find("broken.json: not valid JSON"), std::string::npos) << b.out;
}

TEST_F(FrontlineBinary, AgentTokensAreEachAgentsOwnAndNeedTheSecret) {
    auto without = run_with("env -u FRONTLINE_WEBCHAT_AGENT_SECRET ", "agent-token alice " + config());
    EXPECT_EQ(without.code, 2);
    EXPECT_NE(without.out.find("FRONTLINE_WEBCHAT_AGENT_SECRET is not set"), std::string::npos) << without.out;

    const std::string env = "FRONTLINE_WEBCHAT_AGENT_SECRET=s3cret-for-tests ";
    auto alice = run_with(env, "agent-token alice " + config());
    ASSERT_EQ(alice.code, 0) << alice.out;
    EXPECT_EQ(alice.out.rfind("fa-", 0), 0u) << alice.out;
    EXPECT_EQ(alice.out.size(), 44u) << "a token and a newline";
    EXPECT_EQ(alice.out.find("s3cret"), std::string::npos) << "the secret is never printed";
    EXPECT_EQ(run_with(env, "agent-token alice " + config()).out, alice.out) << "stable";
    auto bruno = run_with(env, "agent-token bruno " + config());
    ASSERT_EQ(bruno.code, 0);
    EXPECT_NE(bruno.out, alice.out);
    auto stranger = run_with(env, "agent-token mallory " + config());
    EXPECT_EQ(stranger.code, 2);
    EXPECT_NE(stranger.out.find("no agent in agents.example.json"), std::string::npos) << stranger.out;
}

TEST_F(FrontlineBinary, HumanOutputShowsControlCharactersEscaped) {
    // A requester's words with a colour escape, a bell, a carriage return that would overwrite the
    // line, and a C1 CSI: the operator's terminal must show them, not obey them.
    std::ofstream(dir_ / "input.txt") << "my printer \x1b[31mis jammed\x07 again\rINC-000009 claimed by Alice \xc2\x9b" "2J\n";
    auto chat = run(config() + " " + db() + " --console < " + (dir_ / "input.txt").string());
    ASSERT_EQ(chat.code, 0) << chat.out;
    for (const char* args : {" ticket INC-000001", " tickets"}) {
        auto r = run(config() + " " + db() + args);
        ASSERT_EQ(r.code, 0) << r.out;
        for (const char bad : {'\x1b', '\x07', '\r'}) EXPECT_EQ(r.out.find(bad), std::string::npos) << args << ": " << r.out;
        EXPECT_EQ(r.out.find("\xc2\x9b"), std::string::npos) << args << ": " << r.out;
        EXPECT_NE(r.out.find("my printer"), std::string::npos) << r.out;
    }
    auto one = run(config() + " " + db() + " ticket INC-000001");
    EXPECT_NE(one.out.find("\\e[31mis jammed\\x07 again\\rINC-000009 claimed by Alice \\u009b2J"), std::string::npos) << one.out;
}

TEST_F(FrontlineBinary, MissingTimeZonesStopCheckConfigNamingTheAgentsKey) {
    auto r = run("check-config " + config() + " --set agents.zoneinfo_dir=" + (dir_ / "no-zoneinfo").string());
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.out.find("agents.example.json: key 'agents[0].timezone': time zone 'Europe/Rome'"), std::string::npos) << r.out;
}

TEST_F(FrontlineBinary, BadArgumentsAreExplained) {
    auto unknown = run(config() + " " + db() + " frobnicate");
    EXPECT_EQ(unknown.code, 2);
    EXPECT_NE(unknown.out.find("unknown command 'frobnicate'"), std::string::npos);
    auto bad_id = run(config() + " " + db() + " ticket INC-12x");
    EXPECT_EQ(bad_id.code, 2);
    EXPECT_NE(bad_id.out.find("malformed ticket id"), std::string::npos);
    auto missing = run(config() + " " + db() + " ticket INC-000001");
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.out.find("no ticket INC-000001"), std::string::npos);
    auto bad_status = run(config() + " " + db() + " tickets --status sleeping");
    EXPECT_EQ(bad_status.code, 2);
    auto bad_option = run("--no-such-option");
    EXPECT_EQ(bad_option.code, 2);
    auto help = run("--help");
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.out.find("check-config"), std::string::npos);
}

}  // namespace
