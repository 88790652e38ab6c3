// The hand-off over the fake Slack with the real connector: a requester in a DM, agents in the
// service desk's channel. Claim by button, talk through the bot (the Reply modal, `r` in the
// card's thread, internal talk that stays internal), resolve by command, confirm by button.
#include <algorithm>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "slack_harness.hpp"

namespace frontline::testing_slack {
namespace {

using namespace std::chrono_literals;

/// The ticket's card in the agents' channel: the first post there with a Claim button.
std::optional<fakes::FakePost> card_in(SlackHarness& h) {
    for (const auto& p : h.fake().posts_in(kAgentsChannel))
        if (p.thread_ts.empty() && p.text.find("INC-") != std::string::npos) return p;
    return std::nullopt;
}

bool has_button(const fakes::FakePost& p, const std::string& label) {
    return std::any_of(p.buttons.begin(), p.buttons.end(), [&](const fakes::FakeButton& b) { return b.label == label; });
}

std::vector<fakes::FakePost> thread_of(SlackHarness& h, const std::string& root_ts) {
    std::vector<fakes::FakePost> out;
    for (const auto& p : h.fake().posts_in(kAgentsChannel))
        if (p.thread_ts == root_ts) out.push_back(p);
    return out;
}

bool dm_has(SlackHarness& h, const std::string& dm, const std::string& text) {
    for (const auto& p : h.fake().posts_in(dm))
        if (p.text.find(text) != std::string::npos) return true;
    return false;
}

TEST(SlackHandOff, RequesterInADmAndAgentInTheChannelTalkThroughTheBotUntilClosed) {
    SlackHarness h;
    h.start();
    drive_dm_conversation(h, "U0LUCY", "my VPN drops every five minutes since this morning");
    ASSERT_EQ(h.scalar("SELECT count(*) FROM tickets WHERE status = 'escalated'"), 1);
    const auto dm = h.fake().dm_channel_of("U0LUCY");

    // 1. The card is in the agents' channel with Claim; Alice claims it with the button.
    ASSERT_TRUE(h.eventually([&] { return card_in(h).has_value() && h.settled(); }));
    auto card = *card_in(h);
    ASSERT_TRUE(has_button(card, "Claim")) << card.text;
    ASSERT_TRUE(h.fake().click("U0ALICE", kAgentsChannel, card.ts, "Claim"));
    ASSERT_TRUE(h.eventually([&] { return h.scalar("SELECT count(*) FROM tickets WHERE status = 'in_progress'") == 1 && h.settled(); }));
    card = *card_in(h);
    EXPECT_GE(card.updates, 1) << "the card is updated in place, not posted again";
    EXPECT_FALSE(has_button(card, "Claim"));
    ASSERT_TRUE(has_button(card, "Reply")) << card.text;
    EXPECT_TRUE(h.eventually([&] { return dm_has(h, dm, "Alice"); })) << "Lucy hears who has her ticket";

    // 2. What Lucy writes reaches the card's thread, marked as hers.
    h.fake().user_dm("U0LUCY", "It dropped again just now");
    ASSERT_TRUE(h.eventually([&] {
        const auto t = thread_of(h, card.ts);
        return std::any_of(t.begin(), t.end(), [](const fakes::FakePost& p) { return p.text.find("It dropped again just now") != std::string::npos; }) &&
               h.settled();
    }));

    // 3. Alice answers with the Reply button: a modal opens, she types, Lucy reads it with her name.
    ASSERT_TRUE(h.fake().click("U0ALICE", kAgentsChannel, card.ts, "Reply"));
    ASSERT_TRUE(h.eventually([&] { return h.fake().views().size() == 1; }));
    const auto view = h.fake().views().front();
    EXPECT_EQ(view.user, "U0ALICE");
    EXPECT_EQ(view.callback_id, "frontline.reply");
    EXPECT_EQ(h.scalar("SELECT count(*) FROM journal WHERE kind = 'relay_out'"), 0) << "opening the modal says nothing yet";
    ASSERT_TRUE(h.fake().submit_view("U0ALICE", view.id, "reply", "text", "Please restart the VPN client & tell me if it holds"));
    ASSERT_TRUE(h.eventually([&] { return dm_has(h, dm, "Please restart the VPN client &amp; tell me if it holds") && h.settled(); }));
    EXPECT_EQ(h.scalar("SELECT count(*) FROM journal WHERE kind = 'relay_out'"), 1);
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets WHERE json_extract(record, '$.first_response_at') IS NOT NULL"), 1);
    EXPECT_TRUE(h.fake().submit_view("U0ALICE", view.id, "reply", "text", "twice") ? false : true) << "a modal submits once";

    // 4. Talk between agents in the thread stays there (explicit relay mode); `r` goes out.
    const auto dm_posts_before = h.fake().posts_in(dm).size();
    h.fake().user_channel_message("U0ALICE", kAgentsChannel, "I think it is the Milan gateway again", card.ts);
    h.fake().user_channel_message("U0ALICE", kAgentsChannel, "r The gateway is being restarted, 5 minutes", card.ts);
    ASSERT_TRUE(h.eventually([&] { return dm_has(h, dm, "The gateway is being restarted, 5 minutes") && h.settled(); }));
    EXPECT_FALSE(dm_has(h, dm, "Milan gateway")) << "internal talk never reaches the requester";
    EXPECT_EQ(h.fake().posts_in(dm).size(), dm_posts_before + 1);

    // 5. Resolved by command; Lucy confirms with the button; the question keeps its text, loses its buttons.
    const auto id = [&] {
        SQLite::Database db(h.db_path(), SQLite::OPEN_READONLY);
        return db.execAndGet("SELECT id FROM tickets").getString();
    }();
    h.fake().user_channel_message("U0ALICE", kAgentsChannel, "resolve " + id + " workaround Restarted the Milan VPN gateway");
    ASSERT_TRUE(h.eventually([&] { return !h.fake().posts_in(dm).empty() && !h.fake().posts_in(dm).back().buttons.empty() && h.settled(); }));
    const auto question = h.fake().posts_in(dm).back();
    ASSERT_TRUE(has_button(question, "Yes, it works"));
    ASSERT_TRUE(h.fake().click("U0LUCY", dm, question.ts, "Yes, it works"));
    ASSERT_TRUE(h.eventually([&] { return h.scalar("SELECT count(*) FROM tickets WHERE status = 'closed'") == 1 && h.settled(); }));
    for (const auto& p : h.fake().posts_in(dm))
        if (p.ts == question.ts) {
            EXPECT_TRUE(p.buttons.empty());
            EXPECT_NE(p.text.find("Yes, it works"), std::string::npos) << p.text;
        }
    EXPECT_NE(card_in(h)->text.find("losed"), std::string::npos) << card_in(h)->text;

    // The journal tells the story in order, and nothing went out twice.
    std::vector<std::string> kinds;
    {
        SQLite::Database db(h.db_path(), SQLite::OPEN_READONLY);
        SQLite::Statement q(db, "SELECT kind FROM journal WHERE ticket_id = ? ORDER BY seq");
        q.bind(1, id);
        while (q.executeStep()) kinds.push_back(q.getColumn(0).getString());
    }
    auto at = kinds.begin();
    for (const char* k : {"escalation_ping", "claim", "relay_in", "relay_out", "relay_out", "resolution", "confirmed"}) {
        at = std::find(at, kinds.end(), k);
        ASSERT_NE(at, kinds.end()) << "journal lacks " << k << " in order";
        ++at;
    }
    EXPECT_EQ(h.scalar("SELECT count(*) FROM outbox WHERE status <> 'delivered' AND platform = 'slack'"), 0);
}

TEST(SlackHandOff, ANonAgentPressingClaimIsRefusedAndNothingChanges) {
    SlackHarness h;
    h.start();
    drive_dm_conversation(h, "U0LUCY", "my VPN drops every five minutes since this morning");
    ASSERT_TRUE(h.eventually([&] { return card_in(h).has_value() && h.settled(); }));
    const auto card = *card_in(h);
    // Mario is a requester, not an agent, even though he can see the channel.
    const auto inbox_before = h.scalar("SELECT count(*) FROM inbox");
    ASSERT_TRUE(h.fake().click("U0MARIO", kAgentsChannel, card.ts, "Claim"));
    ASSERT_TRUE(h.eventually([&] { return h.scalar("SELECT count(*) FROM inbox") > inbox_before && h.settled(); }));
    // Mario is not on Lucy's ticket: his attempt is answered but never written into its journal.
    EXPECT_EQ(h.scalar("SELECT count(*) FROM journal WHERE kind = 'refused'"), 0);
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets WHERE status = 'escalated'"), 1);
    EXPECT_EQ(card_in(h)->updates, card.updates);
}

}  // namespace
}  // namespace frontline::testing_slack
