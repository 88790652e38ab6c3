// One person across platforms, end to end (issue 17): the real `frontline` binary with the web chat
// and the Slack adapter, the fake Slack serving users.info as Slack documents it. Maria reports on
// Slack: her profile's name, e-mail and phone reach the agents' card and she is asked nothing. She
// types `link` in her Slack DM, the service restarts, and the code typed in the web chat links the
// two (both told); from then on her Slack ticket is hers in the web chat and the agent's answer
// comes where she last wrote.
#include <gtest/gtest.h>

#include <signal.h>

#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "tests/fakes/slack/fake_slack.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/webchat_page.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kDesk = "C0SERVICEDESK";  // the service-desk team's Slack room in agents.example.json
constexpr const char* kMaria = "U0MARIA";         // a requester, not an agent

class IdentityAcrossPlatforms : public ::testing::Test {
protected:
    void SetUp() override {
        slack_ = std::make_unique<fakes::FakeSlack>(slack_io_.get_executor(), fakes::FakeSlackOptions{});
        ASSERT_TRUE(slack_->start());
        slack_->add_channel(kDesk, "it-service-desk");
        slack_->add_user({"U0ALICE", "alice", "Alice Romano", "alice@acme.example", "en-US", "Europe/Rome"});
        fakes::FakeUser maria{kMaria, "maria", "Maria Rossi", "maria@acme.example", "en-US", "Europe/Rome"};
        maria.phone = "+39 333 123 4567";
        slack_->add_user(maria);
        slack_thread_ = std::thread([this] { slack_io_.run(); });
        start_service();
    }

    void start_service() {
        const std::vector<std::string> args = {
            "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
            "--db", dir_.file("frontline.db").string(),
            "--set", "http.listen=\"127.0.0.1:0\"",
            "--set", "slack.enabled=true",
            "--set", "agents.file=\"agents.example.json\"",
            "--set", "slack.api_base_url=" + json(slack_->api_base_url()).dump(),
        };
        const fakes::FakeSlackOptions tokens;
        service_ = std::make_unique<testing::ServiceProcess>(
            FRONTLINE_BINARY, args,
            std::map<std::string, std::string>{{"FRONTLINE_SLACK_BOT_TOKEN", tokens.bot_token},
                                               {"FRONTLINE_SLACK_APP_TOKEN", tokens.app_token}},
            dir_.file("service.log"));
        ASSERT_NE(service_->port(), 0) << "the service did not start; see " << dir_.file("service.log");
    }

    void TearDown() override {
        if (service_) {
            EXPECT_EQ(service_->stop(SIGTERM), 0) << "a clean shutdown";
        }
        asio::post(slack_io_, [this] { slack_->stop(); });
        work_.reset();
        slack_thread_.join();
    }

    /// The bot's posts in Maria's DM that contain `needle`.
    std::optional<fakes::FakePost> dm_post_with(const std::string& needle) {
        for (const auto& p : slack_->posts_in(slack_->dm_channel_of(kMaria)))
            if (p.text.find(needle) != std::string::npos) return p;
        return std::nullopt;
    }

    std::optional<fakes::FakePost> card() const {
        for (const auto& p : slack_->posts_in(kDesk))
            if (p.thread_ts.empty() && p.text.find("INC-000001") != std::string::npos) return p;
        return std::nullopt;
    }

    testkit::TempDir dir_;
    asio::io_context slack_io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_{slack_io_.get_executor()};
    std::unique_ptr<fakes::FakeSlack> slack_;
    std::thread slack_thread_;
    std::unique_ptr<testing::ServiceProcess> service_;
};

TEST_F(IdentityAcrossPlatforms, ASlackUserLinksTheWebChatWithACodeThatSurvivesARestart) {
    // On Slack the profile tells who she is and how to reach her: straight to the people.
    slack_->user_dm(kMaria, "agent");
    ASSERT_TRUE(slack_->wait_until([&] { return dm_post_with("pass it straight to a person").has_value(); }));
    slack_->user_dm(kMaria, "my laptop screen flickers all the time");
    ASSERT_TRUE(slack_->wait_until([&] { return dm_post_with("passed INC-000001").has_value(); }));
    EXPECT_FALSE(dm_post_with("e-mail address or a phone number")) << "a Slack user is not asked";
    ASSERT_TRUE(slack_->wait_until([&] { return card().has_value(); }));
    EXPECT_NE(card()->text.find("Requester: Maria Rossi (slack) · maria@acme.example · +39 333 123 4567"), std::string::npos)
        << card()->text;

    // `link` in her DM: a one-time code.
    slack_->user_dm(kMaria, "link");
    ASSERT_TRUE(slack_->wait_until([&] { return dm_post_with("link code").has_value(); }));
    std::smatch m;
    const std::string offer = dm_post_with("link code")->text;
    ASSERT_TRUE(std::regex_search(offer, m, std::regex(R"(([A-Z2-9]{4}-[A-Z2-9]{4}))"))) << offer;
    const std::string code = m[1].str();

    // The service restarts before she opens the web chat: the code is in the store.
    ASSERT_EQ(service_->stop(SIGTERM), 0);
    service_.reset();
    start_service();

    asio::io_context page_io;
    testkit::WebchatPage page(page_io, service_->port());
    ASSERT_TRUE(page.ok());
    page.say("link " + code);
    ASSERT_FALSE(page.bot_line_with("this chat and your other one (Slack) are now linked").is_null());
    ASSERT_TRUE(slack_->wait_until([&] { return dm_post_with("linked with your other one (web chat)").has_value(); }));

    // Her Slack ticket is hers in the web chat.
    page.say("status");
    ASSERT_FALSE(page.bot_line_with("INC-000001").is_null());

    // The agent's answer comes where she last wrote: the web chat.
    const auto posted = *card();
    ASSERT_TRUE(slack_->click("U0ALICE", kDesk, posted.ts, "Claim"));
    ASSERT_FALSE(page.bot_line_with("Alice Romano").is_null()) << "she hears who took it, in the web chat";
    slack_->user_channel_message("U0ALICE", kDesk, "r Please install the display driver update", posted.ts);
    ASSERT_FALSE(page.bot_line_with("display driver update").is_null());
    EXPECT_FALSE(dm_post_with("display driver update")) << "not to the Slack DM she wrote from before";
    // A reused code changes nothing.
    page.say(code);
    ASSERT_FALSE(page.bot_line_with("already been used").is_null());
}

}  // namespace
}  // namespace frontline
