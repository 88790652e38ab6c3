// The standard error envelope and the small answers the connector reads.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/matrix/api_codec.hpp"
#include "tests/unit/slack/fixture.hpp"

namespace frontline::matrix {
namespace {

using namespace std::chrono_literals;
using test::fixture;

TEST(MatrixApiCodec, LimitExceededWaitsTheLongerOfBodyAndHeader) {
    auto s = classify_response(429, fixture("matrix/error_limit_exceeded.json"), std::nullopt);
    EXPECT_EQ(s.verdict, ApiVerdict::rate_limited);
    EXPECT_EQ(s.errcode, "M_LIMIT_EXCEEDED");
    EXPECT_EQ(s.retry_after, 2000ms);
    s = classify_response(429, fixture("matrix/error_limit_exceeded.json"), 3s);
    EXPECT_EQ(s.retry_after, 3000ms) << "Retry-After (spec v1.10) is honoured too";
    s = classify_response(429, "", std::nullopt);
    EXPECT_EQ(s.verdict, ApiVerdict::rate_limited);
    EXPECT_EQ(s.retry_after, 5000ms) << "a default when neither says";
}

TEST(MatrixApiCodec, UnknownTokenIsFatalAndOtherRefusalsAreRejections) {
    EXPECT_EQ(classify_response(401, fixture("matrix/error_unknown_token.json"), std::nullopt).verdict, ApiVerdict::fatal);
    EXPECT_EQ(classify_response(401, "", std::nullopt).verdict, ApiVerdict::fatal);
    const auto forbidden = classify_response(403, fixture("matrix/error_forbidden.json"), std::nullopt);
    EXPECT_EQ(forbidden.verdict, ApiVerdict::rejected);
    EXPECT_EQ(forbidden.error, "You are not in this room.");
    EXPECT_EQ(classify_response(502, "<html>bad gateway</html>", std::nullopt).verdict, ApiVerdict::retry);
    EXPECT_EQ(classify_response(200, fixture("matrix/send_ok.json"), std::nullopt).verdict, ApiVerdict::ok);
}

TEST(MatrixApiCodec, SmallAnswers) {
    auto who = parse_whoami(fixture("matrix/whoami.json"));
    ASSERT_TRUE(who);
    EXPECT_EQ(who->user_id, "@frontline:example.org");
    EXPECT_EQ(who->device_id, "ABCDEFGH");
    auto id = parse_event_id(fixture("matrix/send_ok.json"));
    ASSERT_TRUE(id);
    EXPECT_EQ(*id, "$YUwRidLecu:example.com");
    auto rooms = parse_joined_rooms(fixture("matrix/joined_rooms.json"));
    ASSERT_TRUE(rooms);
    EXPECT_EQ(rooms->size(), 2u);
    EXPECT_FALSE(parse_whoami("{}"));
    EXPECT_FALSE(parse_event_id("nope"));
    EXPECT_FALSE(parse_joined_rooms(R"({"joined_rooms":"x"})"));
    EXPECT_EQ(*parse_room_id(R"({"room_id":"!a:hs"})"), "!a:hs");
}

TEST(MatrixApiCodec, PasswordLogin) {
    // The spec's example answer of POST /login.
    auto login = parse_login(fixture("matrix/login.json"));
    ASSERT_TRUE(login) << login.error().message;
    EXPECT_EQ(login->user_id, "@cheeky_monkey:matrix.org");
    EXPECT_EQ(login->access_token, "abc123");
    EXPECT_EQ(login->device_id, "GHTYAJCE");
    EXPECT_FALSE(parse_login(R"({"user_id":"@a:hs"})")) << "no token";
    EXPECT_FALSE(parse_login("<html>"));
    const auto body = nlohmann::json::parse(login_body("@frontline:example.org", "pa\"ss"));
    EXPECT_EQ(body["type"], "m.login.password");
    EXPECT_EQ(body["identifier"], (nlohmann::json{{"type", "m.id.user"}, {"user", "@frontline:example.org"}}));
    EXPECT_EQ(body["password"], "pa\"ss");
    EXPECT_EQ(body["initial_device_display_name"], "frontline");
}

TEST(MatrixApiCodec, PathSegmentsAreEncoded) {
    EXPECT_EQ(path_segment("!abc:example.org"), "%21abc%3Aexample.org");
    EXPECT_EQ(path_segment("fl-1a_2.3~"), "fl-1a_2.3~");
    EXPECT_EQ(path_segment("a/b?c"), "a%2Fb%3Fc");
}

}  // namespace
}  // namespace frontline::matrix
