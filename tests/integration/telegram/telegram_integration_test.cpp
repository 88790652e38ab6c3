// The real Telegram connector with the real engine loop, outbox dispatcher and Desk, against the
// fake Bot API over loopback: conversations in private chats, agents in the group, and the faults
// Telegram throws at bots (429 storms, 409 conflicts).
#include <gtest/gtest.h>

#include <map>

#include "telegram_harness.hpp"

namespace frontline::testing_telegram {
namespace {

using namespace std::chrono_literals;

/// Every bot message in `chat` came from exactly one outbox row, and every edit (an answered
/// question losing its buttons) from exactly one more: nothing lost, nothing doubled.
void expect_messages_match_outbox(TelegramHarness& h, const std::string& chat) {
    const std::string rows = "SELECT count(*) FROM outbox WHERE platform = 'telegram' AND conversation = '" + chat +
                             "' AND status = 'delivered' AND json_extract(message, '$.replaces') ";
    EXPECT_EQ(h.scalar("SELECT count(*) FROM outbox WHERE platform = 'telegram' AND status <> 'delivered'"), 0);
    const auto sent = h.fake().bot_messages_in(chat);
    long long edits = 0;
    for (const auto& m : sent) edits += m.edits;
    EXPECT_EQ(static_cast<long long>(sent.size()), h.scalar(rows + "= ''"));
    EXPECT_EQ(edits, h.scalar(rows + "<> ''"));
}

/// Each update was handed out once at most, except the ones listed as redelivered.
void expect_each_update_once(const fakes::FakeTelegram& fake) {
    std::map<std::int64_t, int> times;
    for (auto id : fake.handed_out()) ++times[id];
    for (const auto& [id, n] : times) EXPECT_EQ(n, 1) << "update " << id << " was handed out " << n << " times";
}

TEST(TelegramIntegration, WholeDiagnosisInAnItalianPrivateChatWithInlineKeyboards) {
    TelegramHarness h;
    h.start();
    int presses = 0;
    const int steps = drive_private_chat(h, kMario, "la VPN cade ogni cinque minuti da stamattina", &presses);
    EXPECT_LT(steps, 30) << "the conversation never reached a hand-off";
    const auto chat = std::to_string(kMario);
    const auto sent = h.fake().bot_messages_in(chat);
    ASSERT_GE(sent.size(), 3u);
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets WHERE status = 'escalated'"), 1);
    // Italian from language_code "it": the questions and the answers in place.
    bool asked_impact = false;
    int answered = 0;
    for (const auto& m : sent) {
        asked_impact = asked_impact || m.text.find("Chi è coinvolto?") != std::string::npos;
        EXPECT_EQ(m.text.find("Who is affected"), std::string::npos) << m.text;
        // Only the hand-off message keeps a button: the lasting "Segnala un altro problema".
        EXPECT_EQ(m.buttons.size(), m.text.find("Ho passato INC-") != std::string::npos ? 1u : 0u)
            << "live buttons left behind: " << m.text;
        if (m.edits == 0) continue;
        ++answered;
        EXPECT_EQ(m.edits, 1);
        EXPECT_NE(m.text.find("Hai risposto: "), std::string::npos) << m.text;
        EXPECT_NE(m.html.find("<b>"), std::string::npos) << "HTML parse mode: " << m.html;
    }
    EXPECT_TRUE(asked_impact);
    EXPECT_GE(answered, 3) << "impact, urgency and at least one diagnosis question";
    EXPECT_GE(presses, 3);
    // Every press was answered (the spinner stops), and the callback data never carried a payload.
    EXPECT_EQ(h.fake().answered_callbacks(), presses);
    for (const auto& c : h.fake().calls())
        if (c.method == "sendmessage") {
            EXPECT_EQ(c.body.find("impact|"), std::string::npos) << c.body;
        }
    EXPECT_EQ(h.scalar("SELECT count(*) FROM persons WHERE name = 'Mario Bianchi' AND locale = 'it'"), 1);
    expect_messages_match_outbox(h, chat);
    expect_each_update_once(h.fake());
    // The escalation card reached the agents' group with its buttons.
    ASSERT_TRUE(h.eventually([&] { return !h.fake().bot_messages_in(kAgentsChat).empty(); }));
    const auto card = h.fake().bot_messages_in(kAgentsChat).front();
    EXPECT_NE(card.text.find("INC-000001"), std::string::npos) << card.text;
    EXPECT_FALSE(card.buttons.empty());
}

TEST(TelegramIntegration, WholeDiagnosisInEnglishAndTheCommandMenusInBothLanguages) {
    TelegramHarness h;
    h.start();
    const int steps = drive_private_chat(h, kLucy, "my VPN drops every five minutes since this morning");
    EXPECT_LT(steps, 30);
    const auto sent = h.fake().bot_messages_in(std::to_string(kLucy));
    bool english = false;
    for (const auto& m : sent) english = english || m.text.find("Who is affected?") != std::string::npos;
    EXPECT_TRUE(english);
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets WHERE status = 'escalated'"), 1);
    expect_messages_match_outbox(h, std::to_string(kLucy));
    // setMyCommands: users' menus (default, en, it) and the agents' group menus.
    const auto menus = h.fake().command_menus();
    int italian = 0, group = 0;
    for (const auto& m : menus) {
        italian += m.find("\"language_code\":\"it\"") != std::string::npos;
        group += m.find(kAgentsChat) != std::string::npos;
    }
    EXPECT_GE(menus.size(), 6u);
    EXPECT_EQ(italian, 2);
    EXPECT_EQ(group, 3);
    EXPECT_EQ(h.fake().calls_of("deleteWebhook"), 1) << "polling starts by removing any webhook";
}

TEST(TelegramIntegration, StartGreetsAndAButtonFromAnotherChatIsNotHonoured) {
    TelegramHarness h;
    h.start();
    h.fake().user_message(kLucy, "/start");
    const auto chat = std::to_string(kLucy);
    ASSERT_TRUE(h.eventually([&] { return !h.fake().bot_messages_in(chat).empty() && h.settled(); }));
    EXPECT_NE(h.fake().bot_messages_in(chat).front().text.find("IT service desk"), std::string::npos);
    // An unknown command is answered politely and changes nothing.
    h.fake().user_message(kLucy, "/frobnicate");
    ASSERT_TRUE(h.eventually([&] { return h.fake().bot_messages_in(chat).size() == 2 && h.settled(); }));
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets"), 0);
}

TEST(TelegramIntegration, AnAgentClaimsInTheGroupWithTheBotsNameAndAnswersByReplyingToTheCard) {
    TelegramHarness h;
    h.start();
    drive_private_chat(h, kMario, "la VPN cade ogni cinque minuti da stamattina");
    ASSERT_TRUE(h.eventually([&] { return !h.fake().bot_messages_in(kAgentsChat).empty() && h.settled(); }));
    const auto card = h.fake().bot_messages_in(kAgentsChat).front();
    // Privacy mode on: in groups the bot sees commands, addressed to it by name.
    h.fake().group_message(kBruno, kAgentsChat, "/claim@FrontlineBot INC-000001");
    ASSERT_TRUE(h.eventually([&] { return h.scalar("SELECT count(*) FROM tickets WHERE status = 'in_progress'") == 1 && h.settled(); }));
    EXPECT_EQ(h.scalar("SELECT count(*) FROM journal WHERE kind = 'claim' AND json_extract(details, '$.agent') = 'bruno'"), 1);
    // The requester hears about it in Italian.
    const auto to_mario = h.fake().bot_messages_in(std::to_string(kMario));
    EXPECT_NE(to_mario.back().text.find("Bruno"), std::string::npos) << to_mario.back().text;
    // A command with the bot's name and a ticket from the group reaches the requester.
    const auto before = h.fake().bot_messages_in(std::to_string(kMario)).size();
    h.fake().group_message(kBruno, kAgentsChat, "/reply@FrontlineBot INC-000001 riavvia il client VPN, per favore");
    ASSERT_TRUE(h.eventually([&] { return h.fake().bot_messages_in(std::to_string(kMario)).size() > before && h.settled(); }));
    EXPECT_NE(h.fake().bot_messages_in(std::to_string(kMario)).back().text.find("riavvia il client VPN"), std::string::npos);
    // A claim by someone who is not an agent is refused and changes nothing.
    h.fake().add_user({999, "Eve", "", "en"});
    h.fake().group_message(999, kAgentsChat, "/unclaim@FrontlineBot INC-000001");
    ASSERT_TRUE(h.eventually([&] { return h.settled(); }));
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets WHERE status = 'in_progress'"), 1);
    (void)card;
}

TEST(TelegramIntegration, A429StormDelaysMessagesButLosesAndDoublesNone) {
    TelegramHarness h;
    h.start();
    // Telegram answers the next six sends with 429 and retry_after 1.
    h.fake().rate_limit("sendMessage", 6, 1);
    const auto chat = std::to_string(kLucy);
    h.fake().user_message(kLucy, "/start");
    h.fake().user_message(kLucy, "/help");
    h.fake().user_message(kLucy, "/status");
    ASSERT_TRUE(h.eventually([&] { return h.fake().bot_messages_in(chat).size() >= 3 && h.settled(); }, 40s));
    int limited = 0;
    for (const auto& c : h.fake().calls()) limited += c.method == "sendmessage" && c.status == 429;
    EXPECT_EQ(limited, 6);
    expect_messages_match_outbox(h, chat);
    EXPECT_EQ(h.scalar("SELECT count(*) FROM outbox WHERE status = 'failed'"), 0);
}

TEST(TelegramIntegration, AnotherPollerStopsTheAdapterWithAClearMessage) {
    TelegramHarness h;
    h.start();
    ASSERT_TRUE(h.eventually([&] { return h.adapter().connected() && h.fake().polls_waiting() > 0; }));
    h.fake().start_competing_poller();
    auto error = h.run_error(20s);
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->find("409"), std::string::npos) << *error;
    EXPECT_NE(error->find("another process is polling"), std::string::npos) << *error;
    EXPECT_FALSE(h.adapter().connected());
}

TEST(TelegramIntegration, AWebhookSetElsewhereStopsPollingWithAClearMessage) {
    TelegramHarness h;
    h.start();
    ASSERT_TRUE(h.eventually([&] { return h.adapter().connected() && h.fake().polls_waiting() > 0; }));
    h.fake().set_webhook_elsewhere("https://elsewhere.example.org/hook");
    auto error = h.run_error(20s);
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->find("webhook"), std::string::npos) << *error;
    EXPECT_NE(error->find("telegram.mode"), std::string::npos) << *error;
}

TEST(TelegramIntegration, ABlockedUserIsUnreachableButTheTicketStays) {
    TelegramHarness h;
    h.start();
    drive_private_chat(h, kMario, "la VPN cade ogni cinque minuti da stamattina");
    ASSERT_TRUE(h.eventually([&] { return !h.fake().bot_messages_in(kAgentsChat).empty() && h.settled(); }));
    const auto to_mario_before = h.fake().bot_messages_in(std::to_string(kMario)).size();
    const auto in_group_before = h.fake().bot_messages_in(kAgentsChat).size();
    h.fake().block_bot(kMario);
    // Bruno claims: the "Bruno is on it" to Mario is refused with 403 (the bot was blocked).
    h.fake().group_message(kBruno, kAgentsChat, "/claim@FrontlineBot INC-000001");
    ASSERT_TRUE(h.eventually([&] {
        return h.scalar("SELECT count(*) FROM journal WHERE kind = 'requester_unreachable'") == 1 && h.settled();
    }));
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets WHERE status = 'in_progress'"), 1) << "the ticket is kept";
    EXPECT_EQ(h.scalar("SELECT count(*) FROM journal WHERE kind = 'requester_unreachable' "
                       "AND json_extract(details, '$.platform') = 'telegram'"), 1);
    // The group hears it once (agents.locale: English) and is told to use another channel.
    auto notices = [&] {
        const auto group = h.fake().bot_messages_in(kAgentsChat);
        int n = 0;
        for (std::size_t i = in_group_before; i < group.size(); ++i)
            n += group[i].text.find("INC-000001") != std::string::npos &&
                         group[i].text.find("can no longer be reached on telegram") != std::string::npos
                     ? 1
                     : 0;
        return n;
    };
    EXPECT_EQ(notices(), 1);
    EXPECT_EQ(h.fake().bot_messages_in(std::to_string(kMario)).size(), to_mario_before) << "nothing reached Mario";
    // A reply that fails too is journalled by the outbox, not announced again; 403 is never retried.
    h.fake().group_message(kBruno, kAgentsChat, "/reply@FrontlineBot INC-000001 riavvia il client VPN, per favore");
    ASSERT_TRUE(h.eventually([&] { return h.scalar("SELECT count(*) FROM outbox WHERE status = 'failed'") >= 2 && h.settled(); }));
    EXPECT_EQ(h.scalar("SELECT count(*) FROM journal WHERE kind = 'requester_unreachable'"), 1);
    EXPECT_EQ(h.scalar("SELECT count(*) FROM outbox WHERE status = 'pending'"), 0) << "403 is permanent: no retry loop";
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets"), 1);
    EXPECT_EQ(notices(), 1);
}

}  // namespace
}  // namespace frontline::testing_telegram
