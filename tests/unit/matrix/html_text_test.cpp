// Neutral markup <-> Matrix HTML, and reply fallbacks.
#include <gtest/gtest.h>

#include "adapters/matrix/html_text.hpp"

namespace frontline::matrix {
namespace {

TEST(MatrixHtmlText, NeutralMarkupBecomesEscapedHtml) {
    EXPECT_EQ(to_html("*INC-000001* is _yours_: type `claim INC-000001`"),
              "<strong>INC-000001</strong> is <em>yours</em>: type <code>claim INC-000001</code>");
    EXPECT_EQ(to_html("a <b> & \"c\"\nnext"), "a &lt;b&gt; &amp; &quot;c&quot;<br/>next");
    EXPECT_EQ(to_html("see https://example.org/a?b=1&c=2."),
              "see <a href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2</a>.");
    EXPECT_EQ(to_html("2 * 3 * 4 and snake_case_name"), "2 * 3 * 4 and snake_case_name");
    EXPECT_EQ(to_html("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
}

TEST(MatrixHtmlText, ReplyFallbackLinesAreStripped) {
    EXPECT_EQ(strip_reply_fallback("> <@a:hs> hello\n> there\n\nclaim INC-000001"), "claim INC-000001");
    EXPECT_EQ(strip_reply_fallback("no quote here"), "no quote here");
    EXPECT_EQ(strip_reply_fallback("> only a quote"), "");
    EXPECT_EQ(strip_reply_fallback("text\n> later quote stays"), "text\n> later quote stays");
}

TEST(MatrixHtmlText, HtmlBecomesTextWithPills) {
    std::vector<std::string> pills;
    EXPECT_EQ(html_to_text("<mx-reply><blockquote>quoted <a href=\"https://matrix.to/#/@x:hs\">X</a></blockquote></mx-reply>"
                           "<p>Hi <a href=\"https://matrix.to/#/%40bob%3Ahs\">Bob</a> &amp; all</p><p>bye&#33;</p>",
                           &pills),
              "Hi @bob:hs & all\nbye!");
    ASSERT_EQ(pills.size(), 1u);
    EXPECT_EQ(pills[0], "@bob:hs");
    EXPECT_EQ(html_to_text("a<br/>b<br>c"), "a\nb\nc");
    EXPECT_EQ(html_to_text("broken <a href"), "broken");
    EXPECT_EQ(html_to_text("&bogus; &#xD800; &"), "&bogus; &#xD800; &");
}

TEST(MatrixHtmlText, MatrixToLinks) {
    EXPECT_EQ(matrix_to_link("@alice:example.org"), "https://matrix.to/#/@alice:example.org");
    EXPECT_EQ(matrix_to_link("@a\"b:hs"), "https://matrix.to/#/@a%22b:hs");
}

}  // namespace
}  // namespace frontline::matrix
