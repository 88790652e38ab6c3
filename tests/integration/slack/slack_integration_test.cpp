// The real Slack connector with the real engine loop, outbox dispatcher and Desk, against the fake
// Slack over loopback: the conversations users have and the faults Slack throws at bots.
#include <gtest/gtest.h>

#include "slack_harness.hpp"

namespace frontline::testing_slack {
namespace {

using namespace std::chrono_literals;

/// Every bot post in `channel` is one Slack message of delivered outbox rows (the rows of one turn
/// fold into one message), and every update in place (an answered question losing its buttons)
/// came from exactly one more row: nothing lost, nothing doubled.
void expect_posts_match_outbox(SlackHarness& h, const std::string& conversation, const std::string& channel) {
    const std::string where = " FROM outbox WHERE platform = 'slack' AND conversation = '" + conversation +
                              "' AND status = 'delivered' AND json_extract(message, '$.replaces') ";
    const auto pending = h.scalar("SELECT count(*) FROM outbox WHERE platform = 'slack' AND status <> 'delivered'");
    EXPECT_EQ(pending, 0);
    const auto posts = h.fake().posts_in(channel);
    long long updates = 0;
    for (const auto& p : posts) updates += p.updates;
    EXPECT_EQ(static_cast<long long>(posts.size()), h.scalar("SELECT count(DISTINCT platform_message_id)" + where + "= ''"));
    EXPECT_EQ(updates, h.scalar("SELECT count(*)" + where + "<> ''"));
}

TEST(SlackIntegration, FullDiagnosisInADmWithButtons) {
    SlackHarness h;
    h.start();
    const int steps = drive_dm_conversation(h, "U0LUCY", "my VPN drops every five minutes since this morning");
    EXPECT_LT(steps, 30) << "the conversation never reached a hand-off";
    const auto dm = h.fake().dm_channel_of("U0LUCY");
    const auto posts = h.fake().posts_in(dm);
    ASSERT_GE(posts.size(), 3u);
    // The ticket exists, was escalated, and the user was told its id in the DM.
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets WHERE status = 'escalated'"), 1);
    bool told_id = false;
    for (const auto& p : posts) told_id = told_id || p.text.find("INC-") != std::string::npos;
    EXPECT_TRUE(told_id);
    // Every question asked with buttons was answered by a click that the engine took, and
    // chat.update replaced its buttons with the answer chosen: no live buttons are left behind.
    // The hand-off message keeps its one lasting button, "Report another problem".
    int answered = 0;
    for (const auto& p : posts) {
        EXPECT_EQ(p.buttons.size(), p.text.find("I've passed INC-") != std::string::npos ? 1u : 0u) << p.text;
        if (p.updates == 0) continue;
        ++answered;
        EXPECT_EQ(p.updates, 1);
        EXPECT_NE(p.text.find("Your answer: *"), std::string::npos) << p.text;
    }
    EXPECT_GE(answered, 3) << "impact, urgency and at least one diagnosis question";
    expect_posts_match_outbox(h, dm, dm);
    // users.info gave the requester's name and e-mail to the ticket's person record.
    EXPECT_EQ(h.scalar("SELECT count(*) FROM persons WHERE name = 'Lucy Grey'"), 1);
    // ... and her profile's zone ("tz"), so the desk tells her times on her own clock.
    EXPECT_EQ(h.scalar("SELECT count(*) FROM persons WHERE name = 'Lucy Grey' AND timezone = 'Europe/London'"), 1);
}

TEST(SlackIntegration, AppMentionDeliveredTwiceIsAnsweredOnceInADm) {
    SlackHarness h;
    h.start();
    h.fake().user_mention("U0MARIO", "C0GENERAL", "the printer on floor 3 is broken", /*also_as_channel_message=*/true);
    const auto dm = h.fake().dm_channel_of("U0MARIO");
    ASSERT_TRUE(h.eventually([&] { return !h.fake().posts_in(dm).empty() && h.settled(); }));
    // The conversation continues in a DM; the channel gets one note that only Mario sees, although
    // Slack delivered the mention twice (as app_mention and as a channel message).
    const auto in_channel = h.fake().posts_in("C0GENERAL");
    ASSERT_EQ(in_channel.size(), 1u);
    EXPECT_TRUE(in_channel[0].ephemeral);
    EXPECT_EQ(in_channel[0].ephemeral_user, "U0MARIO");
    // In Mario's language, from his Slack profile (it-IT).
    EXPECT_NE(in_channel[0].text.find("messaggio diretto"), std::string::npos) << in_channel[0].text;
    EXPECT_EQ(h.fake().calls_of("conversations.open"), 1);
    EXPECT_EQ(h.metrics().duplicates_dropped.load(), 1u);
    expect_posts_match_outbox(h, "U0MARIO", dm);
}

TEST(SlackIntegration, RedeliveredEnvelopeIsAnsweredOnce) {
    SlackHarness h;
    h.start();
    ASSERT_TRUE(h.eventually([&] { return h.adapter().connected(); }));
    h.fake().duplicate_next_envelope();
    h.fake().user_dm("U0LUCY", "Outlook keeps asking for my password");
    const auto dm = h.fake().dm_channel_of("U0LUCY");
    ASSERT_TRUE(h.eventually([&] { return h.metrics().duplicates_dropped.load() == 1 && h.settled(); }));
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox"), 1);
    EXPECT_FALSE(h.fake().posts_in(dm).empty());
    expect_posts_match_outbox(h, dm, dm);
}

TEST(SlackIntegration, SlowAcksAreRedeliveredAndStillAnsweredOnce) {
    HarnessOptions o;
    o.fake.ack_timeout = 1ms;  // Slack's 3 s, shrunk so the retry races the commit
    SlackHarness h(o);
    h.start();
    h.fake().user_dm("U0MARIO", "il wifi non funziona in sala riunioni");
    const auto dm = h.fake().dm_channel_of("U0MARIO");
    ASSERT_TRUE(h.eventually([&] { return !h.fake().posts_in(dm).empty() && h.settled(); }));
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox"), 1);
    expect_posts_match_outbox(h, dm, dm);
}

TEST(SlackIntegration, RefreshDisconnectLosesNothing) {
    HarnessOptions o;
    o.fake.refresh_grace = 300ms;
    SlackHarness h(o);
    h.start();
    ASSERT_TRUE(h.eventually([&] { return h.adapter().connected(); }));
    h.fake().disconnect_all("refresh_requested");
    h.fake().user_dm("U0LUCY", "my laptop does not boot");
    h.fake().user_dm("U0MARIO", "la stampante non stampa");
    ASSERT_TRUE(h.eventually([&] {
        return h.fake().connections_opened() >= 2 && !h.fake().posts_in(h.fake().dm_channel_of("U0LUCY")).empty() &&
               !h.fake().posts_in(h.fake().dm_channel_of("U0MARIO")).empty() && h.settled();
    }));
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox"), 2);
    EXPECT_TRUE(h.eventually([&] { return h.fake().open_connections() == 1 && h.adapter().connected(); }));
}

TEST(SlackIntegration, RateLimitStormSlowsDeliveryWithoutLosingAnything) {
    SlackHarness h;
    h.start();
    ASSERT_TRUE(h.eventually([&] { return h.adapter().connected(); }));
    h.fake().rate_limit("chat.postMessage", 3, 1);
    h.fake().user_dm("U0LUCY", "I need Visio installed please");
    h.fake().user_dm("U0MARIO", "outlook non si apre");
    const auto lucy = h.fake().dm_channel_of("U0LUCY");
    const auto mario = h.fake().dm_channel_of("U0MARIO");
    ASSERT_TRUE(h.eventually([&] {
        return !h.fake().posts_in(lucy).empty() && !h.fake().posts_in(mario).empty() && h.settled();
    }, 40s));
    int limited = 0;
    for (const auto& c : h.fake().calls()) limited += c.http_status == 429 ? 1 : 0;
    EXPECT_EQ(limited, 3);
    expect_posts_match_outbox(h, lucy, lucy);
    expect_posts_match_outbox(h, mario, mario);
}

TEST(SlackIntegration, OwnMessagesEchoedBackAreIgnored) {
    SlackHarness h;  // the fake echoes every bot post as message.im with bot_id, as Slack does
    h.start();
    h.fake().user_dm("U0LUCY", "my monitor flickers");
    const auto dm = h.fake().dm_channel_of("U0LUCY");
    ASSERT_TRUE(h.eventually([&] { return !h.fake().posts_in(dm).empty() && h.settled(); }));
    const auto posts = h.fake().posts_in(dm).size();
    EXPECT_GT(h.fake().acks(), 1) << "the echoes were acknowledged";
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox"), 1) << "only the user's message became an event";
    EXPECT_EQ(h.fake().posts_in(dm).size(), posts);
}

TEST(SlackIntegration, AgentSlashCommandIsAnsweredInTheAgentsChannel) {
    SlackHarness h;
    h.start();
    h.fake().slash_command("U0ALICE", kAgentsChannel, "/frontline", "help");
    ASSERT_TRUE(h.eventually([&] { return !h.fake().posts_in(kAgentsChannel).empty() && h.settled(); }));
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox"), 1);
}

TEST(SlackIntegration, RefusedBotTokenIsAClearStartupError) {
    HarnessOptions o;
    o.bot_token = "xoxb-revoked-0000";
    SlackHarness h(o);
    h.start();
    const auto error = h.run_error(10s);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("FRONTLINE_SLACK_BOT_TOKEN"), std::string::npos) << *error;
    EXPECT_NE(error->find("invalid_auth"), std::string::npos) << *error;
    EXPECT_EQ(error->find("xoxb-revoked"), std::string::npos) << "never print a token";
    EXPECT_EQ(h.fake().connections_opened(), 0);
}

TEST(SlackIntegration, RefusedAppTokenIsAClearStartupError) {
    HarnessOptions o;
    o.app_token = "xapp-wrong-1111";
    SlackHarness h(o);
    h.start();
    const auto error = h.run_error(10s);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("FRONTLINE_SLACK_APP_TOKEN"), std::string::npos) << *error;
    EXPECT_EQ(error->find("xapp-wrong"), std::string::npos) << "never print a token";
}

TEST(SlackIntegration, LinkDisabledStopsAndTellsTheOperator) {
    SlackHarness h;
    h.start();
    ASSERT_TRUE(h.eventually([&] { return h.adapter().connected(); }));
    h.fake().disconnect_all("link_disabled");
    const auto error = h.run_error(10s);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("Socket Mode"), std::string::npos) << *error;
    EXPECT_EQ(h.fake().connections_opened(), 1) << "no reconnect after link_disabled";
}

}  // namespace
}  // namespace frontline::testing_slack
