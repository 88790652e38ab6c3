// Issue 14: a requester on Telegram, an agent on the web chat. The real `frontline` binary with both
// adapters on, the fake Bot API over loopback, a WebSocket client as Alice's agents' view. Mario
// (Telegram in Italian) goes through the diagnosis with inline buttons until his ticket is escalated;
// the card reaches the web chat's agents' room, Alice claims it with the card's button and answers
// with its Reply button, Mario's answer reaches her page, she resolves, and he confirms on Telegram.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "adapters/webchat/session_token.hpp"
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

constexpr std::int64_t kMario = 777001;  // a requester whose Telegram speaks Italian
constexpr const char* kSecret = "agents-view-secret-for-the-telegram-test";

/// Alice's agents' view, remembering every line it was sent: cards, their updates in place and the
/// desk's confirmations arrive in an order the test does not fix.
class AgentsView {
public:
    AgentsView(asio::io_context& io, std::uint16_t port)
        : page_(io, port, testkit::AgentLogin{"alice", webchat::agent_token_for(kSecret, "alice"), "Alice Romano"}) {}

    testkit::WebchatPage& page() { return page_; }

    /// The first bot line (already seen or still to come) for which `pred` holds; null after 20 s of silence.
    json line(const std::function<bool(const json&)>& pred) {
        for (const auto& f : seen_)
            if (pred(f)) return f;
        for (json f = page_.next(); !f.is_null(); f = page_.next()) {
            if (f.value("type", "") != "message" || f.value("from", "") != "bot") continue;
            seen_.push_back(f);
            if (pred(f)) return f;
        }
        return json();
    }

    json line_with(const std::string& needle) {
        return line([&](const json& f) { return f.value("text", "").find(needle) != std::string::npos; });
    }

    /// Bot lines seen so far containing `needle`.
    long count_with(const std::string& needle) const {
        return std::count_if(seen_.begin(), seen_.end(), [&](const json& f) { return f.value("text", "").find(needle) != std::string::npos; });
    }

    /// Every bot line seen so far, for a failure's message.
    std::string transcript() const {
        std::string all;
        for (const auto& f : seen_) all += f.dump() + "\n";
        return all;
    }

private:
    testkit::WebchatPage page_;
    std::vector<json> seen_;
};

/// The choice of `line` labelled `label` (null when it has none).
json choice_labelled(const json& line, const std::string& label) {
    for (const auto& c : line.value("choices", json::array()))
        if (c.value("label", "") == label) return c;
    return json();
}

class TelegramToWebchatAgent : public ::testing::Test {
protected:
    void SetUp() override {
        telegram_ = std::make_unique<fakes::FakeTelegram>(tg_io_.get_executor());
        ASSERT_TRUE(telegram_->start());
        telegram_->add_user({kMario, "Mario", "Bianchi", "it"});
        tg_thread_ = std::thread([this] { tg_io_.run(); });
        const std::vector<std::string> args = {
            "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
            "--db", db().string(),
            "--set", "http.listen=\"127.0.0.1:0\"",
            "--set", "telegram.enabled=true",
            "--set", "telegram.api_base_url=" + json(telegram_->api_base_url()).dump(),
            // The example's desk with its rooms on the web chat only: Telegram is for requesters here.
            "--set", "agents.file=" + json(testkit::write_agents_file(dir_.file("agents.json"), {"webchat"}).string()).dump(),
            "--set", "telegram.poll_timeout_seconds=5",
        };
        service_ = std::make_unique<testing::ServiceProcess>(
            FRONTLINE_BINARY, args,
            std::map<std::string, std::string>{{"FRONTLINE_TELEGRAM_TOKEN", telegram_->options().token},
                                               {"FRONTLINE_WEBCHAT_AGENT_SECRET", kSecret}},
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
            for (const auto& m : telegram_->bot_messages_in(chat())) std::cerr << "bot -> Mario #" << m.message_id << ": " << m.text << "\n";
        }
        asio::post(tg_io_, [this] { telegram_->stop(); });
        work_.reset();
        tg_thread_.join();
    }

    std::filesystem::path db() { return dir_.file("frontline.db"); }
    static std::string chat() { return std::to_string(kMario); }
    long long scalar(const std::string& sql) { return testkit::store_scalar(db(), sql); }

    /// The bot's messages in Mario's private chat containing `needle`.
    long bot_says(const std::string& needle) const {
        const auto sent = telegram_->bot_messages_in(chat());
        return std::count_if(sent.begin(), sent.end(), [&](const fakes::FakeTgMessage& m) { return m.text.find(needle) != std::string::npos; });
    }

    /// The bot's first message in Mario's chat containing `needle` (the fake's latest text of it).
    fakes::FakeTgMessage bot_message_with(const std::string& needle) const {
        for (const auto& m : telegram_->bot_messages_in(chat()))
            if (m.text.find(needle) != std::string::npos) return m;
        return {};
    }

    /// Every update taken and every Telegram message of the outbox sent.
    bool settled() {
        return telegram_->pending_updates() == 0 && scalar("SELECT count(*) FROM outbox WHERE status = 'pending' AND platform = 'telegram'") == 0;
    }

    /// Mario answers the bot's questions (buttons preferred; free text when a question has none),
    /// keeping to the path that ends with a person, until his ticket is escalated. `presses` counts
    /// the buttons he pressed.
    void diagnose_until_escalated(testkit::WebchatPage& io_keeper, int& presses) {
        telegram_->user_message(kMario, "la VPN cade ogni cinque minuti da stamattina");
        std::size_t seen = 0;
        for (int step = 0; step < 30; ++step) {
            ASSERT_TRUE(io_keeper.eventually([&] { return telegram_->bot_messages_in(chat()).size() > seen && settled(); }))
                << "no answer at step " << step;
            const auto sent = telegram_->bot_messages_in(chat());
            seen = sent.size();
            if (scalar("SELECT count(*) FROM tickets WHERE status = 'escalated'") > 0) return;
            ASSERT_EQ(scalar("SELECT count(*) FROM tickets WHERE status IN ('resolved', 'closed')"), 0) << "solved without a person";
            const auto& last = sent.back();
            if (last.buttons.empty()) {
                telegram_->user_message(kMario, "Da stamattina, sul portatile Windows 11 in ufficio.");
                continue;
            }
            std::string pick = last.buttons.front().text;
            for (const auto& preferred : {"No, non funziona ancora", "No", "VPN"})
                for (const auto& b : last.buttons)
                    if (b.text == preferred) pick = b.text;
            auto pressed = telegram_->press(kMario, chat(), last.message_id, pick);
            ASSERT_TRUE(pressed) << pressed.error().message;
            ++presses;
        }
        FAIL() << "the diagnosis never reached a person";
    }

    testkit::TempDir dir_;
    asio::io_context tg_io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_{tg_io_.get_executor()};
    std::unique_ptr<fakes::FakeTelegram> telegram_;
    std::thread tg_thread_;
    std::unique_ptr<testing::ServiceProcess> service_;
};

TEST_F(TelegramToWebchatAgent, ARequesterOnTelegramAndAnAgentOnTheWebChatSolveItTogether) {
    asio::io_context io;
    AgentsView alice(io, service_->port());
    ASSERT_TRUE(alice.page().ok()) << "Alice's agents' view opens with her own token";
    auto& page = alice.page();

    // Mario reports on Telegram, in Italian, and answers with the inline buttons until a person is needed.
    int presses = 0;
    diagnose_until_escalated(page, presses);
    if (HasFatalFailure()) return;
    EXPECT_GE(presses, 2);
    EXPECT_EQ(telegram_->answered_callbacks(), presses) << "every press stopped its spinner";
    EXPECT_EQ(scalar("SELECT count(*) FROM tickets WHERE id = 'INC-000001' AND requester_platform = 'telegram' AND requester_user = '" +
                     chat() + "'"),
              1);

    // The card reaches the web chat's agents' room with its buttons; Alice claims it with one.
    const json card = alice.line([](const json& f) {
        return f.value("text", "").find("INC-000001") != std::string::npos && f.value("replaces", "").empty() &&
               !choice_labelled(f, "Claim").is_null();
    });
    ASSERT_FALSE(card.is_null()) << "the card never reached the agents' room";
    EXPECT_NE(card.value("text", "").find("Mario Bianchi"), std::string::npos) << card.dump();
    EXPECT_NE(card.value("text", "").find("telegram"), std::string::npos) << "the card says where the requester is: " << card.dump();
    page.choose(choice_labelled(card, "Claim"));

    // The card is updated in place, now with a Reply button; Mario hears in Italian who took it.
    const json claimed = alice.line([&](const json& f) {
        return f.value("replaces", "") == card.value("id", "") && !choice_labelled(f, "Reply").is_null();
    });
    ASSERT_FALSE(claimed.is_null()) << "the card was not updated after the claim";
    EXPECT_NE(claimed.value("text", "").find("Claimed by Alice Romano"), std::string::npos) << claimed.dump();
    ASSERT_TRUE(page.eventually([&] { return bot_says("Alice Romano del service desk IT ha preso in carico INC-000001") == 1; }));
    EXPECT_EQ(scalar("SELECT count(*) FROM tickets WHERE id = 'INC-000001' AND status = 'in_progress' AND assignee = 'alice'"), 1);

    // Alice answers with the card's Reply button; the words reach Mario's private chat once, with her name.
    const std::string advice = "Reinstalla il client VPN dal portale aziendale e riavvia il portatile";
    page.choose(choice_labelled(claimed, "Reply"), advice);
    ASSERT_TRUE(page.eventually([&] { return bot_says(advice) >= 1; })) << "the reply never reached Telegram";
    ASSERT_FALSE(alice.line_with("Sent to Mario Bianchi").is_null()) << "Alice sees it went out";
    const auto relayed = bot_message_with(advice);
    EXPECT_NE(relayed.text.find("Alice Romano"), std::string::npos) << relayed.text;
    EXPECT_NE(relayed.text.find("INC-000001"), std::string::npos) << relayed.text;

    // Mario answers in the private chat; Alice's page shows it, naming him and the ticket.
    const std::string answer = "Fatto, dopo il riavvio la VPN resta collegata";
    telegram_->user_message(kMario, answer);
    const json heard = alice.line_with(answer);
    ASSERT_FALSE(heard.is_null()) << "Mario's answer never reached the agents' room";
    EXPECT_NE(heard.value("text", "").find("Mario Bianchi"), std::string::npos) << heard.dump();
    EXPECT_NE(heard.value("text", "").find("INC-000001"), std::string::npos) << heard.dump();

    // Alice resolves with a typed command; Mario is asked in Italian and confirms with the button.
    page.say("resolve INC-000001 fixed Client VPN reinstallato, connessione stabile");
    ASSERT_TRUE(page.eventually([&] { return bot_says("Adesso funziona tutto?") == 1; }));
    EXPECT_EQ(scalar("SELECT count(*) FROM tickets WHERE id = 'INC-000001' AND status = 'resolved'"), 1);
    const auto question = bot_message_with("Adesso funziona tutto?");
    ASSERT_NE(question.text.find("Client VPN reinstallato"), std::string::npos) << question.text;
    EXPECT_NE(question.text.find("Alice Romano ha risolto INC-000001"), std::string::npos) << question.text;
    ASSERT_TRUE(telegram_->press(kMario, chat(), question.message_id, "Sì, funziona"));
    ASSERT_TRUE(page.eventually([&] { return bot_says("INC-000001 è chiuso") == 1; }));
    ASSERT_TRUE(page.eventually([&] { return scalar("SELECT count(*) FROM tickets WHERE id = 'INC-000001' AND status = 'closed'") == 1; }));
    // Every update names the card's own line, which is what the page updates (chat.js looks lines up
    // by id): the third one, after claimed and resolved, too.
    ASSERT_FALSE(alice.line([&](const json& f) {
                     return f.value("replaces", "") == card.value("id", "") && f.value("text", "").find("losed") != std::string::npos;
                 }).is_null())
        << "the card in the agents' room says it is closed:\n" << alice.transcript();

    // Nothing doubled: each side got the other's words once.
    int sends_of_advice = 0;
    for (const auto& c : telegram_->calls())
        if (c.method == "sendmessage" && c.body.find(advice) != std::string::npos) ++sends_of_advice;
    EXPECT_EQ(sends_of_advice, 1);
    EXPECT_EQ(bot_says(advice), 1);
    EXPECT_EQ(alice.count_with(answer), 1);
    EXPECT_EQ(scalar("SELECT count(*) FROM outbox WHERE platform = 'webchat' AND conversation = 'agents' AND message LIKE '%" + answer + "%'"), 1);
    EXPECT_EQ(telegram_->answered_callbacks(), presses + 1);

    const auto kinds = testkit::journal_kinds(db(), "INC-000001");
    auto at = kinds.begin();
    for (const char* k : {"escalation_ping", "claim", "relay_out", "relay_in", "resolution", "confirmed"}) {
        at = std::find(at, kinds.end(), k);
        ASSERT_NE(at, kinds.end()) << "journal lacks " << k << " in order";
        ++at;
    }
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "relay_out"), 1);
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "relay_in"), 1);
}

}  // namespace
}  // namespace frontline
