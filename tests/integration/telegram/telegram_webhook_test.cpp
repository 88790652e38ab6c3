// Webhook mode: the adapter sets the webhook at start, Telegram (the fake) POSTs updates to the
// bot's HTTP server with the secret header; 200 only after the commit, 401 and nothing recorded
// without the right secret, and the update stays Telegram's to deliver again.
#include <gtest/gtest.h>

#include "telegram_harness.hpp"

namespace frontline::testing_telegram {
namespace {

using namespace std::chrono_literals;

TEST(TelegramWebhook, SetsTheWebhookWithItsSecretAndRecordsDeliveriesWithTheRightOne) {
    TelegramHarness h({.webhook = true, .pace = std::nullopt});
    h.start();
    ASSERT_TRUE(h.eventually([&] { return h.adapter().connected(); }));
    EXPECT_NE(h.fake().webhook_url().find("/telegram/webhook"), std::string::npos);
    EXPECT_EQ(h.fake().calls_of("deleteWebhook"), 0);
    for (const auto& c : h.fake().calls())
        if (c.method == "setwebhook") {
            EXPECT_NE(c.body.find(kWebhookSecret), std::string::npos);
        }

    h.fake().user_message(kLucy, "/start");
    auto status = h.fake().deliver_webhook(fakes::WebhookSecret::right);
    ASSERT_TRUE(status) << status.error().message;
    EXPECT_EQ(*status, 200);
    // 200 came after the commit: the event is in the inbox already, and the answer follows.
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox"), 1);
    EXPECT_EQ(h.fake().pending_updates(), 0u);
    ASSERT_TRUE(h.eventually([&] { return !h.fake().bot_messages_in(std::to_string(kLucy)).empty(); }));
    // getUpdates is not used in webhook mode (it would be a 409).
    EXPECT_EQ(h.fake().calls_of("getUpdates"), 0);
}

TEST(TelegramWebhook, AWrongOrMissingSecretIs401AndRecordsNothing) {
    TelegramHarness h({.webhook = true, .pace = std::nullopt});
    h.start();
    ASSERT_TRUE(h.eventually([&] { return h.adapter().connected(); }));
    h.fake().user_message(kLucy, "my laptop does not boot");
    for (auto secret : {fakes::WebhookSecret::wrong, fakes::WebhookSecret::missing}) {
        auto status = h.fake().deliver_webhook(secret);
        ASSERT_TRUE(status) << status.error().message;
        EXPECT_EQ(*status, 401);
    }
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox"), 0);
    EXPECT_EQ(h.scalar("SELECT count(*) FROM tickets"), 0);
    EXPECT_EQ(h.fake().pending_updates(), 1u) << "refused updates stay with Telegram";
    // Telegram retries; with the secret the update counts once, and a repeat is dropped by the inbox.
    EXPECT_EQ(*h.fake().deliver_webhook(fakes::WebhookSecret::right), 200);
    EXPECT_EQ(h.scalar("SELECT count(*) FROM inbox"), 1);
}

TEST(TelegramWebhook, APressedButtonIsAnsweredAndTakenOnce) {
    TelegramHarness h({.webhook = true, .pace = std::nullopt});
    h.start();
    ASSERT_TRUE(h.eventually([&] { return h.adapter().connected(); }));
    const auto chat = std::to_string(kLucy);
    h.fake().user_message(kLucy, "my VPN drops every five minutes");
    ASSERT_EQ(*h.fake().deliver_webhook(fakes::WebhookSecret::right), 200);
    ASSERT_TRUE(h.eventually([&] {
        const auto sent = h.fake().bot_messages_in(chat);
        return !sent.empty() && !sent.back().buttons.empty() && h.settled();
    }));
    const auto question = h.fake().bot_messages_in(chat).back();
    ASSERT_TRUE(h.fake().press(kLucy, chat, question.message_id, question.buttons.front().text));
    ASSERT_EQ(*h.fake().deliver_webhook(fakes::WebhookSecret::right), 200);
    EXPECT_EQ(h.fake().answered_callbacks(), 1);
    // The answered question is edited to show the answer, once.
    ASSERT_TRUE(h.eventually([&] {
        int edits = 0;
        for (const auto& m : h.fake().bot_messages_in(chat)) edits += m.edits;
        return edits == 1 && h.settled();
    }));
}

}  // namespace
}  // namespace frontline::testing_telegram
