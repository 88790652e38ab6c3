// A requester on the web chat, an agent in the Telegram agents' group: the real `frontline` binary
// with both adapters on, the fake Bot API over loopback, a WebSocket client as the requester's page.
// The card reaches the group, Bruno claims it with the card's button, talks to the requester by
// replying to the card, resolves with /resolve@FrontlineBot, and the requester confirms.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "tests/fakes/telegram/fake_telegram.hpp"
#include "tests/support/agents_file.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/store_peek.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/webchat_page.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kGroup = "-1001234567890";  // the service-desk team's Telegram room in agents.example.json
constexpr std::int64_t kBruno = 5512345678;       // an L2 agent with a Telegram identity there
constexpr int kAgentCommandsPerMinute = 5;

class WebchatToTelegram : public ::testing::Test {
protected:
    void SetUp() override {
        telegram_ = std::make_unique<fakes::FakeTelegram>(tg_io_.get_executor());
        ASSERT_TRUE(telegram_->start());
        telegram_->add_group(kGroup, "IT Service Desk");
        telegram_->add_user({kBruno, "Bruno", "Esposito", "it"});
        tg_thread_ = std::thread([this] { tg_io_.run(); });
        const std::vector<std::string> args = {
            "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
            "--db", dir_.file("frontline.db").string(),
            "--set", "http.listen=\"127.0.0.1:0\"",
            "--set", "telegram.enabled=true",
            "--set", "telegram.api_base_url=" + json(telegram_->api_base_url()).dump(),
            // The example's teams on the web chat and Telegram: kGroup is service-desk's Telegram room.
            "--set", "agents.file=" + nlohmann::json(testkit::write_agents_file(dir_.file("agents.json"), {"webchat", "telegram"}).string()).dump(),
            "--set", "telegram.poll_timeout_seconds=5",
            // Low enough for AnAgentsFloodOfCommandsIsCutOffAtTheLimit; the other test sends fewer.
            "--set", "limits.agent_commands_per_minute=" + std::to_string(kAgentCommandsPerMinute),
        };
        service_ = std::make_unique<testing::ServiceProcess>(
            FRONTLINE_BINARY, args, std::map<std::string, std::string>{{"FRONTLINE_TELEGRAM_TOKEN", telegram_->options().token}},
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
        }
        asio::post(tg_io_, [this] { telegram_->stop(); });
        work_.reset();
        tg_thread_.join();
    }

    /// The web chat requester asks for a person and describes the problem: INC-000001 is escalated.
    static ::testing::AssertionResult report_to_a_person(testkit::WebchatPage& page) {
        if (!page.ok()) return ::testing::AssertionFailure() << "no welcome";
        page.say("agent");
        if (page.bot_line_with("pass it straight to a person").is_null())
            return ::testing::AssertionFailure() << "no offer to pass it on";
        page.say("my laptop screen flickers all the time");
        // Who is writing, and how to reach them: the web chat's profile tells neither.
        if (page.bot_line_with("your name").is_null()) return ::testing::AssertionFailure() << "the name was not asked";
        page.say("Maria Rossi");
        if (page.bot_line_with("e-mail address or a phone number").is_null())
            return ::testing::AssertionFailure() << "no e-mail or phone asked";
        page.say("skip");
        if (page.bot_line_with("passed INC-000001").is_null()) return ::testing::AssertionFailure() << "INC-000001 not passed on";
        return ::testing::AssertionSuccess();
    }

    std::optional<fakes::FakeTgMessage> card() const {
        for (const auto& m : telegram_->bot_messages_in(kGroup))
            if (m.reply_to == 0 && m.text.find("INC-000001") != std::string::npos) return m;
        return std::nullopt;
    }

    /// A bot message in the group after the card containing `needle` (Telegram declares no threads:
    /// posts about a ticket go to the group itself and name the ticket).
    bool beside_card(std::int64_t card_id, const std::string& needle) const {
        const auto sent = telegram_->bot_messages_in(kGroup);
        return std::any_of(sent.begin(), sent.end(), [&](const fakes::FakeTgMessage& m) {
            return m.message_id > card_id && m.text.find(needle) != std::string::npos && m.text.find("INC-000001") != std::string::npos;
        });
    }

    testkit::TempDir dir_;
    asio::io_context tg_io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_{tg_io_.get_executor()};
    std::unique_ptr<fakes::FakeTelegram> telegram_;
    std::thread tg_thread_;
    std::unique_ptr<testing::ServiceProcess> service_;
};

TEST_F(WebchatToTelegram, AnAgentInTheTelegramGroupClaimsAndSolvesAWebChatRequestersTicket) {
    asio::io_context io;
    testkit::WebchatPage page(io, service_->port());
    ASSERT_TRUE(report_to_a_person(page));

    // The card reaches the Telegram group with its buttons; Bruno claims it there.
    ASSERT_TRUE(page.eventually([&] { return card() && !card()->buttons.empty(); }));
    const auto posted = *card();
    ASSERT_TRUE(telegram_->press(kBruno, kGroup, posted.message_id, "Claim"));
    ASSERT_FALSE(page.bot_line_with("Bruno Esposito").is_null()) << "the requester hears who took it";
    ASSERT_TRUE(page.eventually([&] { return card()->edits >= 1; })) << "the card is edited in place";

    // The requester's words reach the group, naming the ticket.
    page.say("It gets worse on battery");
    ASSERT_TRUE(page.eventually([&] { return beside_card(posted.message_id, "It gets worse on battery"); })) << [&] {
        std::string all;
        for (const auto& m : telegram_->bot_messages_in(kGroup))
            all += std::to_string(m.message_id) + " re " + std::to_string(m.reply_to) + ": " + m.text + "\n";
        return all;
    }();

    // Bruno answers by replying to the card with `r`; the web chat shows it with his name.
    telegram_->group_message(kBruno, kGroup, "r Please install the display driver update and restart", posted.message_id);
    const json relayed = page.bot_line_with("display driver update");
    ASSERT_FALSE(relayed.is_null());
    EXPECT_NE(relayed.value("text", "").find("Bruno Esposito"), std::string::npos) << relayed.dump();

    // Resolved with a command addressed to the bot by name; the requester confirms.
    telegram_->group_message(kBruno, kGroup, "/resolve@FrontlineBot INC-000001 fixed Display driver updated");
    const json question = page.bot_line_with("Display driver updated");
    ASSERT_FALSE(question.is_null());
    ASSERT_TRUE(question.contains("choices") && question["choices"].size() == 2u) << question.dump();
    page.choose(question["choices"][0]);
    ASSERT_FALSE(page.bot_line_with("closed").is_null());

    const auto kinds = testkit::journal_kinds(dir_.file("frontline.db"), "INC-000001");
    auto at = kinds.begin();
    for (const char* k : {"escalation_ping", "claim", "relay_in", "relay_out", "resolution", "confirmed"}) {
        at = std::find(at, kinds.end(), k);
        ASSERT_NE(at, kinds.end()) << "journal lacks " << k << " in order";
        ++at;
    }
    EXPECT_EQ(telegram_->answered_callbacks(), 1);
}

TEST_F(WebchatToTelegram, AnAgentsFloodOfCommandsIsCutOffAtTheLimit) {
    asio::io_context io;
    testkit::WebchatPage page(io, service_->port());
    ASSERT_TRUE(report_to_a_person(page));
    ASSERT_TRUE(page.eventually([&] { return card().has_value(); }));

    // Bruno's account (or a script holding it) sends twice the limit of notes within the minute.
    for (int i = 1; i <= 2 * kAgentCommandsPerMinute; ++i)
        telegram_->group_message(kBruno, kGroup, "/note@FrontlineBot INC-000001 check " + std::to_string(i));
    auto told = [&] {
        int n = 0;
        for (const auto& m : telegram_->bot_messages_in(kGroup))
            n += m.text.find("more commands in a minute than I take from one agent") != std::string::npos ? 1 : 0;
        return n;
    };
    auto notes = [&] {
        const auto kinds = testkit::journal_kinds(dir_.file("frontline.db"), "INC-000001");
        return std::count(kinds.begin(), kinds.end(), std::string("note"));
    };
    ASSERT_TRUE(page.eventually([&] { return told() == 1 && notes() == kAgentCommandsPerMinute; }))
        << "told " << told() << " times, " << notes() << " notes";
    // Settled: what was refused never reaches the journal, and the group heard it once.
    ASSERT_TRUE(page.eventually([&] {
        std::ifstream in(dir_.file("service.log"));
        std::stringstream s;
        s << in.rdbuf();
        return s.str().find("limits.agent_commands_per_minute") != std::string::npos;
    })) << "a warning is logged";
    EXPECT_EQ(notes(), kAgentCommandsPerMinute);
    EXPECT_EQ(told(), 1);
    // The requester is not an agent: their conversation goes on.
    page.say("It gets worse on battery");
    ASSERT_TRUE(page.eventually([&] {
        const auto sent = telegram_->bot_messages_in(kGroup);
        return std::any_of(sent.begin(), sent.end(), [](const fakes::FakeTgMessage& m) {
            return m.text.find("It gets worse on battery") != std::string::npos;
        });
    }));
}

}  // namespace
}  // namespace frontline
