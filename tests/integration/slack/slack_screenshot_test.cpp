// Issue 22 on Slack, end to end: the real `frontline` binary against the fake Slack. A user shares a
// screenshot in the bot's DM (file_share, no words) after describing the problem; the process is
// killed between the download into the vault and the commit (FRONTLINE_FAULT=after_file_stored),
// so the envelope is never acknowledged. Slack redelivers it to the restarted process, which fetches
// url_private_download again with the bot token and records the file once: one journal entry, one
// file on the ticket, one "kept" answer, and the agents' card names it once.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "bot/runtime/fault_injection.hpp"
#include "tests/fakes/slack/fake_slack.hpp"
#include "tests/support/agents_file.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/store_peek.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kDesk = "C0SERVICEDESK";  // the service-desk team's Slack room in agents.example.json
constexpr const char* kLucy = "U0LUCY0001";

std::string png_screenshot() {
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    png += std::string(20000, '\x5a');
    return png;
}

class SlackScreenshot : public ::testing::Test {
protected:
    void SetUp() override {
        slack_ = std::make_unique<fakes::FakeSlack>(io_.get_executor());
        ASSERT_TRUE(slack_->start());
        slack_->add_channel(kDesk, "it-service-desk");
        slack_->add_user({kLucy, "lucy", "Lucy Grey", "lucy@acme.example", "en-US", "Europe/London"});
        thread_ = std::thread([this] { io_.run(); });
    }
    void TearDown() override {
        if (HasFailure()) {
            std::cerr << "service.log:\n" << std::ifstream(dir_.file("service.log")).rdbuf();
            for (const auto& p : slack_->posts()) std::cerr << "bot in " << p.channel << ": " << p.text << "\n";
        }
        asio::post(io_, [this] { slack_->stop(); });
        work_.reset();
        thread_.join();
    }

    std::unique_ptr<testing::ServiceProcess> start(const std::string& fault = "") {
        std::map<std::string, std::string> env{{"FRONTLINE_SLACK_BOT_TOKEN", slack_->options().bot_token},
                                               {"FRONTLINE_SLACK_APP_TOKEN", slack_->options().app_token}};
        if (!fault.empty()) env["FRONTLINE_FAULT"] = fault;
        auto p = std::make_unique<testing::ServiceProcess>(
            FRONTLINE_BINARY,
            std::vector<std::string>{
                "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
                "--db", dir_.file("frontline.db").string(),
                "--set", "http.listen=\"127.0.0.1:0\"",
                "--set", "webchat.enabled=false",
                "--set", "slack.enabled=true",
                "--set", "slack.api_base_url=" + json(slack_->api_base_url()).dump(),
                "--set", "agents.file=" + json(testkit::write_agents_file(dir_.file("agents.json"), {"slack"}).string()).dump()},
            env, dir_.file("service.log"));
        EXPECT_NE(p->port(), 0) << "the service did not start; see " << dir_.file("service.log");
        return p;
    }

    long long scalar(const std::string& sql) { return testkit::store_scalar(dir_.file("frontline.db"), sql); }
    int posts_with(const std::string& channel, const std::string& needle) const {
        const auto all = slack_->posts_in(channel);
        return static_cast<int>(std::count_if(all.begin(), all.end(), [&](const auto& p) {
            return p.text.find(needle) != std::string::npos || p.blocks_json.find(needle) != std::string::npos;
        }));
    }

    testkit::TempDir dir_;
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
    std::unique_ptr<fakes::FakeSlack> slack_;
    std::thread thread_;
};

TEST_F(SlackScreenshot, ACrashBetweenTheDownloadAndTheCommitKeepsTheScreenshotOnTheTicketAndTheCardOnce) {
    const auto dm = slack_->dm_channel_of(kLucy);
    auto first = start("after_file_stored");
    ASSERT_TRUE(slack_->wait_until([&] { return slack_->open_connections() > 0; }));
    slack_->user_dm(kLucy, "my VPN drops every five minutes since this morning");
    ASSERT_TRUE(slack_->wait_until([&] { return posts_with(dm, "INC-000001") > 0 && slack_->unacked().empty(); }));

    const auto file = slack_->make_file("vpn-error.png", "image/png", png_screenshot());
    slack_->user_dm_files(kLucy, "", {file});
    EXPECT_EQ(first->wait(), kFaultExitCode) << "the process died with the file in the vault, uncommitted";
    EXPECT_EQ(slack_->files_served(), 1);
    EXPECT_EQ(scalar("SELECT count(*) FROM journal WHERE kind = 'attachment'"), 0);
    EXPECT_GE(slack_->unacked().size(), 1u) << "the file's envelope was never acknowledged";

    auto second = start();
    ASSERT_TRUE(slack_->wait_until([&] { return posts_with(dm, "vpn-error.png") > 0 && slack_->unacked().empty(); }))
        << "the file was not kept after the restart";
    EXPECT_GE(slack_->files_served(), 2) << "fetched again after the crash";
    EXPECT_EQ(scalar("SELECT count(*) FROM journal WHERE kind = 'attachment' AND ticket_id = 'INC-000001'"), 1);
    EXPECT_EQ(scalar("SELECT count(*) FROM ticket_attachments WHERE ticket_id = 'INC-000001' AND media_type = 'image/png'"), 1);
    EXPECT_EQ(posts_with(dm, "kept vpn-error.png"), 1);
    for (const auto& call : slack_->calls()) {
        if (call.method == "file") {
            EXPECT_EQ(call.token_kind, "bot") << "every download carried the bot token";
        }
    }

    // Lucy asks for a person: the card in the agents' channel lists the screenshot, once.
    slack_->user_dm(kLucy, "agent");
    ASSERT_TRUE(slack_->wait_until([&] { return posts_with(kDesk, "INC-000001") > 0; }));
    ASSERT_TRUE(slack_->wait_until([&] { return scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == 0; }));
    int cards_naming_it = 0;
    for (const auto& p : slack_->posts_in(kDesk))
        cards_naming_it += p.thread_ts.empty() && (p.text.find("vpn-error.png") != std::string::npos ||
                                                   p.blocks_json.find("vpn-error.png") != std::string::npos);
    EXPECT_EQ(cards_naming_it, 1) << "the card names the file once";
    EXPECT_EQ(scalar("SELECT count(*) FROM journal WHERE kind = 'attachment'"), 1);
    EXPECT_EQ(second->stop(SIGTERM), 0);
}

}  // namespace
}  // namespace frontline
