// Issues 14 and 15: every adapter in one process. The real `frontline` binary with Slack, Telegram,
// Matrix and the web chat on, the fake Bot API, Slack and homeserver over loopback. Tom asks for a
// person in his Telegram private chat; the card reaches the Slack room (and the team's Matrix room),
// Alice claims it with the button, the two talk through the bot (Tom in Telegram, Alice in the
// card's thread), she resolves from Slack and he confirms with the Telegram button. Meanwhile a web
// chat visitor and a Matrix user in a direct chat are served by the same process.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "tests/fakes/matrix/fake_homeserver.hpp"
#include "tests/fakes/slack/fake_slack.hpp"
#include "tests/fakes/telegram/fake_telegram.hpp"
#include "tests/support/agents_file.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/store_peek.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/webchat_page.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using nlohmann::json;

constexpr const char* kDesk = "C0SERVICEDESK";  // the service-desk team's Slack room in agents.example.json
constexpr std::int64_t kTom = 777002;           // a requester whose Telegram speaks English
constexpr const char* kMatrixDesk = "!servicedesk:example.org";  // the same team's Matrix room
constexpr const char* kLucy = "@lucy:example.org";              // a requester on Matrix

class AllAdapters : public ::testing::Test {
protected:
    void SetUp() override {
        slack_ = std::make_unique<fakes::FakeSlack>(io_.get_executor(), fakes::FakeSlackOptions{});
        ASSERT_TRUE(slack_->start());
        slack_->add_channel(kDesk, "it-service-desk");
        slack_->add_user({"U0ALICE", "alice", "Alice Romano", "alice@acme.example", "en-US", "Europe/Rome"});
        telegram_ = std::make_unique<fakes::FakeTelegram>(io_.get_executor());
        ASSERT_TRUE(telegram_->start());
        telegram_->add_user({kTom, "Tom", "Baker", "en"});
        matrix_ = std::make_unique<fakes::FakeHomeserver>(io_.get_executor());
        ASSERT_TRUE(matrix_->start());
        matrix_->create_room("@enzo:example.org", false, kMatrixDesk);
        matrix_->join_bot(kMatrixDesk);
        fakes_thread_ = std::thread([this] { io_.run(); });

        const fakes::FakeSlackOptions slack_tokens;
        const std::vector<std::string> args = {
            "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
            "--db", dir_.file("frontline.db").string(),
            "--set", "http.listen=\"127.0.0.1:0\"",
            "--set", "slack.enabled=true",
            "--set", "slack.api_base_url=" + json(slack_->api_base_url()).dump(),
            "--set", "telegram.enabled=true",
            "--set", "telegram.api_base_url=" + json(telegram_->api_base_url()).dump(),
            "--set", "telegram.poll_timeout_seconds=5",
            "--set", "matrix.enabled=true",
            "--set", "matrix.homeserver_url=" + json(matrix_->url()).dump(),
            "--set", "matrix.user_id=" + json(matrix_->options().bot_user_id).dump(),
            // The example's desk with rooms on Slack, Matrix and the web chat: Telegram is for requesters here.
            "--set", "agents.file=" + json(testkit::write_agents_file(dir_.file("agents.json"), {"webchat", "slack", "matrix"}).string()).dump(),
        };
        service_ = std::make_unique<testing::ServiceProcess>(
            FRONTLINE_BINARY, args,
            std::map<std::string, std::string>{{"FRONTLINE_SLACK_BOT_TOKEN", slack_tokens.bot_token},
                                               {"FRONTLINE_SLACK_APP_TOKEN", slack_tokens.app_token},
                                               {"FRONTLINE_TELEGRAM_TOKEN", telegram_->options().token},
                                               {"FRONTLINE_MATRIX_TOKEN", matrix_->options().access_token}},
            dir_.file("service.log"));
        ASSERT_NE(service_->port(), 0) << "the service did not start; see " << dir_.file("service.log");
    }

    void TearDown() override {
        if (service_) {
            EXPECT_EQ(service_->stop(SIGTERM), 0) << "a clean shutdown";
        }
        if (HasFailure()) {
            std::ifstream log(dir_.file("service.log"));
            std::cerr << "---- service.log\n" << log.rdbuf() << "----\n";
            for (const auto& m : telegram_->bot_messages_in(chat())) std::cerr << "bot -> Tom #" << m.message_id << ": " << m.text << "\n";
        }
        asio::post(io_, [this] {
            slack_->stop();
            telegram_->stop();
            matrix_->stop();
        });
        work_.reset();
        fakes_thread_.join();
    }

    static std::string chat() { return std::to_string(kTom); }
    long long scalar(const std::string& sql) { return testkit::store_scalar(dir_.file("frontline.db"), sql); }

    /// The bot's messages in Tom's private chat containing `needle`.
    long bot_says(const std::string& needle) const {
        const auto sent = telegram_->bot_messages_in(chat());
        return std::count_if(sent.begin(), sent.end(), [&](const fakes::FakeTgMessage& m) { return m.text.find(needle) != std::string::npos; });
    }

    fakes::FakeTgMessage bot_message_with(const std::string& needle) const {
        for (const auto& m : telegram_->bot_messages_in(chat()))
            if (m.text.find(needle) != std::string::npos) return m;
        return {};
    }

    std::optional<fakes::FakePost> card() const {
        for (const auto& p : slack_->posts_in(kDesk))
            if (p.thread_ts.empty() && p.text.find("INC-000001") != std::string::npos) return p;
        return std::nullopt;
    }

    bool thread_has(const std::string& root, const std::string& needle) const {
        const auto posts = slack_->posts_in(kDesk);
        return std::any_of(posts.begin(), posts.end(), [&](const fakes::FakePost& p) {
            return p.thread_ts == root && p.text.find(needle) != std::string::npos;
        });
    }

    testkit::TempDir dir_;
    asio::io_context io_;  // both fakes, on one thread
    asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
    std::unique_ptr<fakes::FakeSlack> slack_;
    std::unique_ptr<fakes::FakeTelegram> telegram_;
    std::unique_ptr<fakes::FakeHomeserver> matrix_;
    std::thread fakes_thread_;
    std::unique_ptr<testing::ServiceProcess> service_;
};

TEST_F(AllAdapters, ARequesterOnTelegramAndAnAgentOnSlackSolveItTogetherWhileTheWebChatAndMatrixServe) {
    // The web chat is served by the same process: a visitor is welcomed and answered.
    asio::io_context page_io;
    testkit::WebchatPage visitor(page_io, service_->port());
    ASSERT_TRUE(visitor.ok()) << "the web chat welcomes a visitor";
    visitor.say("hello");
    ASSERT_FALSE(visitor.next().is_null()) << "and answers them";
    // So is Matrix: Lucy opens a direct chat with the bot and is answered there.
    const auto dm = matrix_->create_room(kLucy);
    matrix_->invite_bot(dm, kLucy, /*is_direct=*/true);
    ASSERT_TRUE(visitor.eventually([&] { return matrix_->bot_joined(dm); }));
    matrix_->say(kLucy, dm, "hello");
    ASSERT_TRUE(visitor.eventually([&] { return !matrix_->bot_messages_in(dm).empty(); })) << "Lucy is answered on Matrix";

    // Tom asks for a person on Telegram and describes the problem: INC-000001 is escalated.
    telegram_->user_message(kTom, "agent");
    ASSERT_TRUE(visitor.eventually([&] { return bot_says("pass it straight to a person") == 1; }));
    telegram_->user_message(kTom, "my laptop screen flickers all the time");
    // Telegram tells his name but not how to reach him: asked once, before the hand-off.
    ASSERT_TRUE(visitor.eventually([&] { return bot_says("e-mail address or a phone number") == 1; }));
    EXPECT_EQ(bot_says("your name"), 0) << "the profile told his name";
    telegram_->user_message(kTom, "tom.baker@example.com");
    ASSERT_TRUE(visitor.eventually([&] { return bot_says("passed INC-000001") == 1; }));
    EXPECT_EQ(scalar("SELECT count(*) FROM tickets WHERE id = 'INC-000001' AND requester_platform = 'telegram' AND requester_user = '" +
                     chat() + "'"),
              1);

    // The card reaches the Slack room, naming Tom and where he is; Alice claims it with the button.
    ASSERT_TRUE(visitor.eventually([&] { return card() && !card()->buttons.empty(); }));
    const auto posted = *card();
    EXPECT_NE(posted.text.find("Tom Baker (telegram) · tom.baker@example.com"), std::string::npos) << posted.text;
    EXPECT_NE(posted.text.find("telegram"), std::string::npos) << "the card says where the requester is: " << posted.text;
    ASSERT_TRUE(visitor.eventually([&] {
        const auto cards = matrix_->bot_messages_in(kMatrixDesk);
        return std::any_of(cards.begin(), cards.end(), [](const auto& m) { return m.body.find("INC-000001") != std::string::npos; });
    })) << "the card reaches the team's Matrix room too";
    ASSERT_TRUE(slack_->click("U0ALICE", kDesk, posted.ts, "Claim"));
    ASSERT_TRUE(visitor.eventually([&] { return bot_says("Alice Romano") >= 1; })) << "Tom hears who took it";
    ASSERT_TRUE(visitor.eventually([&] { return card()->updates >= 1; })) << "the card is updated in place";

    // Tom's words reach the card's thread on Slack.
    telegram_->user_message(kTom, "It gets worse on battery");
    ASSERT_TRUE(visitor.eventually([&] { return thread_has(posted.ts, "It gets worse on battery"); }));

    // Internal talk stays in Slack; `r` reaches Tom's private chat with Alice's name, once.
    slack_->user_channel_message("U0ALICE", kDesk, "Could be the panel cable, I have seen this model before", posted.ts);
    slack_->user_channel_message("U0ALICE", kDesk, "r Please install the display driver update and restart", posted.ts);
    ASSERT_TRUE(visitor.eventually([&] { return bot_says("display driver update") == 1; }));
    const auto relayed = bot_message_with("display driver update");
    EXPECT_NE(relayed.text.find("Alice Romano"), std::string::npos) << relayed.text;
    EXPECT_EQ(bot_says("panel cable"), 0) << "the internal remark stayed in Slack";

    // Resolved from Slack; Tom confirms with the Telegram button, and the card says closed.
    slack_->user_channel_message("U0ALICE", kDesk, "resolve INC-000001 fixed Display driver updated", posted.ts);
    ASSERT_TRUE(visitor.eventually([&] { return bot_says("Display driver updated") == 1; }));
    const auto question = bot_message_with("Display driver updated");
    ASSERT_EQ(question.buttons.size(), 2u) << question.text;
    ASSERT_TRUE(telegram_->press(kTom, chat(), question.message_id, question.buttons.front().text));
    ASSERT_TRUE(visitor.eventually([&] { return scalar("SELECT count(*) FROM tickets WHERE id = 'INC-000001' AND status = 'closed'") == 1; }));
    ASSERT_TRUE(visitor.eventually([&] { return card()->text.find("losed") != std::string::npos; })) << card()->text;

    const auto kinds = testkit::journal_kinds(dir_.file("frontline.db"), "INC-000001");
    auto at = kinds.begin();
    for (const char* k : {"escalation_ping", "claim", "relay_in", "relay_out", "resolution", "confirmed"}) {
        at = std::find(at, kinds.end(), k);
        ASSERT_NE(at, kinds.end()) << "journal lacks " << k << " in order";
        ++at;
    }
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "relay_out"), 1) << "the internal remark was not relayed";
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "relay_in"), 1);
}

}  // namespace
}  // namespace frontline
