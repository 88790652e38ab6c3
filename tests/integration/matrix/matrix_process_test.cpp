// The real `frontline` binary as a child process with the Matrix adapter on, against the fake
// homeserver: killed at the worst moments and restarted on the same SQLite file, nothing is lost,
// nothing doubled and no old history answered; and a requester in a Matrix DM with an agent on Slack.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "bot/runtime/fault_injection.hpp"
#include "tests/fakes/matrix/fake_homeserver.hpp"
#include "tests/fakes/slack/fake_slack.hpp"
#include "tests/support/agents_file.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kAgentsRoom = "!servicedesk:example.org";
constexpr const char* kLucy = "@lucy:example.org";
constexpr const char* kSlackDesk = "C0SERVICEDESK";  // the service-desk team's Slack room in agents.example.json

class MatrixProcess : public ::testing::Test {
protected:
    void SetUp() override {
        matrix_ = std::make_unique<fakes::FakeHomeserver>(io_.get_executor());
        ASSERT_TRUE(matrix_->start());
        matrix_->create_room("@enzo:example.org", false, kAgentsRoom);
        matrix_->join_bot(kAgentsRoom);
        slack_ = std::make_unique<fakes::FakeSlack>(io_.get_executor());
        ASSERT_TRUE(slack_->start());
        slack_->add_channel(kSlackDesk, "it-service-desk");
        slack_->add_user({"U0ALICE", "alice", "Alice Romano", "alice@acme.example", "en-US", "Europe/Rome"});
        thread_ = std::thread([this] { io_.run(); });
    }

    void TearDown() override {
        if (service_) service_.reset();
        asio::post(io_, [this] {
            matrix_->stop();
            slack_->stop();
        });
        work_.reset();
        thread_.join();
    }

    std::unique_ptr<testing::ServiceProcess> start(const std::string& fault = "", bool with_slack = false) {
        std::vector<std::string> args = {
            "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
            "--db", dir_.file("frontline.db").string(),
            "--set", "http.listen=\"127.0.0.1:0\"",
            "--set", "matrix.enabled=true",
            "--set", "matrix.homeserver_url=" + json(matrix_->url()).dump(),
            "--set", "matrix.user_id=" + json(matrix_->options().bot_user_id).dump(),
            // The example's teams with their rooms on the platforms this run enables.
            "--set", "agents.file=" + json((with_slack ? testkit::write_agents_file(dir_.file("agents.json"), {"webchat", "slack", "matrix"})
                                                       : testkit::write_agents_file(dir_.file("agents.json"), {"webchat", "matrix"}))
                                               .string()).dump(),
        };
        std::map<std::string, std::string> env;
        if (use_password_) {
            args.insert(args.end(), {"--set", "matrix.password_env=\"FRONTLINE_MATRIX_PASSWORD\""});
            env["FRONTLINE_MATRIX_PASSWORD"] = matrix_->options().bot_password;
        } else {
            env["FRONTLINE_MATRIX_TOKEN"] = matrix_->options().access_token;
        }
        if (with_slack) {
            for (const std::string& s : std::vector<std::string>{"slack.enabled=true", "slack.api_base_url=" + json(slack_->api_base_url()).dump()}) {
                args.push_back("--set");
                args.push_back(s);
            }
            env["FRONTLINE_SLACK_BOT_TOKEN"] = slack_->options().bot_token;
            env["FRONTLINE_SLACK_APP_TOKEN"] = slack_->options().app_token;
        }
        if (!fault.empty()) env["FRONTLINE_FAULT"] = fault;
        auto p = std::make_unique<testing::ServiceProcess>(FRONTLINE_BINARY, args, env, dir_.file("service.log"));
        EXPECT_NE(p->port(), 0) << "the service did not start; see " << dir_.file("service.log");
        return p;
    }

    std::string sql(const std::string& query) {
        SQLite::Database db(dir_.file("frontline.db").string(), SQLite::OPEN_READONLY);
        db.setBusyTimeout(2000);
        SQLite::Statement q(db, query);
        if (!q.executeStep() || q.getColumn(0).isNull()) return "";
        return q.getColumn(0).getString();
    }

    bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit = 20s) {
        for (auto until = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < until;
             std::this_thread::sleep_for(5ms))
            if (pred()) return true;
        return false;
    }

    /// Long polls seen so far: the bot is listening once one with a since token arrived.
    bool listening(std::size_t after = 0) {
        const auto s = matrix_->sync_sinces();
        return s.size() > after && !s.back().empty();
    }

    bool room_has(const std::string& room, const std::string& text) {
        const auto all = matrix_->bot_messages_in(room);
        return std::any_of(all.begin(), all.end(), [&](const auto& m) { return m.body.find(text) != std::string::npos; });
    }

    testkit::TempDir dir_;
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
    std::unique_ptr<fakes::FakeHomeserver> matrix_;
    std::unique_ptr<fakes::FakeSlack> slack_;
    std::thread thread_;
    std::unique_ptr<testing::ServiceProcess> service_;
    bool use_password_ = false;  ///< start() gives the bot a password (matrix.password_env) instead of a token
};

TEST_F(MatrixProcess, KilledMidSyncAndAfterASendNothingIsLostOrDoubledAndHistoryStaysUnanswered) {
    const auto dm = matrix_->create_room(kLucy);
    matrix_->join_bot(dm);
    matrix_->say(kLucy, dm, "an old message from before the bot ever ran");

    // 1. Killed right after the batch commit, before the since token moved.
    auto service = start("after_commit");
    ASSERT_TRUE(eventually([&] { return listening(); }));
    matrix_->say(kLucy, dm, "my VPN drops every five minutes since this morning");
    EXPECT_EQ(service->wait(), kFaultExitCode);
    EXPECT_EQ(sql("SELECT count(*) FROM inbox"), "1");
    const auto since_at_crash = sql("SELECT value FROM adapter_cursors WHERE name LIKE 'matrix.since:%'");
    ASSERT_FALSE(since_at_crash.empty()) << "the first sync's position was saved";
    EXPECT_TRUE(matrix_->bot_messages_in(dm).empty());

    // 2. Restarted and killed right after the homeserver accepted the answer, before the row was marked.
    const auto syncs = matrix_->sync_sinces().size();
    service = start("after_delivery");
    EXPECT_EQ(service->wait(), kFaultExitCode);
    EXPECT_EQ(matrix_->sync_sinces().at(syncs), since_at_crash) << "resumed from the saved position, not from scratch";
    ASSERT_EQ(matrix_->bot_messages_in(dm).size(), 1u) << "the homeserver has the answer once";
    EXPECT_EQ(sql("SELECT count(*) FROM inbox"), "1") << "the re-read event was dropped as a duplicate";

    // 3. Restarted for good: the unmarked row is sent again with the same txnId and posts nothing new.
    service_ = start();
    ASSERT_TRUE(eventually([&] { return sql("SELECT count(*) FROM outbox WHERE status <> 'delivered'") == "0"; }));
    ASSERT_TRUE(eventually([&] { return matrix_->repeated_txns() >= 1; }));
    const auto messages = matrix_->bot_messages_in(dm);
    std::set<std::string> txns;
    for (const auto& m : messages) EXPECT_TRUE(txns.insert(m.txn_id).second) << "posted twice: " << m.body;
    EXPECT_EQ(std::to_string(messages.size()), sql("SELECT count(*) FROM outbox WHERE conversation = '" + dm + "'"));
    EXPECT_EQ(sql("SELECT count(*) FROM inbox"), "1") << "the old history never became an event";
    EXPECT_EQ(sql("SELECT count(*) FROM tickets"), "1");

    // Still listening: the conversation goes on after the restarts.
    matrix_->say(kLucy, dm, "1");
    ASSERT_TRUE(eventually([&] { return sql("SELECT count(*) FROM inbox") == "2" && matrix_->bot_messages_in(dm).size() > messages.size(); }));
    EXPECT_EQ(service_->stop(SIGTERM), 0) << "a clean shutdown";
    service_.reset();
}

TEST_F(MatrixProcess, APasswordLogsInOnceAndTheKeptDeviceMakesARetryAfterACrashSafe) {
    use_password_ = true;
    const auto dm = matrix_->create_room(kLucy);
    matrix_->join_bot(dm);

    // Logged in with the password; killed right after the homeserver accepted the answer.
    auto service = start("after_delivery");
    ASSERT_TRUE(eventually([&] { return listening(); }));
    EXPECT_EQ(matrix_->logins(), 1);
    const auto kept = sql("SELECT value FROM adapter_cursors WHERE name = 'matrix.access_token:@frontline:example.org'");
    EXPECT_TRUE(kept.starts_with("syt_login_1_")) << "the new device's token is kept in the store";
    matrix_->say(kLucy, dm, "my VPN drops every five minutes since this morning");
    EXPECT_EQ(service->wait(), kFaultExitCode);
    ASSERT_EQ(matrix_->bot_messages_in(dm).size(), 1u);

    // Restarted: the kept token, so the same device, so the resent row's txnId posts nothing new.
    service_ = start();
    ASSERT_TRUE(eventually([&] { return sql("SELECT count(*) FROM outbox WHERE status <> 'delivered'") == "0"; }));
    EXPECT_EQ(matrix_->logins(), 1) << "no second login";
    EXPECT_GE(matrix_->repeated_txns(), 1);
    std::set<std::string> txns;
    for (const auto& m : matrix_->bot_messages_in(dm)) EXPECT_TRUE(txns.insert(m.txn_id).second) << "posted twice: " << m.body;
    EXPECT_EQ(service_->stop(SIGTERM), 0);

    // Logged out meanwhile (the device deleted): the next start logs in again and carries on.
    matrix_->revoke_token();
    const auto answered = matrix_->bot_messages_in(dm).size();
    service_ = start();
    ASSERT_TRUE(eventually([&] { return matrix_->logins() == 2 && listening(); }));
    matrix_->say(kLucy, dm, "1");
    ASSERT_TRUE(eventually([&] { return matrix_->bot_messages_in(dm).size() > answered; }));
    EXPECT_NE(sql("SELECT value FROM adapter_cursors WHERE name = 'matrix.access_token:@frontline:example.org'"), kept);
    EXPECT_EQ(service_->stop(SIGTERM), 0);
    service_.reset();

    // Neither the password nor a token ever reaches the log.
    std::ifstream log(dir_.file("service.log"));
    const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("logged in with the password in FRONTLINE_MATRIX_PASSWORD"), std::string::npos) << text;
    EXPECT_EQ(text.find(matrix_->options().bot_password), std::string::npos);
    EXPECT_EQ(text.find("syt_login"), std::string::npos);
}

TEST_F(MatrixProcess, ARequesterInAMatrixDmAndAnAgentOnSlackSolveItTogether) {
    service_ = start("", /*with_slack=*/true);
    const auto dm = matrix_->create_room(kLucy);
    matrix_->invite_bot(dm, kLucy, true);
    ASSERT_TRUE(eventually([&] { return matrix_->bot_joined(dm) && listening(); }));
    matrix_->say(kLucy, dm, "agent");
    ASSERT_TRUE(eventually([&] { return room_has(dm, "person"); }));
    matrix_->say(kLucy, dm, "my laptop screen flickers all the time");
    ASSERT_TRUE(eventually([&] { return room_has(dm, "INC-000001"); }));
    // Matrix tells her name but not how to reach her: asked once before the hand-off.
    ASSERT_TRUE(eventually([&] { return room_has(dm, "e-mail address or a phone number"); }));
    matrix_->say(kLucy, dm, "lucy@example.org");
    ASSERT_TRUE(eventually([&] { return room_has(dm, "passed INC-000001"); }));

    // The card reaches Slack with its Claim button; Alice claims it there.
    auto card = [&]() -> std::optional<fakes::FakePost> {
        for (const auto& p : slack_->posts_in(kSlackDesk))
            if (p.thread_ts.empty() && p.text.find("INC-000001") != std::string::npos) return p;
        return std::nullopt;
    };
    ASSERT_TRUE(eventually([&] { return card() && !card()->buttons.empty(); }));
    const auto posted = *card();
    EXPECT_NE(posted.text.find("(matrix) · lucy@example.org"), std::string::npos) << posted.text;
    ASSERT_TRUE(slack_->click("U0ALICE", kSlackDesk, posted.ts, "Claim"));
    ASSERT_TRUE(eventually([&] { return room_has(dm, "Alice Romano"); })) << "Lucy hears on Matrix who took it";

    // Lucy's words reach the card's thread on Slack; Alice's `r` reaches Lucy's Matrix DM.
    matrix_->say(kLucy, dm, "It gets worse on battery");
    ASSERT_TRUE(eventually([&] {
        const auto posts = slack_->posts_in(kSlackDesk);
        return std::any_of(posts.begin(), posts.end(), [&](const fakes::FakePost& p) {
            return p.thread_ts == posted.ts && p.text.find("It gets worse on battery") != std::string::npos;
        });
    }));
    slack_->user_channel_message("U0ALICE", kSlackDesk, "r Please install the display driver update", posted.ts);
    ASSERT_TRUE(eventually([&] { return room_has(dm, "Please install the display driver update"); }));
    EXPECT_EQ(service_->stop(SIGTERM), 0);
    service_.reset();
}

}  // namespace
}  // namespace frontline
