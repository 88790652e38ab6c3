// Bot API answers -> verdicts, on documented error envelopes (tests/fixtures/telegram).
#include <gtest/gtest.h>

#include "adapters/telegram/api_codec.hpp"
#include "fixture.hpp"

namespace frontline::telegram {
namespace {

using test::fixture;

TEST(TelegramApiCodec, TooManyRequestsCarriesRetryAfterFromParameters) {
    const auto s = classify_response(429, fixture("telegram/error_429.json"), std::chrono::seconds(2));
    EXPECT_EQ(s.verdict, ApiVerdict::rate_limited);
    EXPECT_EQ(s.retry_after, std::chrono::seconds(7));  // the body's parameters win over the header
    EXPECT_EQ(classify_response(429, "{}", std::chrono::seconds(2)).retry_after, std::chrono::seconds(2));
}

TEST(TelegramApiCodec, MessageNotModifiedIsASuccess) {
    const auto s = classify_response(400, fixture("telegram/error_not_modified.json"));
    EXPECT_EQ(s.verdict, ApiVerdict::not_modified);
    EXPECT_TRUE(s.ok());
}

TEST(TelegramApiCodec, KnownErrorsHaveTheirOwnVerdicts) {
    EXPECT_EQ(classify_response(400, fixture("telegram/error_query_too_old.json")).verdict, ApiVerdict::stale_query);
    EXPECT_EQ(classify_response(403, fixture("telegram/error_blocked.json")).verdict, ApiVerdict::blocked);
    EXPECT_EQ(classify_response(409, fixture("telegram/error_conflict_poller.json")).verdict, ApiVerdict::conflict);
    EXPECT_EQ(classify_response(409, fixture("telegram/error_conflict_webhook.json")).verdict, ApiVerdict::conflict);
    EXPECT_EQ(classify_response(400, fixture("telegram/error_chat_not_found.json")).verdict, ApiVerdict::rejected);
    EXPECT_EQ(classify_response(401, fixture("telegram/error_unauthorized.json")).verdict, ApiVerdict::auth);
    EXPECT_EQ(classify_response(502, "<html>Bad Gateway</html>").verdict, ApiVerdict::retry);
    EXPECT_EQ(classify_response(200, "{\"ok\":true,\"result\":true}").verdict, ApiVerdict::ok);
    EXPECT_EQ(classify_response(200, "cut off {\"ok\":tr").verdict, ApiVerdict::retry);
}

TEST(TelegramApiCodec, ResultsParse) {
    auto me = parse_get_me(fixture("telegram/get_me.json"));
    ASSERT_TRUE(me) << me.error().message;
    EXPECT_EQ(me->id, 123456);
    EXPECT_EQ(me->username, "FrontlineBot");
    auto sent = parse_message_id(fixture("telegram/sent_message.json"));
    ASSERT_TRUE(sent);
    EXPECT_EQ(sent->value_or(""), "4711");
    EXPECT_FALSE(parse_message_id(fixture("telegram/error_blocked.json")));
    EXPECT_FALSE(parse_get_me("[]"));
}

}  // namespace
}  // namespace frontline::telegram
