// A new admin's first set-up, reproduced: Slack on, and an agents file whose teams name Slack
// rooms that do not exist in the workspace. The real `frontline` binary against the fake Slack:
// check-config fails naming each wrong room, and the running service's /readyz answers 503 naming
// them, instead of escalation cards vanishing with one log line.
#include <gtest/gtest.h>

#include <signal.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/net/http_client.hpp"
#include "tests/fakes/slack/fake_slack.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

class MisconfiguredRooms : public ::testing::Test {
protected:
    void SetUp() override {
        slack_ = std::make_unique<fakes::FakeSlack>(slack_io_.get_executor(), fakes::FakeSlackOptions{});
        ASSERT_TRUE(slack_->start());
        slack_->add_channel("C0SERVICEDESK", "it-service-desk");
        slack_->add_foreign_channel("C0SECURITY", "security");  // exists, but the bot was never invited
        // C0INFRA does not exist at all.
        slack_thread_ = std::thread([this] { slack_io_.run(); });
        // The shipped example's teams, on the web chat and Slack only (the platforms that run).
        std::ifstream in(std::string(FRONTLINE_SOURCE_DIR) + "/config/agents.example.json");
        json agents = json::parse(in);
        for (auto& team : agents["teams"]) {
            team["rooms"].erase("telegram");
            team["rooms"].erase("matrix");
        }
        std::ofstream(dir_.file("agents.json")) << agents.dump(2);
    }
    void TearDown() override {
        asio::post(slack_io_, [this] { slack_->stop(); });
        work_.reset();
        slack_thread_.join();
    }
    std::vector<std::string> args() const {
        return {"--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
                "--db", dir_.file("frontline.db").string(),
                "--set", "http.listen=\"127.0.0.1:0\"",
                "--set", "slack.enabled=true",
                "--set", "slack.api_base_url=" + json(slack_->api_base_url()).dump(),
                "--set", "agents.file=" + json(dir_.file("agents.json").string()).dump()};
    }
    std::map<std::string, std::string> env() const {
        const fakes::FakeSlackOptions tokens;
        return {{"FRONTLINE_SLACK_BOT_TOKEN", tokens.bot_token}, {"FRONTLINE_SLACK_APP_TOKEN", tokens.app_token}};
    }

    testkit::TempDir dir_;
    asio::io_context slack_io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_{slack_io_.get_executor()};
    std::unique_ptr<fakes::FakeSlack> slack_;
    std::thread slack_thread_;
};

TEST_F(MisconfiguredRooms, CheckConfigAsksSlackAndNamesEveryRoomThatDoesNotExistOrLacksTheBot) {
    std::string cmd;
    for (const auto& [k, v] : env()) cmd += k + "=" + v + " ";
    cmd += FRONTLINE_BINARY;
    for (const auto& a : args()) cmd += " '" + a + "'";
    cmd += " check-config 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::string out;
    std::array<char, 4096> buf{};
    for (size_t n; (n = fread(buf.data(), 1, buf.size(), p)) > 0;) out.append(buf.data(), n);
    const int status = pclose(p);
    EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 1) << out;
    EXPECT_NE(out.find("slack:C0INFRA (team infrastructure): channel_not_found"), std::string::npos) << out;
    EXPECT_NE(out.find("slack:C0SECURITY (team security): not_in_channel"), std::string::npos) << out;
    EXPECT_EQ(out.find("C0SERVICEDESK"), std::string::npos) << "that room exists: " << out;
}

TEST_F(MisconfiguredRooms, ReadyzAnswers503NamingTheRoomsUntilTheyAreFixed) {
    testing::ServiceProcess service(FRONTLINE_BINARY, args(), env(), dir_.file("service.log"));
    ASSERT_NE(service.port(), 0) << "the service did not start; see " << dir_.file("service.log");
    asio::io_context io;
    net::HttpClient http(io.get_executor(), nullptr);
    net::HttpResponse ready{0, {}, {}};
    // The check runs once at start; until it has, /readyz says so (also a 503).
    for (auto until = std::chrono::steady_clock::now() + 20s; std::chrono::steady_clock::now() < until;
         std::this_thread::sleep_for(20ms)) {
        net::HttpRequest r;
        r.method = "GET";
        r.url = "http://127.0.0.1:" + std::to_string(service.port()) + "/readyz";
        auto answer = testkit::run_coroutine(io, http.request(std::move(r)));
        ASSERT_TRUE(answer) << answer.error().message;
        ready = *answer;
        if (ready.body.find("not verified yet") == std::string::npos) break;
    }
    EXPECT_EQ(ready.status, 503) << ready.body;
    EXPECT_NE(ready.body.find("room slack:C0INFRA (team infrastructure): channel_not_found"), std::string::npos)
        << ready.body;
    EXPECT_NE(ready.body.find("room slack:C0SECURITY (team security): not_in_channel"), std::string::npos)
        << ready.body;
    EXPECT_EQ(ready.body.find("C0SERVICEDESK"), std::string::npos) << ready.body;
    EXPECT_EQ(service.stop(SIGTERM), 0);
}

}  // namespace
}  // namespace frontline
