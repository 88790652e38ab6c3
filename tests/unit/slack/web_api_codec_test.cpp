#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "adapters/slack/web_api_codec.hpp"
#include "fixture.hpp"

using namespace frontline;
using namespace frontline::slack;
using frontline::test::fixture;
using std::chrono::seconds;

TEST(SlackWebApi, AuthTestGivesOurIds) {
    auto r = parse_auth_test(fixture("slack/web_auth_test_ok.json"));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->user_id, "U0BOT00001");
    EXPECT_EQ(r->bot_id, "B0BOT00001");
    EXPECT_EQ(r->team_id, "T0TEAM001");
}

TEST(SlackWebApi, InvalidAuthIsAnAuthErrorAndFatal) {
    auto r = parse_auth_test(fixture("slack/web_invalid_auth.json"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::auth);
    EXPECT_NE(r.error().message.find("invalid_auth"), std::string::npos);
    EXPECT_EQ(classify_api_response(200, fixture("slack/web_invalid_auth.json"), std::nullopt).verdict, ApiVerdict::fatal);
    EXPECT_EQ(verdict_of_error("not_authed"), ApiVerdict::fatal);
    EXPECT_EQ(verdict_of_error("account_inactive"), ApiVerdict::fatal);
}

TEST(SlackWebApi, RateLimitHonoursRetryAfterOrDefaults) {
    auto s = classify_api_response(429, fixture("slack/web_ratelimited.json"), seconds{7});
    EXPECT_EQ(s.verdict, ApiVerdict::rate_limited);
    EXPECT_EQ(s.retry_after, seconds{7});
    EXPECT_EQ(classify_api_response(429, "", std::nullopt).retry_after, kDefaultRetryAfter);
    EXPECT_EQ(classify_api_response(200, fixture("slack/web_ratelimited.json"), seconds{3}).verdict, ApiVerdict::rate_limited);
}

TEST(SlackWebApi, ChannelNotFoundIsRejectedAndServerErrorsRetried) {
    auto s = classify_api_response(200, fixture("slack/web_channel_not_found.json"), std::nullopt);
    EXPECT_EQ(s.verdict, ApiVerdict::rejected);
    EXPECT_EQ(s.error, "channel_not_found");
    EXPECT_EQ(classify_api_response(503, "<html>down</html>", std::nullopt).verdict, ApiVerdict::retry);
    EXPECT_EQ(classify_api_response(200, "<html>proxy</html>", std::nullopt).verdict, ApiVerdict::retry);
    EXPECT_EQ(classify_api_response(200, R"({"ok":false,"error":"internal_error"})", std::nullopt).verdict, ApiVerdict::retry);
    EXPECT_EQ(classify_api_response(200, R"({"ok":true})", std::nullopt).verdict, ApiVerdict::ok);
}

TEST(SlackWebApi, ConnectionsOpenGivesTheSocketUrl) {
    auto r = parse_connections_open(fixture("slack/web_connections_open_ok.json"));
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, "wss://wss-primary.slack.com/link/?ticket=1234-5678&app_id=A01ABCDEFGH");
    EXPECT_FALSE(parse_connections_open(R"({"ok":true,"url":"https://not-a-socket"})"));
}

TEST(SlackWebApi, PostedMessageAndDmChannel) {
    auto p = parse_posted_message(fixture("slack/web_post_message_ok.json"));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->channel, "D0DM000001");
    EXPECT_EQ(p->ts, "1732697402.000400");
    auto d = parse_conversations_open(fixture("slack/web_conversations_open_ok.json"));
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, "D0DM000002");
}

TEST(SlackWebApi, UsersInfoGivesNameLanguageZoneEmailAndPhone) {
    auto u = parse_users_info(fixture("slack/web_users_info_ok.json"));
    ASSERT_TRUE(u) << u.error().message;
    EXPECT_EQ(u->name, "Luca Verdi");
    EXPECT_EQ(u->locale, "it");
    EXPECT_EQ(u->tz, "Europe/Rome");
    EXPECT_EQ(u->email, "luca.verdi@acme.example");
    EXPECT_EQ(u->phone, "+39 02 1234 5678");
    EXPECT_FALSE(u->is_bot);
}

TEST(SlackWebApi, GarbageAnswersAreProtocolErrors) {
    for (const char* bad : {"", "nope", "[]", R"({"ok":"yes"})"}) {
        auto r = parse_auth_test(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, Errc::protocol) << bad;
    }
}

TEST(SlackWebApi, PlatformMessageIdsRoundTrip) {
    EXPECT_EQ(platform_message_id("D1", "17.5"), "D1:17.5");
    auto p = split_platform_message_id("D1:17.5");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->channel, "D1");
    EXPECT_EQ(p->ts, "17.5");
    EXPECT_FALSE(split_platform_message_id("nocolon"));
    EXPECT_FALSE(split_platform_message_id(":x"));
}

TEST(SlackWebApi, OutboxKeysAreLookedUpInTheConversationOrTheThread) {
    EXPECT_EQ(piece_key("in:slack:1", 0), "in:slack:1");
    EXPECT_EQ(piece_key("in:slack:1", 1), "in:slack:1#2");
    auto dm = history_lookup(R"({"channel":"D0DM000001","text":"hi"})", 1796500000);
    ASSERT_TRUE(dm);
    EXPECT_EQ(dm->method, "conversations.history");
    EXPECT_NE(std::find(dm->args.begin(), dm->args.end(), std::pair<std::string, std::string>{"oldest", "1796500000"}), dm->args.end());
    EXPECT_NE(std::find(dm->args.begin(), dm->args.end(), std::pair<std::string, std::string>{"include_all_metadata", "true"}),
              dm->args.end());
    auto thread = history_lookup(R"({"channel":"C0AGENTS01","thread_ts":"1796500000.000100","text":"hi"})", 1796500000);
    ASSERT_TRUE(thread);
    EXPECT_EQ(thread->method, "conversations.replies") << "replies live in their thread";
    EXPECT_NE(std::find(thread->args.begin(), thread->args.end(), std::pair<std::string, std::string>{"ts", "1796500000.000100"}),
              thread->args.end());
    EXPECT_FALSE(history_lookup("{}", 0));

    // A history answer with our post, someone else's metadata, a message without any, and junk.
    auto keys = parse_posted_keys(R"({"ok":true,"messages":[
        {"type":"message","ts":"1796500001.000200","text":"hi","metadata":{"event_type":"frontline_outbox","event_payload":{"key":"k1"}}},
        {"type":"message","ts":"1796500001.000300","text":"x","metadata":{"event_type":"other_app","event_payload":{"key":"k2"}}},
        {"type":"message","ts":"1796500001.000400","text":"plain"},
        {"type":"message","ts":7,"metadata":{"event_type":"frontline_outbox","event_payload":{"key":"k3"}}},
        "junk"],"has_more":false})");
    ASSERT_TRUE(keys) << keys.error().message;
    EXPECT_EQ(*keys, (std::map<std::string, std::string>{{"k1", "1796500001.000200"}}));
    EXPECT_FALSE(parse_posted_keys(R"({"ok":false,"error":"missing_scope"})"));
    EXPECT_FALSE(parse_posted_keys("not json"));
}
