// Issue 12: exactly once towards Slack across a crash. chat.postMessage keeps no idempotency key, so
// the outbox records an attempt durably before the call and every post carries its row's key in
// message metadata; an attempt that was never confirmed first looks for the key in the
// conversation (conversations.history) and posts only what is missing. The real `frontline`
// binary against the fake Slack: killed right after Slack accepted a post, and killed at random
// moments of a storm of DMs ten times over; no message is ever in a DM twice.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <map>
#include <random>
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

class SlackExactlyOnce : public ::testing::Test {
protected:
    void SetUp() override {
        fakes::FakeSlackOptions options;
        // Slack's answer to a post comes 100 ms after the post: a kill in that window is likely.
        options.post_answer_delay = 100ms;
        // An app installed without the history scopes.
        options.history_missing_scope = ::testing::UnitTest::GetInstance()->current_test_info()->name() ==
                                        std::string("WithoutTheHistoryScopeAnInterruptedSendIsPostedAgainNotLost");
        slack_ = std::make_unique<fakes::FakeSlack>(io_.get_executor(), options);
        ASSERT_TRUE(slack_->start());
        slack_->add_channel("C0SERVICEDESK", "it-service-desk");
        for (int i = 0; i < kUsers; ++i)
            slack_->add_user({user(i), "user" + std::to_string(i), "User " + std::to_string(i), "", "en-US", "Europe/Rome"});
        thread_ = std::thread([this] { io_.run(); });
    }

    void TearDown() override {
        service_.reset();
        asio::post(io_, [this] { slack_->stop(); });
        work_.reset();
        thread_.join();
    }

    static std::string user(int i) { return "U0USER" + std::to_string(100 + i); }

    std::unique_ptr<testing::ServiceProcess> start(const std::string& fault = "") {
        const fakes::FakeSlackOptions tokens;
        std::map<std::string, std::string> env{{"FRONTLINE_SLACK_BOT_TOKEN", tokens.bot_token},
                                               {"FRONTLINE_SLACK_APP_TOKEN", tokens.app_token}};
        if (!fault.empty()) env["FRONTLINE_FAULT"] = fault;
        return std::make_unique<testing::ServiceProcess>(
            FRONTLINE_BINARY,
            std::vector<std::string>{
                "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
                "--db", dir_.file("frontline.db").string(),
                "--set", "http.listen=\"127.0.0.1:0\"",
                "--set", "slack.enabled=true",
                "--set", "slack.api_base_url=" + json(slack_->api_base_url()).dump(),
                "--set", "agents.file=" + json(testkit::write_agents_file(dir_.file("agents.json"), {"webchat", "slack"}).string()).dump()},
            env, dir_.file("service.log"));
    }

    long long scalar(const std::string& sql) { return testkit::store_scalar(dir_.file("frontline.db"), sql); }

    bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit = 30s) {
        for (auto until = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < until;
             std::this_thread::sleep_for(10ms))
            if (pred()) return true;
        return false;
    }

    /// The outbox keys one post carries: all the rows folded into it ("keys"), else its "key".
    static std::vector<std::string> keys_of(const fakes::FakePost& p) {
        if (p.metadata_json.empty()) return {};
        const auto payload = json::parse(p.metadata_json)["event_payload"];
        if (payload.contains("keys")) return payload["keys"].get<std::vector<std::string>>();
        return {payload["key"].get<std::string>()};
    }

    /// Outbox key -> how many posts carry it, over every message the bot posted.
    std::map<std::string, int> posts_per_key() const {
        std::map<std::string, int> n;
        for (const auto& p : slack_->posts())
            for (const auto& key : keys_of(p)) ++n[key];
        return n;
    }

    static constexpr int kUsers = 6;
    testkit::TempDir dir_;
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
    std::unique_ptr<fakes::FakeSlack> slack_;
    std::thread thread_;
    std::unique_ptr<testing::ServiceProcess> service_;
};

TEST_F(SlackExactlyOnce, KilledRightAfterSlackTookThePostItIsFoundAndNotPostedAgain) {
    auto service = start("after_delivery");
    ASSERT_NE(service->port(), 0) << "see " << dir_.file("service.log");
    slack_->user_dm(user(0), "hello");
    EXPECT_EQ(service->wait(), kFaultExitCode);
    ASSERT_EQ(slack_->posts_in(slack_->dm_channel_of(user(0))).size(), 1u) << "Slack has the answer once";
    EXPECT_EQ(scalar("SELECT count(*) FROM outbox WHERE status = 'pending' AND sending_since IS NOT NULL"), 1)
        << "the attempt was recorded before the call, the delivery never";

    service_ = start();
    ASSERT_NE(service_->port(), 0);
    ASSERT_TRUE(eventually([&] { return scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == 0; }));
    EXPECT_GE(slack_->calls_of("conversations.history"), 1) << "the unconfirmed post was looked for";
    EXPECT_EQ(slack_->posts_in(slack_->dm_channel_of(user(0))).size(), 1u) << "and found: not posted again";
    EXPECT_EQ(scalar("SELECT count(*) FROM outbox WHERE status = 'delivered' AND platform_message_id IS NOT NULL"),
              scalar("SELECT count(*) FROM outbox"));
    for (const auto& [key, n] : posts_per_key()) EXPECT_EQ(n, 1) << key;
    EXPECT_EQ(service_->stop(SIGTERM), 0);
}

TEST_F(SlackExactlyOnce, KilledRightAfterSlackTookAFoldedPostEveryRowInItIsFound) {
    // The intake's rows (ticket number, category, first question) go out as one message.
    auto service = start("after_delivery");
    ASSERT_NE(service->port(), 0) << "see " << dir_.file("service.log");
    slack_->user_dm(user(1), "The wifi in the office keeps disconnecting");
    EXPECT_EQ(service->wait(), kFaultExitCode);
    const auto dm = slack_->dm_channel_of(user(1));
    ASSERT_EQ(slack_->posts_in(dm).size(), 1u) << "Slack has the folded message once";
    const auto unconfirmed = scalar("SELECT count(*) FROM outbox WHERE status = 'pending' AND sending_since IS NOT NULL");
    EXPECT_GE(unconfirmed, 3) << "every row in it was recorded as being sent";
    EXPECT_EQ(static_cast<long long>(keys_of(slack_->posts_in(dm).front()).size()), unconfirmed);

    service_ = start();
    ASSERT_NE(service_->port(), 0);
    ASSERT_TRUE(eventually([&] { return scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == 0; }));
    EXPECT_EQ(slack_->posts_in(dm).size(), 1u) << "found by its keys: not posted again";
    EXPECT_EQ(scalar("SELECT count(DISTINCT platform_message_id) FROM outbox WHERE platform = 'slack'"), 1)
        << "all its rows are delivered as that one message";
    for (const auto& [key, n] : posts_per_key()) EXPECT_EQ(n, 1) << key;
    EXPECT_EQ(service_->stop(SIGTERM), 0);
}

TEST_F(SlackExactlyOnce, WithoutTheHistoryScopeAnInterruptedSendIsPostedAgainNotLost) {
    auto service = start("after_delivery");
    ASSERT_NE(service->port(), 0) << "see " << dir_.file("service.log");
    slack_->user_dm(user(0), "hello");
    EXPECT_EQ(service->wait(), kFaultExitCode);
    ASSERT_EQ(slack_->posts_in(slack_->dm_channel_of(user(0))).size(), 1u);

    service_ = start();
    ASSERT_NE(service_->port(), 0);
    ASSERT_TRUE(eventually([&] { return scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == 0; }));
    EXPECT_EQ(scalar("SELECT count(*) FROM outbox WHERE status = 'failed'"), 0) << "a refused lookup loses nothing";
    EXPECT_EQ(slack_->posts_in(slack_->dm_channel_of(user(0))).size(), 2u) << "posted again, the lesser harm";
    EXPECT_EQ(service_->stop(SIGTERM), 0);
}

TEST_F(SlackExactlyOnce, TenKillsAtRandomMomentsOfAStormLeaveNoMessageTwiceInAnyDm) {
    std::mt19937 rng(20261206);
    std::uniform_int_distribution<int> pause_ms(5, 400);
    int sent = 0;
    for (int round = 0; round < 10; ++round) {
        auto service = start();
        ASSERT_NE(service->port(), 0) << "round " << round << "; see " << dir_.file("service.log");
        for (int i = 0; i < kUsers; ++i) {
            slack_->user_dm(user(i), (sent++ % 3 == 0) ? "hello" : "my laptop screen flickers all the time");
            std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng) / kUsers));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
        service->stop(SIGKILL);
    }
    service_ = start();
    ASSERT_NE(service_->port(), 0);
    // Every DM is answered and every row delivered once Slack redelivered what was never acknowledged.
    ASSERT_TRUE(eventually([&] { return scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == 0; }, 60s));
    EXPECT_EQ(scalar("SELECT count(*) FROM outbox WHERE status = 'failed'"), 0);
    EXPECT_GE(scalar("SELECT count(*) FROM inbox"), sent) << "no DM lost";
    const auto per_key = posts_per_key();
    ASSERT_FALSE(per_key.empty());
    for (const auto& [key, n] : per_key) EXPECT_EQ(n, 1) << "posted " << n << " times: " << key;
    long long posted_keys = 0;
    for (const auto& p : slack_->posts()) posted_keys += static_cast<long long>(keys_of(p).size());
    EXPECT_EQ(static_cast<long long>(per_key.size()), posted_keys);
    EXPECT_EQ(service_->stop(SIGTERM), 0);
}

}  // namespace
}  // namespace frontline
