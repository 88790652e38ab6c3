// The console platform: typed lines to events, the bot's messages to numbered text.
#include <gtest/gtest.h>

#include "adapters/console/console_chat.hpp"

namespace frontline {
namespace {

const TimePoint kNow{std::chrono::seconds{1'800'000'000}};

OutboundMessage message(const Address& to, std::string text, std::vector<Choice> choices = {}) {
    OutboundMessage m;
    m.to = to;
    m.text = std::move(text);
    m.choices = std::move(choices);
    return m;
}

TEST(ConsoleChat, RendersTextThenNumberedChoices) {
    ConsoleChat chat("me", "Mario Rossi", "it");
    const std::string out = chat.render({message(chat.address(), "Ha funzionato?", {{"Sì", "q|yes"}, {"No", "q|no"}})});
    EXPECT_EQ(out, "Ha funzionato?\n  [1] Sì\n  [2] No\n");
}

TEST(ConsoleChat, ATypedNumberPicksTheLastQuestionsChoice) {
    ConsoleChat chat("me", "Mario Rossi");
    (void)chat.render({message(chat.address(), "Who?", {{"Only me", "impact|low"}, {"My team", "impact|medium"}})});
    auto e = chat.event_for(" 2 ", kNow);
    EXPECT_EQ(e.kind, InboundKind::choice);
    EXPECT_EQ(e.payload, "impact|medium");
    EXPECT_EQ(e.from, (Identity{"console", "me"}));
    EXPECT_EQ(e.where, chat.address());
    EXPECT_EQ(e.display_name, "Mario Rossi");
    EXPECT_EQ(e.received_at, kNow);
}

TEST(ConsoleChat, NumbersOutsideTheChoicesAndWordsStayText) {
    ConsoleChat chat("me", "");
    (void)chat.render({message(chat.address(), "Who?", {{"Only me", "impact|low"}})});
    for (const std::string line : {"0", "2", "1x", "one", ""}) {
        auto e = chat.event_for(line, kNow);
        EXPECT_EQ(e.kind, InboundKind::text) << line;
        EXPECT_EQ(e.text, line);
    }
}

TEST(ConsoleChat, EventIdsAreUniqueAndOtherAddressesAreNotPrinted) {
    ConsoleChat chat("me", "");
    chat.set_next_event_number(41);
    EXPECT_EQ(chat.event_for("a", kNow).event_id, "console-41");
    EXPECT_EQ(chat.event_for("b", kNow).event_id, "console-42");
    EXPECT_EQ(chat.render({message({"slack", "C-agents", ""}, "ping")}), "");
}

TEST(ConsoleChat, AFreeTextQuestionMakesNumbersTextAgain) {
    ConsoleChat chat("me", "");
    (void)chat.render({message(chat.address(), "Who?", {{"Only me", "impact|low"}, {"My team", "impact|medium"}})});
    (void)chat.render({message(chat.address(), "Which room?")});
    EXPECT_EQ(chat.event_for("2", kNow).kind, InboundKind::text);
}

TEST(ConsoleChat, NoChoicesBeforeAnyQuestion) {
    ConsoleChat chat("me", "");
    EXPECT_EQ(chat.event_for("1", kNow).kind, InboundKind::text);
}

}  // namespace
}  // namespace frontline
