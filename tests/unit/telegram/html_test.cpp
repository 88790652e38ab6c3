// Neutral light markup -> Telegram HTML, and splitting within 4096 UTF-16 units.
#include <gtest/gtest.h>

#include "adapters/telegram/telegram_html.hpp"
#include "adapters/telegram/utf16.hpp"

namespace frontline::telegram {
namespace {

TEST(TelegramHtml, EscapesTheThreeCharactersHtmlModeNeeds) {
    EXPECT_EQ(to_html("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
    EXPECT_EQ(to_html("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
    EXPECT_EQ(to_html("l'ora \"giusta\""), "l'ora \"giusta\"");  // quotes stay: nothing over-escaped
}

TEST(TelegramHtml, MarkupBecomesTags) {
    EXPECT_EQ(to_html("I've logged this as *INC-000001*."), "I've logged this as <b>INC-000001</b>.");
    EXPECT_EQ(to_html("_Your answer_: `ipconfig /all`"), "<i>Your answer</i>: <code>ipconfig /all</code>");
    EXPECT_EQ(to_html("`a<b`"), "<code>a&lt;b</code>");
    EXPECT_EQ(to_html("*bold with <b>*"), "<b>bold with &lt;b&gt;</b>");
}

TEST(TelegramHtml, UnpairedMarkersStayLiteral) {
    EXPECT_EQ(to_html("file_name_v2.txt"), "file_name_v2.txt");
    EXPECT_EQ(to_html("2 * 3 = 6"), "2 * 3 = 6");
    EXPECT_EQ(to_html("*open"), "*open");
    EXPECT_EQ(to_html("https://example.org/a_b_c"), "https://example.org/a_b_c");
}

TEST(TelegramHtml, SplitsWithinTheLimitCountingUtf16Units) {
    std::string text;
    for (int i = 0; i < 3000; ++i) text += "🙂 ";  // 3 units each: 9000 units
    const auto pieces = split_text(text, 4000);
    ASSERT_EQ(pieces.size(), 3u);
    std::size_t total = 0;
    for (const auto& p : pieces) {
        EXPECT_LE(utf16_length(p), 4000u);
        total += utf16_length(p);
    }
    EXPECT_GE(total, 8990u);  // only the spaces at the cuts go
    EXPECT_EQ(split_text("short", 4000), std::vector<std::string>{"short"});
    // No boundary at all: a hard cut, never inside a UTF-8 sequence.
    const auto hard = split_text(std::string(5000, 'x') + "é", 4096);
    EXPECT_EQ(hard.size(), 2u);
    EXPECT_EQ(hard[1], std::string(904, 'x') + "é");
}

TEST(TelegramUtf16, OffsetsMapToBytes) {
    EXPECT_EQ(utf16_length("a😀b"), 4u);
    EXPECT_EQ(utf16_to_byte_offset("a😀b", 3), std::optional<std::size_t>(5));
    EXPECT_EQ(utf16_to_byte_offset("a😀b", 2), std::nullopt);  // inside the surrogate pair
    EXPECT_EQ(utf16_to_byte_offset("ab", 3), std::nullopt);
}

}  // namespace
}  // namespace frontline::telegram
