// The real Matrix connector with the real engine loop, outbox dispatcher and Desk, against the fake
// homeserver over loopback: conversations in DMs, agents in threads, and the faults Matrix throws.
#include <gtest/gtest.h>

#include <algorithm>

#include "bot/cli/check_config.hpp"
#include "matrix_harness.hpp"

namespace frontline::testing_matrix {
namespace {

using namespace std::chrono_literals;

constexpr const char* kLucy = "@lucy:example.org";
constexpr const char* kMario = "@mario:example.org";

/// Every new bot message in `room` came from exactly one delivered outbox row and every edit from
/// one more: nothing lost, nothing doubled.
void expect_messages_match_outbox(MatrixHarness& h, const std::string& room) {
    const std::string rows = "SELECT count(*) FROM outbox WHERE platform = 'matrix' AND conversation = '" + room +
                             "' AND status = 'delivered' AND json_extract(message, '$.replaces') ";
    EXPECT_EQ(h.scalar("SELECT count(*) FROM outbox WHERE platform = 'matrix' AND status <> 'delivered'"), 0);
    long long fresh = 0, edits = 0;
    for (const auto& m : h.fake().bot_messages_in(room)) (m.replaces.empty() ? fresh : edits) += 1;
    EXPECT_EQ(fresh, h.scalar(rows + "= ''"));
    EXPECT_EQ(edits, h.scalar(rows + "<> ''"));
}

bool room_has(MatrixHarness& h, const std::string& room, const std::string& text) {
    const auto all = h.fake().bot_messages_in(room);
    return std::any_of(all.begin(), all.end(), [&](const auto& m) { return m.body.find(text) != std::string::npos; });
}

TEST(MatrixIntegration, FullDiagnosisInADmAnsweredByNumbers) {
    MatrixHarness h;
    h.start();
    const auto dm = h.open_dm(kLucy);
    const int steps = drive_dm_conversation(h, kLucy, dm, "my VPN drops every five minutes since this morning",
                                            "Since this morning, on my Windows 11 laptop.");
    EXPECT_LT(steps, 30) << "the conversation never reached a hand-off";
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets WHERE status = 'escalated'"), 1);
    EXPECT_TRUE(room_has(h, dm, "INC-")) << "the requester is told the ticket's id";
    int lists = 0;
    for (const auto& m : h.fake().bot_messages_in(dm)) {
        EXPECT_EQ(m.msgtype, "m.text") << "dialogue is text, not a notice";
        EXPECT_NE(m.content_json.find("\"m.mentions\""), std::string::npos);
        if (m.replaces.empty() && !numbered_choices(m.formatted_body).empty()) {
            ++lists;
            EXPECT_NE(m.body.find("\n1. "), std::string::npos) << "the plain body numbers them too: " << m.body;
        }
    }
    EXPECT_GE(lists, 3) << "impact, urgency and at least one diagnosis question, as numbered lists";
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox WHERE event_key LIKE '%$ev%'"), steps + 1)
        << "each of Lucy's messages once; none of the bot's echoes";
    expect_messages_match_outbox(h, dm);

    // The card reached the agents' room as a notice pinging the team's Matrix agents.
    const auto cards = h.fake().bot_messages_in(kAgentsRoom);
    ASSERT_FALSE(cards.empty());
    EXPECT_EQ(cards.front().msgtype, "m.notice");
    EXPECT_NE(cards.front().body.find("INC-000001"), std::string::npos) << cards.front().body;
}

TEST(MatrixIntegration, ItalianDiagnosisInADm) {
    MatrixHarness h;
    h.start();
    const auto dm = h.open_dm(kMario);
    const int steps = drive_dm_conversation(h, kMario, dm, "la VPN si disconnette ogni cinque minuti da stamattina",
                                            "Da stamattina, sul portatile con Windows 11.");
    EXPECT_LT(steps, 30);
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets WHERE status = 'escalated'"), 1);
    EXPECT_TRUE(room_has(h, dm, "INC-"));
    EXPECT_TRUE(room_has(h, dm, "Grazie") || room_has(h, dm, "grazie")) << "answered in Italian";
    expect_messages_match_outbox(h, dm);
}

TEST(MatrixIntegration, AgentClaimsAndAnswersInTheCardsThread) {
    MatrixHarness h;
    h.start();
    const auto dm = h.open_dm(kLucy);
    h.fake().say(kLucy, dm, "agent");
    ASSERT_TRUE(h.eventually([&] { return room_has(h, dm, "person") && h.settled(); }));
    h.fake().say(kLucy, dm, "my laptop screen flickers all the time");
    // Asked how to reach her before the hand-off (Matrix tells only her name): she skips it.
    ASSERT_TRUE(h.eventually([&] { return room_has(h, dm, "e-mail address or a phone number") && h.settled(); }));
    h.fake().say(kLucy, dm, "skip");
    ASSERT_TRUE(h.eventually([&] { return h.scalar("SELECT count(*) FROM tickets WHERE status = 'escalated'") == 1 && h.settled(); }));
    ASSERT_TRUE(h.eventually([&] { return !h.fake().bot_messages_in(kAgentsRoom).empty(); }));
    const auto card = h.fake().bot_messages_in(kAgentsRoom).front();
    ASSERT_TRUE(card.thread_root.empty());
    EXPECT_NE(card.body.find("claim INC-000001"), std::string::npos) << "no buttons: the card says what to type\n" << card.body;

    // Enzo (an L2 agent in config/agents.example.json) claims in the card's thread.
    h.fake().say(kEnzo, kAgentsRoom, "claim INC-000001", fakes::FakeSay{card.event_id, "", "m.text", {}});
    ASSERT_TRUE(h.eventually([&] { return h.scalar("SELECT count(*) FROM tickets WHERE status = 'in_progress'") == 1 && h.settled(); }));
    EXPECT_TRUE(h.eventually([&] { return room_has(h, dm, "Enzo"); })) << "Lucy hears who took her ticket";
    bool edited = false;
    for (const auto& m : h.fake().bot_messages_in(kAgentsRoom)) edited = edited || m.replaces == card.event_id;
    EXPECT_TRUE(edited) << "the card is updated in place with m.replace";

    // `r` in the thread reaches Lucy with Enzo's name; a reply with a quoted fallback is read after it.
    h.fake().say(kEnzo, kAgentsRoom, "r Please update the display driver and restart", fakes::FakeSay{card.event_id, "", "m.text", {}});
    ASSERT_TRUE(h.eventually([&] { return room_has(h, dm, "Please update the display driver") && h.settled(); }));
    h.fake().say(kLucy, dm, "It still flickers after the restart");
    ASSERT_TRUE(h.eventually([&] {
        const auto all = h.fake().bot_messages_in(kAgentsRoom);
        return std::any_of(all.begin(), all.end(), [&](const auto& m) {
                   return m.thread_root == card.event_id && m.body.find("It still flickers") != std::string::npos;
               }) && h.settled();
    })) << "the requester's words land in the card's thread";
    h.fake().say(kEnzo, kAgentsRoom, "resolve INC-000001 fixed Driver updated", fakes::FakeSay{"", card.event_id, "m.text", {}});
    ASSERT_TRUE(h.eventually([&] { return h.scalar("SELECT count(*) FROM tickets WHERE status = 'resolved'") == 1 && h.settled(); }))
        << "a reply with a quoted fallback is read as the command after the quote";
    expect_messages_match_outbox(h, dm);
}

TEST(MatrixIntegration, LostSendAnswerIsRetriedWithTheSameTxnIdAndPostedOnce) {
    MatrixHarness h;
    h.start();
    const auto dm = h.open_dm(kLucy);
    h.fake().lose_send_answers(2);
    h.fake().say(kLucy, dm, "Outlook keeps asking for my password");
    ASSERT_TRUE(h.eventually([&] { return h.fake().repeated_txns() >= 2 && !h.fake().bot_messages_in(dm).empty() && h.settled(); }, 30s));
    std::set<std::string> txns;
    for (const auto& m : h.fake().bot_messages_in(dm)) EXPECT_TRUE(txns.insert(m.txn_id).second) << "posted twice: " << m.body;
    expect_messages_match_outbox(h, dm);
}

TEST(MatrixIntegration, RateLimitedSendsWaitAndLoseNothing) {
    MatrixHarness h;
    h.start();
    const auto lucy = h.open_dm(kLucy);
    const auto mario = h.open_dm(kMario);
    h.fake().rate_limit("/send/", 3, 300);
    h.fake().say(kLucy, lucy, "I need Visio installed please");
    h.fake().say(kMario, mario, "outlook non si apre");
    ASSERT_TRUE(h.eventually([&] {
        return !h.fake().bot_messages_in(lucy).empty() && !h.fake().bot_messages_in(mario).empty() && h.settled();
    }, 40s));
    expect_messages_match_outbox(h, lucy);
    expect_messages_match_outbox(h, mario);
}

TEST(MatrixIntegration, EncryptedRoomGetsOneNoticeAndNothingIsRead) {
    MatrixHarness h;
    h.start();
    const auto room = h.fake().create_room(kMario, /*encrypted=*/true);
    h.fake().invite_bot(room, kMario, true);
    ASSERT_TRUE(h.fake().wait_until([&] { return h.fake().bot_joined(room); }));
    h.fake().say(kMario, room, "la mia password è Segreta123");
    h.fake().say(kMario, room, "mi senti?");
    ASSERT_TRUE(h.eventually([&] { return h.fake().bot_messages_in(room).size() == 1; }));
    // Later syncs see the room's events again: the notice is not repeated.
    h.fake().say(kMario, room, "ancora io");
    const auto syncs = h.fake().requests_of("sync");
    ASSERT_TRUE(h.eventually([&] { return h.fake().requests_of("sync") >= syncs + 2; }));
    const auto sent = h.fake().bot_messages_in(room);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].msgtype, "m.notice");
    EXPECT_NE(sent[0].body.find("encrypted"), std::string::npos);
    EXPECT_NE(sent[0].body.find("cifrati"), std::string::npos) << "in both languages: " << sent[0].body;
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox"), 0);
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets"), 0);
}

TEST(MatrixIntegration, FirstStartDoesNotAnswerHistoryAndFollowsTheFilter) {
    MatrixHarness h;
    const auto dm = h.fake().create_room(kLucy);
    h.fake().join_bot(dm);
    h.fake().say(kLucy, dm, "an old message from last week");
    h.start();
    ASSERT_TRUE(h.eventually([&] { return h.fake().sync_sinces().size() >= 2; }));
    EXPECT_EQ(h.fake().sync_sinces().front(), "") << "a fresh store starts without since";
    EXPECT_NE(h.fake().sync_sinces()[1], "") << "then continues from next_batch";
    EXPECT_NE(h.fake().last_filter().find("m.room.message"), std::string::npos);
    h.fake().say(kLucy, dm, "my keyboard is broken");
    ASSERT_TRUE(h.eventually([&] { return !h.fake().bot_messages_in(dm).empty() && h.settled(); }));
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox"), 1) << "only the new message is an event";
    EXPECT_EQ(h.scalar("SELECT count(*) FROM adapter_cursors WHERE name LIKE 'matrix.since:%'"), 1);
}

constexpr const char* kPaolo = "@paolo:example.org";

/// A team's room with Lucy, Mario and Paolo, which Lucy invites the bot to (not a direct chat);
/// returns once the bot has joined it and synced past the join.
std::string team_room(MatrixHarness& h) {
    const auto team = h.fake().create_room(kLucy);
    h.fake().say(kMario, team, "hi all");
    h.fake().say(kPaolo, team, "morning");
    h.fake().invite_bot(team, kLucy, /*is_direct=*/false);
    EXPECT_TRUE(h.fake().wait_until([&] { return h.fake().bot_joined(team); }));
    const auto syncs = h.fake().sync_sinces().size();
    EXPECT_TRUE(h.fake().wait_until([&] { return h.fake().sync_sinces().size() >= syncs + 2; })) << "synced past the join";
    return team;
}

TEST(MatrixIntegration, InAGroupRoomOnlyWhatAddressesTheBotIsTakenAndTheConversationMovesToADm) {
    MatrixHarness h;
    h.start();
    const auto team = team_room(h);

    h.fake().say(kMario, team, "is anyone else's printer jammed?");
    h.fake().say(kLucy, team, "my VPN drops every five minutes", fakes::FakeSay{"", "", "m.text", {"@frontline:example.org"}});
    ASSERT_TRUE(h.eventually([&] {
        const auto dm = h.fake().dm_created_for(kLucy);
        return !dm.empty() && !h.fake().bot_messages_in(dm).empty() && h.settled();
    })) << "Lucy is answered in a direct chat the bot opens with her";
    const auto dm = h.fake().dm_created_for(kLucy);
    EXPECT_TRUE(h.fake().bot_messages_in(team).empty()) << "nothing about her problem in the team's room";
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox"), 1) << "Mario's question to his colleagues is not for the bot";
    EXPECT_EQ(h.scalar("SELECT count(*) FROM outbox WHERE conversation = '" + team + "'"), 0);
    EXPECT_EQ(h.scalar("SELECT count(*) FROM adapter_cursors WHERE name = 'matrix.room:" + team + "' AND value = 'group'"), 1);

    // She goes on in the DM, and the same conversation continues there.
    const auto answered = h.fake().bot_messages_in(dm).size();
    h.fake().say(kLucy, dm, "since this morning, on the office Wi-Fi");
    ASSERT_TRUE(h.eventually([&] { return h.fake().bot_messages_in(dm).size() > answered && h.settled(); }));
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox"), 2);
    EXPECT_EQ(h.fake().bot_messages_in(team).size(), 0u);
}

TEST(MatrixIntegration, ABurstLargerThanOneSyncIsCompletedWithMessagesAndNothingIsLost) {
    HarnessOptions o;
    o.fake.sync_timeline_limit = 5;  // a homeserver that cuts each room's timeline at five events
    MatrixHarness h(o);
    h.start();
    const auto team = team_room(h);

    // The bot is held back one sync (429) while ten messages arrive: the next sync carries the
    // last five, limited, and Lucy's request to the bot is among the five left out.
    h.fake().rate_limit("/sync", 1, 1500);
    const auto syncs = h.fake().requests_of("sync");
    h.fake().say(kMario, team, "coffee?");
    ASSERT_TRUE(h.fake().wait_until([&] { return h.fake().requests_of("sync") >= syncs + 1; }));
    h.fake().say(kLucy, team, "my VPN drops every five minutes", fakes::FakeSay{"", "", "m.text", {"@frontline:example.org"}});
    for (int i = 0; i < 9; ++i) h.fake().say(i % 2 ? kMario : kPaolo, team, "chatter " + std::to_string(i));

    ASSERT_TRUE(h.eventually([&] {
        const auto dm = h.fake().dm_created_for(kLucy);
        return !dm.empty() && !h.fake().bot_messages_in(dm).empty() && h.settled();
    })) << "the request the cut timeline left out was fetched and answered";
    EXPECT_GE(h.fake().requests_of("messages"), 1);
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox"), 1) << "taken once; the chatter is not for the bot";
}

TEST(MatrixIntegration, AnAgentAddressedByUserIdGetsOneDirectRoomCreatedForThem) {
    MatrixHarness h;
    h.start();
    ASSERT_TRUE(h.eventually([&] { return h.adapter().connected(); }));
    for (std::int64_t id : {9001, 9002}) {
        OutboxItem item;
        item.id = id;
        item.message.to = Address{"matrix", kEnzo, ""};
        item.message.text = "Private: INC-000042 details " + std::to_string(id);
        item.message.mentions = {{"matrix", kEnzo}};
        const auto o = h.deliver(item);
        ASSERT_EQ(o.kind, DeliveryOutcome::Kind::delivered) << o.error;
        EXPECT_FALSE(o.platform_message_id.empty());
    }
    const auto room = h.fake().dm_created_for(kEnzo);
    ASSERT_FALSE(room.empty()) << "createRoom with is_direct and an invite";
    EXPECT_EQ(h.fake().requests_of("createRoom"), 1) << "the room is reused, not created per message";
    const auto sent = h.fake().bot_messages_in(room);
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].mentions, std::vector<std::string>{kEnzo});
    EXPECT_EQ(h.scalar("SELECT count(*) FROM adapter_cursors WHERE name = 'matrix.dm:@enzo:example.org'"), 1)
        << "remembered across restarts";
}

TEST(MatrixIntegration, TeamRoomsTheBotHasNotJoinedAreNamed) {
    MatrixHarness h;
    const auto problems = h.verify_rooms({kAgentsRoom, "!infra:example.org"});
    ASSERT_TRUE(problems) << problems.error().message;
    ASSERT_EQ(problems->size(), 1u);
    EXPECT_EQ((*problems)[0].room, "!infra:example.org");
    EXPECT_NE((*problems)[0].problem.find("has not joined"), std::string::npos) << (*problems)[0].problem;
    EXPECT_EQ(h.fake().requests_of("joined_rooms"), 1);
}

TEST(MatrixIntegration, AMegabyteMessageGetsAPoliteAnswerAndChangesNothing) {
    MatrixHarness h;
    h.start();
    const auto dm = h.open_dm(kLucy);
    h.fake().say(kLucy, dm, std::string(1 << 20, 'x'));
    ASSERT_TRUE(h.eventually([&] { return !h.fake().bot_messages_in(dm).empty() && h.settled(); }));
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets"), 0);
    EXPECT_EQ(h.fake().bot_messages_in(dm).size(), 1u);
    EXPECT_LT(h.fake().bot_messages_in(dm)[0].body.size(), 2000u) << "the answer does not echo the text";
    // The conversation still works afterwards.
    h.fake().say(kLucy, dm, "my keyboard is broken");
    ASSERT_TRUE(h.eventually([&] { return h.fake().bot_messages_in(dm).size() > 1 && h.settled(); }));
    expect_messages_match_outbox(h, dm);
}

TEST(MatrixIntegration, InvitesFromOtherHomeserversAreDeclinedUnlessAllowed) {
    HarnessOptions o;
    o.allowed_homeservers = {"partner.example"};
    MatrixHarness h(o);
    h.start();
    const auto evil = h.fake().create_room("@spam:evil.example");
    h.fake().invite_bot(evil, "@spam:evil.example", true);
    const auto partner = h.fake().create_room("@pat:partner.example");
    h.fake().invite_bot(partner, "@pat:partner.example", true);
    ASSERT_TRUE(h.fake().wait_until([&] { return h.fake().bot_joined(partner); }));
    ASSERT_TRUE(h.eventually([&] { return h.fake().requests_of("leave") == 1; }));
    EXPECT_FALSE(h.fake().bot_joined(evil));
}

TEST(MatrixIntegration, UnknownTokenStopsWithAClearMessage) {
    HarnessOptions o;
    o.token = "syt_revoked_0000";
    MatrixHarness h(o);
    h.start();
    const auto error = h.run_error(10s);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("FRONTLINE_MATRIX_TOKEN"), std::string::npos) << *error;
    EXPECT_NE(error->find("M_UNKNOWN_TOKEN"), std::string::npos) << *error;
    EXPECT_EQ(error->find("syt_revoked"), std::string::npos) << "never print a token";
    EXPECT_EQ(h.fake().requests_of("sync"), 0);
}

TEST(MatrixIntegration, AWrongPasswordStopsWithAClearMessageAndIsNeverPrinted) {
    HarnessOptions o;
    o.password = "not-the-password";
    MatrixHarness h(o);
    h.start();
    const auto error = h.run_error(10s);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("refused the password in FRONTLINE_MATRIX_PASSWORD"), std::string::npos) << *error;
    EXPECT_NE(error->find("M_FORBIDDEN"), std::string::npos) << *error;
    EXPECT_EQ(error->find("not-the-password"), std::string::npos) << "never print a password";
    EXPECT_EQ(h.fake().requests_of("sync"), 0);
    EXPECT_EQ(h.scalar("SELECT count(*) FROM adapter_cursors WHERE name LIKE 'matrix.access_token:%' AND value <> ''"), 0);
}

TEST(MatrixIntegration, TokenRevokedWhileSyncingStopsTheAdapter) {
    MatrixHarness h;
    h.start();
    ASSERT_TRUE(h.eventually([&] { return h.adapter().connected(); }));
    h.fake().revoke_token();
    const auto error = h.run_error(10s);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("FRONTLINE_MATRIX_TOKEN"), std::string::npos) << *error;
    EXPECT_FALSE(h.adapter().connected());
}

}  // namespace
}  // namespace frontline::testing_matrix

namespace frontline::testing_matrix {
namespace {

/// The shipped config with `overrides`, validated as `frontline check-config` does.
std::string check_config(std::vector<std::string> overrides) {
    auto c = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json", overrides);
    if (!c) return c.error().message;
    auto ok = validate_config(*c);
    return ok ? "ok" : ok.error().message;
}

TEST(MatrixCheckConfig, TheMatrixSectionIsValidatedAndTheTokenNeverEchoed) {
    const std::vector<std::string> good = {"matrix.enabled=true", "matrix.homeserver_url=\"https://matrix.example.org\"",
                                           "matrix.user_id=\"@frontline:example.org\"",
                                           "matrix.access_token_env=\"FL_TEST_MATRIX\""};
    ::unsetenv("FL_TEST_MATRIX");
    EXPECT_NE(check_config(good).find("FL_TEST_MATRIX"), std::string::npos) << check_config(good);
    ::setenv("FL_TEST_MATRIX", "syt_secret_value", 1);
    EXPECT_EQ(check_config(good), "ok");
    for (const auto& [override_, key] : std::vector<std::pair<std::string, std::string>>{
             {"matrix.homeserver_url=\"matrix.example.org\"", "matrix.homeserver_url"},
             {"matrix.user_id=\"frontline\"", "matrix.user_id"},
             {"matrix.agents_room=\"!servicedesk:example.org\"", "matrix.agents_room"},  // rooms live in agents.file
             {"matrix.allowed_homeservers=\"example.org\"", "matrix.allowed_homeservers"}}) {
        auto with = good;
        with.push_back(override_);
        const auto message = check_config(with);
        EXPECT_NE(message.find(key), std::string::npos) << message;
        EXPECT_EQ(message.find("syt_secret_value"), std::string::npos);
    }
    ::unsetenv("FL_TEST_MATRIX");
    // No token but a password to log in with: fine; neither: both variables are named.
    auto with_password = good;
    with_password.push_back("matrix.password_env=\"FL_TEST_MATRIX_PASSWORD\"");
    ::setenv("FL_TEST_MATRIX_PASSWORD", "correct horse", 1);
    EXPECT_EQ(check_config(with_password), "ok");
    ::unsetenv("FL_TEST_MATRIX_PASSWORD");
    const auto neither = check_config(with_password);
    EXPECT_NE(neither.find("FL_TEST_MATRIX_PASSWORD"), std::string::npos) << neither;
    EXPECT_NE(neither.find("FL_TEST_MATRIX "), std::string::npos) << neither;
    EXPECT_EQ(check_config({"matrix.enabled=false", "matrix.homeserver_url=\"nonsense\""}), "ok") << "off: not read";
}

}  // namespace
}  // namespace frontline::testing_matrix
