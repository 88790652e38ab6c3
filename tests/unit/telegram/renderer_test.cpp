// OutboundMessage -> sendMessage / editMessageText bodies.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/telegram/message_renderer.hpp"

namespace frontline::telegram {
namespace {

using nlohmann::json;

OutboundMessage question() {
    OutboundMessage m;
    m.to = {"telegram", "777001", ""};
    m.text = "Who is affected? <all> & *everyone*";
    // A payload longer than Telegram's 64-byte callback_data: it never travels there.
    m.choices = {{"Only me", "impact|low"}, {"My team", "impact|medium"}, {"The whole company", std::string(200, 'p')}};
    return m;
}

TEST(TelegramRenderer, ButtonsCarryOpaqueReferencesNeverPayloads) {
    auto bodies = render_send_messages(question(), 17);
    ASSERT_TRUE(bodies) << bodies.error().message;
    ASSERT_EQ(bodies->size(), 1u);
    const auto b = json::parse(bodies->front());
    EXPECT_EQ(b["chat_id"], 777001);
    EXPECT_EQ(b["parse_mode"], "HTML");
    EXPECT_EQ(b["text"], "Who is affected? &lt;all&gt; &amp; <b>everyone</b>");
    std::vector<std::string> data;
    for (const auto& row : b["reply_markup"]["inline_keyboard"])
        for (const auto& button : row) {
            data.push_back(button["callback_data"].get<std::string>());
            EXPECT_LE(data.back().size(), kCallbackDataMax);
        }
    EXPECT_EQ(data, (std::vector<std::string>{"c17.0", "c17.1", "c17.2"}));
    EXPECT_EQ(decode_callback_data("c17.2"), (ChoiceRef{17, 2}));
    EXPECT_EQ(decode_callback_data("impact|low"), std::nullopt);
    EXPECT_EQ(decode_callback_data("c0.1"), std::nullopt);
    EXPECT_EQ(decode_callback_data("c1.x"), std::nullopt);
}

TEST(TelegramRenderer, ButtonsWithoutAnOutboxRowAreRefused) {
    EXPECT_FALSE(render_send_messages(question(), 0));
}

TEST(TelegramRenderer, LongTextsAreSplitWithTheKeyboardOnTheLastPiece) {
    auto m = question();
    m.text.clear();
    for (int i = 0; i < 900; ++i) m.text += "step " + std::to_string(i) + ".\n";
    auto bodies = render_send_messages(m, 5);
    ASSERT_TRUE(bodies);
    ASSERT_GE(bodies->size(), 2u);
    for (std::size_t i = 0; i < bodies->size(); ++i) {
        const auto b = json::parse((*bodies)[i]);
        EXPECT_LE(b["text"].get<std::string>().size(), 4096u);
        EXPECT_EQ(b.contains("reply_markup"), i + 1 == bodies->size());
    }
}

TEST(TelegramRenderer, MentionsAndCardRepliesForGroups) {
    OutboundMessage m;
    m.to = {"telegram", "-1001234567890", "40"};
    m.text = "INC-000001 was claimed";
    m.mentions = {Identity{"telegram", "5512345678"}, Identity{"slack", "U0ALICE"}};
    auto bodies = render_send_messages(m, 3);
    ASSERT_TRUE(bodies);
    const auto b = json::parse(bodies->front());
    EXPECT_EQ(b["chat_id"], -1001234567890LL);
    EXPECT_EQ(b["reply_parameters"]["message_id"], 40);
    const auto text = b["text"].get<std::string>();
    EXPECT_NE(text.find("tg://user?id=5512345678"), std::string::npos);
    EXPECT_EQ(text.find("U0ALICE"), std::string::npos);
}

TEST(TelegramRenderer, AnEditWithoutChoicesDropsTheKeyboard) {
    OutboundMessage m;
    m.to = {"telegram", "777001", ""};
    m.text = "Your answer: *Only me*";
    auto body = render_edit(m, "12", 18);
    ASSERT_TRUE(body);
    const auto b = json::parse(*body);
    EXPECT_EQ(b["message_id"], 12);
    EXPECT_EQ(b["text"], "Your answer: <b>Only me</b>");
    EXPECT_FALSE(b.contains("reply_markup"));
}

}  // namespace
}  // namespace frontline::telegram
