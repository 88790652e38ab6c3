// A requester on the web chat, agents on Slack: the real `frontline` binary as a child process with
// both adapters on, the fake Slack over loopback, a WebSocket client as the requester's page. The
// card reaches the Slack channel, the claim, both directions of the relay, the resolution and the
// confirmation cross platforms, and the journal shows each step.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/net/wait.hpp"
#include "adapters/net/websocket_client.hpp"
#include "tests/fakes/slack/fake_slack.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kDesk = "C0SERVICEDESK";  // the service-desk team's Slack room in agents.example.json

class WebchatToSlack : public ::testing::Test {
protected:
    void SetUp() override {
        slack_ = std::make_unique<fakes::FakeSlack>(slack_io_.get_executor(), fakes::FakeSlackOptions{});
        ASSERT_TRUE(slack_->start());
        slack_->add_channel(kDesk, "it-service-desk");
        slack_->add_user({"U0ALICE", "alice", "Alice Romano", "alice@acme.example", "en-US", "Europe/Rome"});
        slack_thread_ = std::thread([this] { slack_io_.run(); });

        const std::vector<std::string> args = {
            "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
            "--db", dir_.file("frontline.db").string(),
            "--set", "http.listen=\"127.0.0.1:0\"",
            "--set", "slack.enabled=true",
            "--set", "agents.file=\"agents.example.json\"",  // the teams with Slack rooms
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

    /// The requester's page: a WebSocket to the service, said hello to.
    void open_page(const std::string& time_zone = "") {
        net::WebSocketClient client(io_.get_executor(), nullptr);
        auto ws = testkit::run_coroutine(io_, client.connect("ws://127.0.0.1:" + std::to_string(service_->port()) + "/ws"));
        ASSERT_TRUE(ws) << ws.error().message;
        ws_ = *ws;
        json hello = {{"type", "hello"}, {"v", 1}, {"session", ""}, {"epoch", ""}, {"last_seq", 0}, {"locale", "en"}};
        if (!time_zone.empty()) hello["time_zone"] = time_zone;
        ws_->send(hello.dump());
        const json welcome = next();
        ASSERT_EQ(welcome.value("type", ""), "welcome") << welcome.dump();
    }

    /// The next frame, or null after 20 s of silence (a failure, not a hang).
    json next() {
        auto text = testkit::run_coroutine(io_, net::with_deadline(ws_->read(), 20s, "web chat frame"));
        if (!text) return json();
        json f = json::parse(*text);
        if (f.value("type", "") == "message" && f.contains("seq")) ws_->send(json{{"type", "ack"}, {"seq", f["seq"]}}.dump());
        return f;
    }

    /// Bot lines until one contains `needle`; that line (null when the page went quiet first).
    json bot_line_with(const std::string& needle) {
        for (json f = next(); !f.is_null(); f = next())
            if (f.value("type", "") == "message" && f.value("from", "") == "bot" &&
                f.value("text", "").find(needle) != std::string::npos)
                return f;
        return json();
    }

    void say(const std::string& text) {
        ws_->send(json{{"type", "message"}, {"id", "m" + std::to_string(++sent_)}, {"text", text}}.dump());
    }

    std::optional<fakes::FakePost> card() const {
        for (const auto& p : slack_->posts_in(kDesk))
            if (p.thread_ts.empty() && p.text.find("INC-000001") != std::string::npos) return p;
        return std::nullopt;
    }

    /// Polls `pred`; meanwhile the page's socket keeps working (its writes run on io_).
    bool eventually(const std::function<bool()>& pred) {
        for (auto until = std::chrono::steady_clock::now() + 20s; std::chrono::steady_clock::now() < until;
             std::this_thread::sleep_for(5ms)) {
            io_.restart();
            io_.poll();
            if (pred()) return true;
        }
        return false;
    }

    bool thread_has(const std::string& root, const std::string& needle) const {
        const auto posts = slack_->posts_in(kDesk);
        return std::any_of(posts.begin(), posts.end(), [&](const fakes::FakePost& p) {
            return p.thread_ts == root && p.text.find(needle) != std::string::npos;
        });
    }

    std::vector<std::string> journal(const std::string& ticket) {
        SQLite::Database db(dir_.file("frontline.db").string(), SQLite::OPEN_READONLY);
        db.setBusyTimeout(2000);
        SQLite::Statement q(db, "SELECT kind FROM journal WHERE ticket_id = ? ORDER BY seq");
        q.bind(1, ticket);
        std::vector<std::string> kinds;
        while (q.executeStep()) kinds.push_back(q.getColumn(0).getString());
        return kinds;
    }

    testkit::TempDir dir_;
    asio::io_context slack_io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_{slack_io_.get_executor()};
    std::unique_ptr<fakes::FakeSlack> slack_;
    std::thread slack_thread_;
    std::unique_ptr<testing::ServiceProcess> service_;
    asio::io_context io_;
    net::WebSocketPtr ws_;
    int sent_ = 0;
};

TEST_F(WebchatToSlack, ARequesterOnTheWebChatAndAnAgentOnSlackSolveItTogether) {
    open_page();
    // Straight to a person: the ticket is logged and escalated at once.
    say("agent");
    ASSERT_FALSE(bot_line_with("pass it straight to a person").is_null());
    say("my laptop screen flickers all the time");
    // The web chat tells neither a name nor how to reach the person: both asked before the hand-off,
    // a typo in the number re-asked.
    ASSERT_FALSE(bot_line_with("your name").is_null());
    say("Maria Rossi");
    ASSERT_FALSE(bot_line_with("e-mail address or a phone number").is_null());
    say("+39 333 CALL ME");
    ASSERT_FALSE(bot_line_with("doesn't look like an e-mail address or a phone number").is_null());
    say("+39 333 123 4567");
    ASSERT_FALSE(bot_line_with("passed INC-000001").is_null());

    // The card reaches the Slack room, saying who and how to reach them; Alice claims it there with the button.
    ASSERT_TRUE(eventually([&] { return card() && !card()->buttons.empty(); }));
    const auto posted = *card();
    EXPECT_NE(posted.text.find("Requester: Maria Rossi (webchat) · +39 333 123 4567"), std::string::npos) << posted.text;
    ASSERT_TRUE(slack_->click("U0ALICE", kDesk, posted.ts, "Claim"));
    ASSERT_FALSE(bot_line_with("Alice Romano").is_null()) << "the requester hears who took it";
    ASSERT_TRUE(eventually([&] { return card()->updates >= 1; })) << "the card is updated in place";
    ASSERT_TRUE(eventually([&] { return thread_has(posted.ts, "is yours"); })) << "Alice's confirmation sits beside the card";

    // The requester's words reach the card's thread on Slack, marked as theirs.
    say("It gets worse on battery");
    ASSERT_TRUE(eventually([&] { return thread_has(posted.ts, "It gets worse on battery"); }));

    // Internal talk stays in Slack; `r` reaches the web chat with Alice's name.
    slack_->user_channel_message("U0ALICE", kDesk, "Could be the panel cable, I have seen this model before", posted.ts);
    slack_->user_channel_message("U0ALICE", kDesk, "r Please install the display driver update and restart", posted.ts);
    const json relayed = bot_line_with("display driver update");
    ASSERT_FALSE(relayed.is_null());
    EXPECT_NE(relayed.value("text", "").find("Alice Romano"), std::string::npos) << relayed.dump();
    EXPECT_EQ(relayed.value("text", "").find("panel cable"), std::string::npos);
    ASSERT_TRUE(eventually([&] { return thread_has(posted.ts, "Please install the display driver"); }))
        << "the thread confirms what the requester saw";

    // Resolved from Slack; the requester confirms on the web chat with the button.
    slack_->user_channel_message("U0ALICE", kDesk, "resolve INC-000001 fixed Display driver updated", posted.ts);
    const json question = bot_line_with("Display driver updated");
    ASSERT_FALSE(question.is_null());
    ASSERT_TRUE(question.contains("choices") && question["choices"].size() == 2u) << question.dump();
    const json yes = question["choices"][0];
    ws_->send(json{{"type", "choice"}, {"id", "c1"}, {"payload", yes["payload"]}, {"label", yes["label"]}}.dump());
    ASSERT_FALSE(bot_line_with("closed").is_null());
    ASSERT_TRUE(eventually([&] { return card()->text.find("losed") != std::string::npos; })) << card()->text;

    const auto kinds = journal("INC-000001");
    auto at = kinds.begin();
    for (const char* k : {"escalation_ping", "claim", "relay_in", "relay_out", "resolution", "confirmed"}) {
        at = std::find(at, kinds.end(), k);
        ASSERT_NE(at, kinds.end()) << "journal lacks " << k << " in order";
        ++at;
    }
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "relay_out"), 1) << "the internal remark was not relayed";
}

TEST_F(WebchatToSlack, TheBrowsersZoneFromTheHelloIsHowTheRequesterReadsTimes) {
    open_page("America/New_York");
    say("agent");
    ASSERT_FALSE(bot_line_with("pass it straight to a person").is_null());
    say("my laptop screen flickers all the time");
    ASSERT_FALSE(bot_line_with("your name").is_null());
    say("skip");  // no contact details: the agents answer here
    ASSERT_FALSE(bot_line_with("passed INC-000001").is_null());
    say("status");
    const json status = bot_line_with("We aim to reply by");
    ASSERT_FALSE(status.is_null());
    EXPECT_NE(status.value("text", "").find("(New York time)"), std::string::npos) << status.dump();
    SQLite::Database db(dir_.file("frontline.db").string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(2000);
    EXPECT_EQ(db.execAndGet("SELECT timezone FROM persons p JOIN identities i ON i.person_id = p.id"
                            " WHERE i.platform = 'webchat'").getString(),
              "America/New_York");
    // The agents' card is said in the desk's zone (desk.time_zone of the shipped config: Rome).
    ASSERT_TRUE(eventually([&] { return card().has_value(); }));
    EXPECT_NE(card()->text.find("(Rome time)"), std::string::npos) << card()->text;
}

}  // namespace
}  // namespace frontline
