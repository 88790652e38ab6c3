// Runs the real `frontline` binary as an admin would (integration: a process per case).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <sys/wait.h>

#include "core/store/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

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
    std::string config() const { return std::string("--config ") + FRONTLINE_SOURCE_DIR + "/config/frontline.json"; }
    std::string db() const { return "--db " + (dir_ / "desk.db").string(); }
    frontline::testkit::TempDir temp_;
    const std::filesystem::path& dir_ = temp_.path();
};

TEST_F(FrontlineBinary, TicketsOnADatabaseThatDoesNotExistIsAnErrorAndCreatesNothing) {
    for (const std::string command : {" tickets --json", " ticket INC-000001", " outbox --failed"}) {
        auto r = run(config() + " " + db() + command);
        EXPECT_EQ(r.code, 1) << command << ": " << r.out;
        EXPECT_NE(r.out.find("no database at " + (dir_ / "desk.db").string()), std::string::npos) << r.out;
        EXPECT_FALSE(std::filesystem::exists(dir_ / "desk.db")) << command << " created an empty database";
    }
}

TEST_F(FrontlineBinary, ARelativeDbIsFromTheCurrentFolderAndTicketsOnItListThem) {
    // The console makes the database (and a ticket); `tickets` then reads the same file, named
    // relative to where the operator stands, not to the config's folder.
    const std::string cd = "cd " + dir_.string() + " && printf 'my printer is jammed\\n' | ";
    auto chat = run_with(cd, config() + " --db rel.db --console");
    ASSERT_EQ(chat.code, 0) << chat.out;
    ASSERT_TRUE(std::filesystem::exists(dir_ / "rel.db")) << chat.out;
    auto listed = run_with("cd " + dir_.string() + " && ", config() + " --db rel.db tickets --json");
    ASSERT_EQ(listed.code, 0) << listed.out;
    EXPECT_EQ(nlohmann::json::parse(listed.out).size(), 1u) << listed.out;
    auto outbox = run_with("cd " + dir_.string() + " && ", config() + " --db rel.db outbox");
    EXPECT_EQ(outbox.code, 0) << outbox.out;
    EXPECT_NE(outbox.out.find("failed: 0"), std::string::npos) << outbox.out;
}

TEST_F(FrontlineBinary, RoomsOnAPlatformThatIsNotEnabledFailCheckConfigNamingEachRoom) {
    // The shipped multi-platform example names Slack, Telegram and Matrix rooms; only the web
    // chat runs by default: nobody would see those teams' pings.
    auto r = run("check-config " + config() + " --set agents.file='\"agents.example.json\"'");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find("slack:C0SERVICEDESK (team service-desk): slack is not enabled"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("telegram:-1001234567890 (team service-desk)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("matrix:!infra:example.org (team infrastructure)"), std::string::npos) << r.out;
}

TEST_F(FrontlineBinary, EnablingAPlatformThisBuildHasNoAdapterForIsAnError) {
    auto r = run("check-config " + config() + " --set matrix.enabled=true --set matrix.access_token_env='\"HOME\"'");
    EXPECT_NE(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("matrix"), std::string::npos) << r.out;
}

TEST_F(FrontlineBinary, ShippedConfigChecksOut) {
    auto r = run("check-config " + config());
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find(": ok"), std::string::npos);
}

TEST_F(FrontlineBinary, CheckConfigTellsWhichOlderFlowVersionsRunningConversationsStillUse) {
    const std::string store_path = (dir_ / "desk.db").string();
    const std::string with_store = config() + " --set store.path='\"" + store_path + "\"'";
    // No database yet: nothing to tell beyond "ok".
    auto fresh = run("check-config " + with_store);
    EXPECT_EQ(fresh.code, 0) << fresh.out;
    EXPECT_EQ(fresh.out.find("flow "), std::string::npos) << fresh.out;
    {
        // Two conversations stand on a version of the network flow that the file no longer has,
        // one on a flow no longer configured at all, one ended (no flow).
        auto store = frontline::SqliteStore::open(store_path);
        ASSERT_TRUE(store) << store.error().message;
        const frontline::TimePoint now{};
        ASSERT_TRUE((*store)->keep_flow_version("network", "00000000000000aa", "{}", now));
        ASSERT_TRUE((*store)->keep_flow_version("fax", "00000000000000bb", "{}", now));
        auto session = [&](const std::string& user, const std::string& flow, const std::string& version) {
            nlohmann::json state = {{"v", 1}, {"phase", "flow"}, {"flow", flow}, {"flow_version", version}};
            ASSERT_TRUE((*store)->save_session({{"webchat", user}, state.dump(), now}));
        };
        session("u1", "network", "00000000000000aa");
        session("u2", "network", "00000000000000aa");
        session("u3", "fax", "00000000000000bb");
        session("u4", "", "");
    }
    auto r = run("check-config " + with_store);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("flow network: version "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("older version 00000000000000aa still used by 2 conversation(s)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("flow fax (no longer configured): version 00000000000000bb still used by 1 conversation(s)"),
              std::string::npos)
        << r.out;
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
    EXPECT_NE(stranger.out.find("no agent in agents.json"), std::string::npos) << stranger.out;
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
    EXPECT_NE(r.out.find("agents.json: key 'agents[0].timezone': time zone 'Europe/Rome'"), std::string::npos) << r.out;
}

TEST_F(FrontlineBinary, BadArgumentsAreExplained) {
    auto unknown = run(config() + " " + db() + " frobnicate");
    EXPECT_EQ(unknown.code, 2);
    EXPECT_NE(unknown.out.find("unknown command 'frobnicate'"), std::string::npos);
    auto bad_id = run(config() + " " + db() + " ticket INC-12x");
    EXPECT_EQ(bad_id.code, 2);
    EXPECT_NE(bad_id.out.find("malformed ticket id"), std::string::npos);
    auto bad_status = run(config() + " " + db() + " tickets --status sleeping");
    EXPECT_EQ(bad_status.code, 2);
    auto bad_option = run("--no-such-option");
    EXPECT_EQ(bad_option.code, 2);
    auto help = run("--help");
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.out.find("check-config"), std::string::npos);
}

}  // namespace

TEST_F(FrontlineBinary, ReportCountsWhatTheConsoleLoggedAndRefusesBadArguments) {
    const std::string cd = "cd " + dir_.string() + " && printf 'my printer is jammed\\n' | ";
    auto chat = run_with(cd, config() + " --db desk.db --console");
    ASSERT_EQ(chat.code, 0) << chat.out;
    auto r = run(config() + " " + db() + " report --json");
    ASSERT_EQ(r.code, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.out;
    EXPECT_EQ(j["tickets"].get<long long>(), 1) << r.out;
    EXPECT_EQ(j["by_channel"]["console"].get<long long>(), 1) << r.out;
    auto csv = run(config() + " " + db() + " report --csv");
    ASSERT_EQ(csv.code, 0) << csv.out;
    EXPECT_NE(csv.out.find("tickets,all,count,1\n"), std::string::npos) << csv.out;
    auto old = run(config() + " " + db() + " report --json --from 2020-01-01 --to 2020-01-31");
    ASSERT_EQ(old.code, 0) << old.out;
    EXPECT_EQ(nlohmann::json::parse(old.out)["tickets"].get<long long>(), 0) << "the console's ticket is not of January 2020";

    for (const std::string bad : {" report --from 2026-13-01", " report --from 2026-11-30 --to 2026-11-01", " report --json --csv",
                                  " report --to yesterday"}) {
        auto b = run(config() + " " + db() + bad);
        EXPECT_EQ(b.code, 2) << bad << ": " << b.out;
        EXPECT_NE(b.out.find("frontline: "), std::string::npos) << b.out;
    }
}
