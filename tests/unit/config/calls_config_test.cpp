// calls.* and http.public_url: the defaults, and each bad value stopped with its key named.
#include <gtest/gtest.h>

#include <cstdlib>

#include "bot/config/calls_config.hpp"

using namespace frontline;

namespace {

Config config(const std::string& text) {
    auto c = Config::from_text(text, "frontline.json");
    EXPECT_TRUE(c) << c.error().message;
    return std::move(*c);
}

std::string error_of(const std::string& text) {
    auto s = read_call_settings(config(text));
    if (s) {
        auto url = read_public_url(config(text));
        return url ? "" : url.error().message;
    }
    return s.error().message;
}

}  // namespace

TEST(CallsConfig, DefaultsWithoutAnyKey) {
    auto s = read_call_settings(config("{}"));
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->meeting_template, "https://meet.jit.si/{room}");
    EXPECT_EQ(s->default_duration, std::chrono::minutes{30});
    EXPECT_EQ(s->reminder_before, std::chrono::minutes{15});
    EXPECT_EQ(s->link_valid, std::chrono::hours{72});
    EXPECT_EQ(s->working_days, 5);
    auto url = read_public_url(config("{}"));
    ASSERT_TRUE(url);
    EXPECT_EQ(*url, "");
}

TEST(CallsConfig, ReadsEveryKey) {
    auto s = read_call_settings(config(R"({"calls": {"meeting_url_template": "Dial +39 06 1234 5678, PIN 4242",
        "default_minutes": 45, "max_minutes": 90, "reminder_minutes": 5, "link_hours": 24, "buffer_minutes": 0,
        "step_minutes": 15, "lead_minutes": 120, "working_days": 3}})"));
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->meeting_template, "Dial +39 06 1234 5678, PIN 4242");
    EXPECT_EQ(s->default_duration, std::chrono::minutes{45});
    EXPECT_EQ(s->max_duration, std::chrono::minutes{90});
    EXPECT_EQ(s->reminder_before, std::chrono::minutes{5});
    EXPECT_EQ(s->link_valid, std::chrono::hours{24});
    EXPECT_EQ(s->buffer, std::chrono::minutes{0});
    EXPECT_EQ(s->step, std::chrono::minutes{15});
    EXPECT_EQ(s->lead, std::chrono::minutes{120});
    EXPECT_EQ(s->working_days, 3);
}

TEST(CallsConfig, BadValuesNameTheirKey) {
    EXPECT_NE(error_of(R"({"calls": {"meeting_url_template": "https://meet.example.com/fixed-room"}})").find("calls.meeting_url_template"), std::string::npos);
    EXPECT_NE(error_of(R"({"calls": {"reminder_minutes": 0}})").find("calls.reminder_minutes"), std::string::npos);
    EXPECT_NE(error_of(R"({"calls": {"default_minutes": "thirty"}})").find("calls.default_minutes"), std::string::npos);
    EXPECT_NE(error_of(R"({"calls": {"default_minutes": 200, "max_minutes": 60}})").find("calls.default_minutes"), std::string::npos);
    EXPECT_NE(error_of(R"({"calls": {"working_days": 0}})").find("calls.working_days"), std::string::npos);
    EXPECT_NE(error_of(R"({"calls": {"link_hours": 0}})").find("calls.link_hours"), std::string::npos);
    for (const char* url : {"desk.example.com", "ftp://desk.example.com", "https://", "https://desk.example.com/?a=1",
                            "https://desk.example.com/#top"})
        EXPECT_NE(error_of(std::string(R"({"http": {"public_url": ")") + url + "\"}}").find("http.public_url"), std::string::npos) << url;
    auto ok = read_public_url(config(R"({"http": {"public_url": "https://desk.example.com/frontline/"}})"));
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, "https://desk.example.com/frontline");
}

TEST(CallsConfig, LinksOnlyWithAPublicUrlAndALongEnoughSecret) {
    const std::string with_url = R"({"http": {"public_url": "https://desk.example.com"}, "calls": {"secret_env": "FRONTLINE_TEST_CALLS_SECRET"}})";
    ::unsetenv("FRONTLINE_TEST_CALLS_SECRET");
    auto none = make_call_links(config(with_url));
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none) << "no secret: calls are off";
    ::setenv("FRONTLINE_TEST_CALLS_SECRET", "short", 1);
    auto weak = make_call_links(config(with_url));
    ASSERT_FALSE(weak);
    EXPECT_NE(weak.error().message.find("calls.secret_env"), std::string::npos);
    EXPECT_EQ(weak.error().message.find("short"), std::string::npos) << "never the secret itself";
    ::setenv("FRONTLINE_TEST_CALLS_SECRET", "a-secret-long-enough-for-links", 1);
    auto links = make_call_links(config(with_url));
    ASSERT_TRUE(links && *links);
    EXPECT_EQ((*links)->public_url(), "https://desk.example.com");
    auto no_url = make_call_links(config(R"({"calls": {"secret_env": "FRONTLINE_TEST_CALLS_SECRET"}})"));
    ASSERT_TRUE(no_url);
    EXPECT_FALSE(*no_url) << "no public URL: calls are off";
    ::unsetenv("FRONTLINE_TEST_CALLS_SECRET");
}
