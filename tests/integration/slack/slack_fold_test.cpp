// Issue 12, one Web API call per bot turn: the rows of one turn go out as one Slack message, a
// click's answered question loses its buttons through the click's response_url (no chat.update),
// and updates are not charged to the channel's posting pace. Real connector, engine loop,
// dispatcher and Desk against the fake Slack over loopback; nothing here is timed.
#include <gtest/gtest.h>

#include "slack_harness.hpp"

namespace frontline::testing_slack {
namespace {

using namespace std::chrono_literals;

int count_429(const fakes::FakeSlack& fake) {
    int n = 0;
    for (const auto& c : fake.calls()) n += c.http_status == 429 ? 1 : 0;
    return n;
}

/// The user's DM after the intake has been answered (one message, with buttons).
std::string intake(SlackHarness& h, const std::string& user, const std::string& text) {
    h.fake().user_dm(user, text);
    const auto dm = h.fake().dm_channel_of(user);
    EXPECT_TRUE(h.eventually([&] { return !h.fake().posts_in(dm).empty() && h.settled(); }));
    return dm;
}

/// Clicks `label` on the last message in `dm` and waits for the bot's next message.
void click_and_wait(SlackHarness& h, const std::string& user, const std::string& dm, const std::string& label) {
    const auto before = h.fake().posts_in(dm);
    ASSERT_FALSE(before.empty());
    auto clicked = h.fake().click(user, dm, before.back().ts, label);
    ASSERT_TRUE(clicked) << clicked.error().message;
    ASSERT_TRUE(h.eventually([&] { return h.fake().posts_in(dm).size() > before.size() && h.settled(); }));
}

TEST(SlackFold, ALoneUsersIntakeArrivesAsOneMessage) {
    SlackHarness h;
    h.start();
    const auto dm = intake(h, "U0LUCY", "The wifi in the office keeps disconnecting");
    const auto posts = h.fake().posts_in(dm);
    ASSERT_EQ(posts.size(), 1u) << "ticket number, category and first question in one message";
    EXPECT_EQ(h.fake().calls_of("chat.postMessage"), 1);
    EXPECT_NE(posts[0].text.find("INC-"), std::string::npos) << posts[0].text;
    EXPECT_NE(posts[0].text.find("Got it"), std::string::npos) << posts[0].text;
    EXPECT_FALSE(posts[0].buttons.empty()) << "the question's buttons are on it";
    // Every row of the turn is delivered as that message.
    EXPECT_GE(h.scalar("SELECT count(*) FROM outbox WHERE platform = 'slack' AND status = 'delivered'"), 3);
    EXPECT_EQ(h.scalar("SELECT count(DISTINCT platform_message_id) FROM outbox WHERE platform = 'slack'"), 1);
}

TEST(SlackFold, AClickCostsOnePostAndRetiresTheQuestionThroughItsResponseUrl) {
    SlackHarness h;
    h.start();
    const auto dm = intake(h, "U0LUCY", "The wifi in the office keeps disconnecting");
    const int posts_before = h.fake().calls_of("chat.postMessage");
    click_and_wait(h, "U0LUCY", dm, "My team");
    EXPECT_EQ(h.fake().calls_of("chat.postMessage") - posts_before, 1) << "one Web API call for the next question";
    EXPECT_EQ(h.fake().calls_of("chat.update"), 0) << "no chat.update: the click's response_url did it";
    EXPECT_EQ(h.fake().calls_of("response_url"), 1);
    const auto posts = h.fake().posts_in(dm);
    ASSERT_EQ(posts.size(), 2u);
    // The answered message lost its buttons and shows the answer, the rest of it unchanged.
    EXPECT_TRUE(posts[0].buttons.empty());
    EXPECT_EQ(posts[0].updates, 1);
    EXPECT_NE(posts[0].text.find("Your answer: *My team*"), std::string::npos) << posts[0].text;
    EXPECT_NE(posts[0].text.find("INC-"), std::string::npos) << posts[0].text;
    EXPECT_FALSE(posts[1].buttons.empty()) << "the next question";
}

TEST(SlackFold, AnExpiredResponseUrlFallsBackToChatUpdate) {
    SlackHarness h;
    h.start();
    const auto dm = intake(h, "U0MARIO", "The wifi in the office keeps disconnecting");
    h.fake().expire_response_urls();
    auto clicked = h.fake().click("U0MARIO", dm, h.fake().posts_in(dm).back().ts, h.fake().posts_in(dm).back().buttons.front().label);
    ASSERT_TRUE(clicked);
    h.fake().expire_response_urls();  // the click's own url too: Slack refuses it, chat.update does the job
    ASSERT_TRUE(h.eventually([&] { return h.fake().posts_in(dm).size() == 2 && h.settled(); }));
    EXPECT_EQ(h.fake().calls_of("chat.update"), 1);
    const auto posts = h.fake().posts_in(dm);
    EXPECT_TRUE(posts[0].buttons.empty());
    EXPECT_EQ(posts[0].updates, 1);
    EXPECT_NE(posts[0].text.find("INC-"), std::string::npos) << "the whole message kept: " << posts[0].text;
}

TEST(SlackFold, WithTheChannelLimitOnAClickNeverWaitsForTheBucket) {
    HarnessOptions o;
    o.fake.channel_posts_per_second = 1;  // Slack's special limit of chat.postMessage, burst 3
    o.fake.channel_post_burst = 3;
    o.shipped_pace = true;                // our own pace as shipped: 1 post/s per channel, burst 3
    o.frozen_pace_clock = true;           // no token ever comes back: a wait would never end
    SlackHarness h(o);
    h.start();
    const auto dm = intake(h, "U0LUCY", "The wifi in the office keeps disconnecting");
    // Intake and two answers are three posts: the burst, with the updates not charged to it.
    // (Before folding, the intake alone took three tokens and the first click's update waited.)
    click_and_wait(h, "U0LUCY", dm, "My team");
    click_and_wait(h, "U0LUCY", dm, "I'm blocked");
    EXPECT_EQ(h.fake().posts_in(dm).size(), 3u);
    EXPECT_EQ(count_429(h.fake()), 0) << "never over Slack's per-channel limit";
}

}  // namespace
}  // namespace frontline::testing_slack
