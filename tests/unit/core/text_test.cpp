#include "core/text.hpp"

#include <gtest/gtest.h>

namespace frontline {
namespace {

TEST(Text, ValidUtf8IsAccepted) {
    EXPECT_TRUE(is_valid_utf8("plain ascii"));
    EXPECT_TRUE(is_valid_utf8("perché è così"));
    EXPECT_TRUE(is_valid_utf8("VPN 🔥🔥"));
    EXPECT_TRUE(is_valid_utf8(""));
}

TEST(Text, InvalidUtf8IsRefused) {
    EXPECT_FALSE(is_valid_utf8("\xff"));
    EXPECT_FALSE(is_valid_utf8("abc\xc3"));             // truncated sequence
    EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));            // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));        // UTF-16 surrogate
    EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));    // past U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\x80 lone continuation"));
}

TEST(Text, ValidateNamesTheFieldAndTheProblem) {
    auto too_long = validate_text(std::string(1 << 20, 'a'), kMaxUserTextBytes, "message");
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().code, Errc::invalid_argument);
    EXPECT_NE(too_long.error().message.find("message is too long"), std::string::npos);
    auto bad = validate_text("\xff", 100, "title");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "title is not valid UTF-8");
    EXPECT_TRUE(validate_text("ok", 100, "title"));
}

TEST(Text, TruncateKeepsCodePointsWhole) {
    const std::string s = "caffè";  // è is two bytes at the end
    EXPECT_EQ(utf8_truncate(s, 5), "caff");
    EXPECT_EQ(utf8_truncate(s, 6), "caffè");
    EXPECT_TRUE(is_valid_utf8(utf8_truncate("🔥🔥", 5)));
    EXPECT_EQ(utf8_length("caffè🔥"), 6u);
}

TEST(Text, TrimAndLower) {
    EXPECT_EQ(trim("  \t hello \n"), "hello");
    EXPECT_EQ(trim("   "), "");
    EXPECT_EQ(ascii_lower("VPN Già"), "vpn già");
}

}  // namespace
}  // namespace frontline
