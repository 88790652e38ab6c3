#include <gtest/gtest.h>

#include "adapters/slack/mrkdwn.hpp"
#include "core/text.hpp"

using namespace frontline;
using namespace frontline::slack;

TEST(SlackMrkdwn, EscapesOnlyAmpersandAndAngleBrackets) {
    EXPECT_EQ(to_mrkdwn("R&D <team> said \"don't\" 'x'"), "R&amp;D &lt;team&gt; said \"don't\" 'x'");
}

TEST(SlackMrkdwn, KeepsSlackTokensAndNeutralBold) {
    EXPECT_EQ(to_mrkdwn("*INC-000042* for <@U0AGENT001> in <#C0AGENTS01>"),
              "*INC-000042* for <@U0AGENT001> in <#C0AGENTS01>");
    EXPECT_EQ(to_mrkdwn("see <https://status.example.com> & <mailto:it@example.com>"),
              "see <https://status.example.com> &amp; <mailto:it@example.com>");
}

TEST(SlackMrkdwn, WordsPeopleTypedCannotPingTheChannelOrDisguiseALink) {
    // A requester's relayed line reaches the agents' channel as text: no @here for everyone, and
    // no link whose label says one address while it leads to another (issue 13).
    EXPECT_EQ(to_mrkdwn("urgent <!here> <!channel> <!everyone> <!subteam^S1|@desk>"),
              "urgent &lt;!here&gt; &lt;!channel&gt; &lt;!everyone&gt; &lt;!subteam^S1|@desk&gt;");
    EXPECT_EQ(to_mrkdwn("log in at <https://evil.example|https://intranet.example>"),
              "log in at &lt;https://evil.example|https://intranet.example&gt;");
}

TEST(SlackMrkdwn, LookalikeTokensAreEscaped) {
    EXPECT_EQ(to_mrkdwn("<@notanid> <script>alert(1)</script> <#c1>"),
              "&lt;@notanid&gt; &lt;script&gt;alert(1)&lt;/script&gt; &lt;#c1&gt;");
    EXPECT_EQ(to_mrkdwn("a < b > c"), "a &lt; b &gt; c");
}

TEST(SlackMrkdwn, InboundTextIsDecoded) {
    EXPECT_EQ(from_mrkdwn("a &amp; b &lt;c&gt; <https://x.example/a|x.example/a> <mailto:a@b.example|a@b.example> <@U1>"),
              "a & b <c> https://x.example/a a@b.example <@U1>");
}

TEST(SlackMrkdwn, ShortTextIsOnePiece) {
    auto parts = split_mrkdwn("hello", 3000);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0], "hello");
}

TEST(SlackMrkdwn, LongTextSplitsOnParagraphsWithinTheLimit) {
    std::string para(1800, 'x');
    auto parts = split_mrkdwn(para + "\n\n" + para + "\n\n" + para, 3000);
    ASSERT_EQ(parts.size(), 3u);
    for (const auto& p : parts) EXPECT_EQ(p, para);
}

TEST(SlackMrkdwn, SplitNeverBreaksTokensEntitiesOrCodePoints) {
    std::string text;
    for (int i = 0; i < 400; ++i) text += "è&amp;<@U0AGENT001>€";
    auto parts = split_mrkdwn(text, 1000);
    ASSERT_GT(parts.size(), 1u);
    std::string joined;
    for (const auto& p : parts) {
        EXPECT_LE(p.size(), 1000u);
        EXPECT_TRUE(is_valid_utf8(p));
        // Every piece starts and ends on whole units: no dangling halves of a token or entity.
        EXPECT_EQ(p.find("&amp;") == std::string::npos || p.rfind('&') <= p.size() - 5, true);
        EXPECT_NE(p.back(), '<');
        joined += p;
    }
    EXPECT_EQ(joined, text);
}

TEST(SlackMrkdwn, ButtonLabelsAreClampedByCharacters) {
    EXPECT_EQ(clamp_plain_text("short", 75), "short");
    std::string long_label;
    for (int i = 0; i < 100; ++i) long_label += "é";
    auto c = clamp_plain_text(long_label, 75);
    EXPECT_EQ(utf8_length(c), 75u);
    EXPECT_TRUE(is_valid_utf8(c));
}
