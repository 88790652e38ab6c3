// Neutral messages -> m.room.message content.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/matrix/message_renderer.hpp"

namespace frontline::matrix {
namespace {

using nlohmann::json;

const RenderOptions kOptions{"@frontline:example.org", false};

OutboundMessage message(std::string text) {
    OutboundMessage m;
    m.to = Address{"matrix", "!dm:example.org", ""};
    m.text = std::move(text);
    return m;
}

TEST(MatrixRenderer, TextWithHtmlAndAlwaysMentions) {
    const json c = json::parse(render_message(message("Your ticket is *INC-000001*"), kOptions));
    EXPECT_EQ(c["msgtype"], "m.text");
    EXPECT_EQ(c["body"], "Your ticket is *INC-000001*");
    EXPECT_EQ(c["format"], "org.matrix.custom.html");
    EXPECT_EQ(c["formatted_body"], "Your ticket is <strong>INC-000001</strong>");
    EXPECT_EQ(c["m.mentions"], json({{"user_ids", json::array()}})) << "present even when empty";
    EXPECT_FALSE(c.contains("m.relates_to"));
    EXPECT_EQ(json::parse(render_message(message("x"), {"@frontline:example.org", true}))["msgtype"], "m.notice");
}

TEST(MatrixRenderer, ChoicesAreANumberedList) {
    auto m = message("How many people are affected?");
    m.choices = {{"Just me", "impact|low"}, {"My team <5>", "impact|medium"}};
    const json c = json::parse(render_message(m, kOptions));
    EXPECT_EQ(c["body"], "How many people are affected?\n\n1. Just me\n2. My team <5>");
    EXPECT_EQ(c["formatted_body"], "How many people are affected?<ol><li>Just me</li><li>My team &lt;5&gt;</li></ol>");
}

TEST(MatrixRenderer, PingsUseMentionsAndPillsButNeverOurselves) {
    auto m = message("INC-000001 waits for L2");
    m.mentions = {{"matrix", "@alice:example.org"}, {"slack", "U0ALICE"}, {"matrix", "@frontline:example.org"},
                  {"matrix", "@alice:example.org"}};
    const json c = json::parse(render_message(m, kOptions));
    EXPECT_EQ(c["m.mentions"]["user_ids"], json::array({"@alice:example.org"}));
    EXPECT_EQ(c["body"], "@alice:example.org INC-000001 waits for L2");
    EXPECT_EQ(c["formatted_body"],
              "<a href=\"https://matrix.to/#/@alice:example.org\">@alice:example.org</a> INC-000001 waits for L2");
}

TEST(MatrixRenderer, ThreadRepliesUseMThread) {
    auto m = message("Alice claimed it");
    m.to.thread = "$card:example.org";
    const json c = json::parse(render_message(m, kOptions));
    EXPECT_EQ(c["m.relates_to"]["rel_type"], "m.thread");
    EXPECT_EQ(c["m.relates_to"]["event_id"], "$card:example.org");
    EXPECT_EQ(c["m.relates_to"]["is_falling_back"], true);
    EXPECT_EQ(c["m.relates_to"]["m.in_reply_to"]["event_id"], "$card:example.org");
}

TEST(MatrixRenderer, ReplacementsCarryNewContent) {
    auto m = message("Claimed by *Alice*");
    const json c = json::parse(render_replacement(m, "$card:example.org", kOptions));
    EXPECT_EQ(c["body"], "* Claimed by *Alice*");
    EXPECT_EQ(c["m.new_content"]["body"], "Claimed by *Alice*");
    EXPECT_EQ(c["m.new_content"]["formatted_body"], "Claimed by <strong>Alice</strong>");
    EXPECT_EQ(c["m.relates_to"], json({{"rel_type", "m.replace"}, {"event_id", "$card:example.org"}}));
}

TEST(MatrixRenderer, HugeAndInvalidTextStillRendersWithinTheEventLimit) {
    auto m = message(std::string(1 << 20, '<') + "\xff");
    const auto out = render_message(m, kOptions);
    EXPECT_LE(out.size(), kMaxContentBytes);
    const json c = json::parse(out);
    EXPECT_GT(c["body"].get<std::string>().size(), 1000u);
}

TEST(MatrixRenderer, NoticeEscapes) {
    const json c = json::parse(render_notice("I can't read <encrypted> messages"));
    EXPECT_EQ(c["msgtype"], "m.notice");
    EXPECT_EQ(c["formatted_body"], "I can&#39;t read &lt;encrypted&gt; messages");
}

}  // namespace
}  // namespace frontline::matrix
