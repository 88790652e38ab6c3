#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "adapters/slack/message_renderer.hpp"
#include "adapters/slack/reply_modal.hpp"
#include "core/text.hpp"

using namespace frontline;
using namespace frontline::slack;
using nlohmann::json;

namespace {
OutboundMessage question() {
    OutboundMessage m;
    m.to = Address{"slack", "D0DM000001", ""};
    m.text = "Which connection drops? *VPN* or Wi-Fi & co <3";
    m.choices = {{"VPN", "vpn"}, {"Wi-Fi", "wifi"}};
    m.message_key = "s:slack:U0USER0001:q1";
    m.idempotency_key = "out-17";
    return m;
}
}  // namespace

TEST(SlackRenderer, QuestionBecomesSectionPlusButtonsWithTextFallback) {
    auto r = render_post_message(question(), "D0DM000001");
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->size(), 1u);
    auto body = json::parse(r->front());
    EXPECT_EQ(body["channel"], "D0DM000001");
    EXPECT_EQ(body["text"], "Which connection drops? *VPN* or Wi-Fi &amp; co &lt;3");
    // The outbox key rides along, so a post made before a crash is found instead of doubled.
    EXPECT_EQ(body["metadata"], (json{{"event_type", "frontline_outbox"}, {"event_payload", {{"key", "out-17"}}}}));
    ASSERT_EQ(body["blocks"].size(), 2u);
    EXPECT_EQ(body["blocks"][0]["type"], "section");
    EXPECT_EQ(body["blocks"][0]["text"]["type"], "mrkdwn");
    const auto& actions = body["blocks"][1];
    EXPECT_EQ(actions["type"], "actions");
    ASSERT_EQ(actions["elements"].size(), 2u);
    EXPECT_EQ(actions["elements"][0]["type"], "button");
    EXPECT_EQ(actions["elements"][0]["text"]["text"], "VPN");
    EXPECT_EQ(actions["elements"][0]["value"], "vpn");
    EXPECT_EQ(actions["elements"][0]["action_id"], "s:slack:U0USER0001:q1/0");
    EXPECT_EQ(actions["elements"][1]["action_id"], "s:slack:U0USER0001:q1/1");
}

TEST(SlackRenderer, PlainMessageHasNoBlocksAndKeepsTheThread) {
    OutboundMessage m;
    m.to = Address{"slack", "C0AGENTS01", "C0AGENTS01:1732697700.000900"};  // the root's neutral reference
    m.text = "Claimed by Giulia";
    m.mentions = {Identity{"slack", "U0AGENT001"}, Identity{"telegram", "42"}};
    auto r = render_post_message(m, "C0AGENTS01");
    ASSERT_TRUE(r);
    auto body = json::parse(r->front());
    EXPECT_FALSE(body.contains("blocks"));
    EXPECT_EQ(body["thread_ts"], "1732697700.000900");
    EXPECT_EQ(body["text"], "<@U0AGENT001> Claimed by Giulia");
}

TEST(SlackRenderer, LongTextIsSplitAndButtonsRideOnTheLastPiece) {
    auto m = question();
    m.text.clear();
    for (int i = 0; i < 50; ++i) m.text += std::string(180, 'w') + "\n";
    auto r = render_post_message(m, "D0DM000001");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->size(), 4u);
    for (std::size_t i = 0; i < r->size(); ++i) {
        auto body = json::parse((*r)[i]);
        EXPECT_LE(body["text"].get<std::string>().size(), kSectionTextMax);
        EXPECT_EQ(body.contains("blocks"), i + 1 == r->size());
    }
}

TEST(SlackRenderer, ManyChoicesSpreadOverActionBlocksOf25AndLabelsAreClamped) {
    auto m = question();
    m.choices.clear();
    for (int i = 0; i < 30; ++i) m.choices.push_back({std::string(100, 'L'), "p" + std::to_string(i)});
    auto r = render_post_message(m, "D1");
    ASSERT_TRUE(r);
    auto body = json::parse(r->front());
    ASSERT_EQ(body["blocks"].size(), 3u);
    EXPECT_EQ(body["blocks"][1]["elements"].size(), 25u);
    EXPECT_EQ(body["blocks"][2]["elements"].size(), 5u);
    EXPECT_NE(body["blocks"][1]["block_id"], body["blocks"][2]["block_id"]);
    EXPECT_EQ(utf8_length(body["blocks"][1]["elements"][0]["text"]["text"].get<std::string>()), kButtonTextMax);
}

TEST(SlackRenderer, OversizedChoicePayloadIsRefused) {
    auto m = question();
    m.choices[0].payload = std::string(kButtonValueMax + 1, 'v');
    auto r = render_post_message(m, "D1");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
}

TEST(SlackRenderer, UpdateOfAnAnsweredQuestionRemovesTheButtons) {
    OutboundMessage m;
    m.to = Address{"slack", "D0DM000001", ""};
    m.text = "Which connection drops? — *VPN*";
    auto r = render_update(m, "D0DM000001", "1732697402.000400");
    ASSERT_TRUE(r);
    auto body = json::parse(*r);
    EXPECT_EQ(body["ts"], "1732697402.000400");
    EXPECT_EQ(body["channel"], "D0DM000001");
    ASSERT_TRUE(body["blocks"].is_array());
    EXPECT_TRUE(body["blocks"].empty());
}

TEST(SlackRenderer, InvalidUtf8NeverThrows) {
    OutboundMessage m;
    m.text = "bad \xff\xfe byte";
    auto r = render_post_message(m, "D1");
    ASSERT_TRUE(r);
    EXPECT_TRUE(json::accept(r->front()));
}

TEST(SlackRenderer, ReplyModalCarriesTheButtonAndTheCardsThreadWithinSlacksLimits) {
    using namespace frontline::slack;
    const ModalRequest req{"trig.1", "U0ALICE", "handoff:reply:INC-000042", "C0DESK", "C0DESK:1732697500.000100"};
    ReplyModalTexts texts;
    texts.title = "A title that is much longer than Slack's twenty-four characters";
    texts.label = "What the requester will read";
    const auto body = nlohmann::json::parse(render_reply_modal(req, texts));
    EXPECT_EQ(body["trigger_id"], "trig.1");
    const auto& view = body["view"];
    EXPECT_EQ(view["type"], "modal");
    EXPECT_EQ(view["callback_id"], "frontline.reply");
    EXPECT_LE(frontline::utf8_length(view["title"]["text"].get<std::string>()), 24u);
    const auto meta = nlohmann::json::parse(view["private_metadata"].get<std::string>());
    EXPECT_EQ(meta["payload"], "handoff:reply:INC-000042");
    EXPECT_EQ(meta["channel"], "C0DESK");
    EXPECT_EQ(meta["thread"], "C0DESK:1732697500.000100");
    ASSERT_EQ(view["blocks"].size(), 1u);
    const auto& input = view["blocks"][0];
    EXPECT_EQ(input["type"], "input");
    EXPECT_EQ(input["block_id"], "reply");
    EXPECT_EQ(input["element"]["action_id"], "text");
    EXPECT_EQ(input["element"]["type"], "plain_text_input");
    EXPECT_TRUE(input["element"]["multiline"].get<bool>());
    EXPECT_EQ(input["label"]["text"], "What the requester will read");
}
