// The receiver's settings: off by default; when on, the token's variable must be set and the
// limits sane, each mistake naming its key (what `frontline check-config` reports).
#include <gtest/gtest.h>

#include <cstdlib>

#include "bot/runtime/alertmanager_config.hpp"

using namespace frontline;

namespace {

Config config(const std::string& section) {
    auto c = Config::from_text(R"({"alertmanager": )" + section + "}", "frontline.json");
    if (!c) throw std::runtime_error(c.error().message);
    return *c;
}

}  // namespace

TEST(AlertmanagerConfig, OffByDefault) {
    auto s = read_alertmanager_webhook(config("{}"));
    ASSERT_TRUE(s);
    EXPECT_FALSE(*s);
}

TEST(AlertmanagerConfig, TheTokenComesFromTheNamedVariable) {
    ::unsetenv("FRONTLINE_TEST_AM_UNSET");
    auto missing = read_alertmanager_webhook(config(R"({"enabled": true, "token_env": "FRONTLINE_TEST_AM_UNSET"})"));
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("alertmanager.token_env"), std::string::npos) << missing.error().message;
    EXPECT_NE(missing.error().message.find("FRONTLINE_TEST_AM_UNSET"), std::string::npos);

    ::setenv("FRONTLINE_TEST_AM_TOKEN", "t0ken", 1);
    auto s = read_alertmanager_webhook(config(R"({"enabled": true, "token_env": "FRONTLINE_TEST_AM_TOKEN"})"));
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_TRUE(*s);
    EXPECT_EQ((*s)->token, "t0ken");
    EXPECT_EQ((*s)->path, "/hooks/alertmanager");

    auto small = read_alertmanager_webhook(config(R"({"enabled": true, "token_env": "FRONTLINE_TEST_AM_TOKEN", "max_body_bytes": 10})"));
    ASSERT_FALSE(small);
    EXPECT_NE(small.error().message.find("alertmanager.max_body_bytes"), std::string::npos);
    auto path = read_alertmanager_webhook(config(R"({"enabled": true, "token_env": "FRONTLINE_TEST_AM_TOKEN", "path": "hooks"})"));
    ASSERT_FALSE(path);
    EXPECT_NE(path.error().message.find("alertmanager.path"), std::string::npos);
}
