// Updates -> neutral events, on documented payloads (tests/fixtures/telegram).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/telegram/api_codec.hpp"
#include "adapters/telegram/update_codec.hpp"
#include "fixture.hpp"

namespace frontline::telegram {
namespace {

using test::fixture;

UpdateContext ctx() { return {{123456, "FrontlineBot"}, {"-1001234567890"}, TimePoint{Seconds{1764921600}}}; }

TEST(TelegramCodec, PrivateTextBecomesATextEventWithTheSendersLanguage) {
    auto r = parse_get_updates(fixture("telegram/updates_private_it.json"), ctx());
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->updates.size(), 2u);
    EXPECT_EQ(r->next_offset, 1003);
    const auto& e = *r->updates[0].event;
    EXPECT_EQ(e.kind, InboundKind::text);
    EXPECT_EQ(e.event_id, "msg:777001:7");
    EXPECT_EQ(e.from, (Identity{"telegram", "777001"}));
    EXPECT_EQ(e.where, (Address{"telegram", "777001", ""}));
    EXPECT_EQ(e.text, "la VPN cade ogni cinque minuti & <non> va");  // plain text, nothing decoded
    EXPECT_EQ(e.locale_hint, "it");
    EXPECT_EQ(e.display_name, "Mario Bianchi");
    const auto& start = *r->updates[1].event;
    EXPECT_EQ(start.kind, InboundKind::command);
    EXPECT_EQ(start.text, "/start");
}

TEST(TelegramCodec, EditedMessagesAdvanceTheOffsetButAreNotEvents) {
    auto r = parse_get_updates(fixture("telegram/updates_with_edit.json"), ctx());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->next_offset, 1003);
    ASSERT_EQ(r->updates.size(), 2u);
    EXPECT_TRUE(r->updates[0].event.has_value());
    EXPECT_FALSE(r->updates[1].event.has_value());
    EXPECT_EQ(r->updates[0].event->locale_hint, "en");  // en-GB
}

TEST(TelegramCodec, GroupCommandsReachCoreWithoutTheBotsName) {
    auto r = parse_get_updates(fixture("telegram/updates_group.json"), ctx());
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->updates.size(), 5u);
    EXPECT_EQ(r->next_offset, 2006);
    const auto& claim = *r->updates[0].event;
    EXPECT_EQ(claim.kind, InboundKind::command);
    EXPECT_EQ(claim.text, "/claim INC-000001");
    EXPECT_EQ(claim.where, (Address{"telegram", "-1001234567890", ""}));
    EXPECT_EQ(claim.from, (Identity{"telegram", "5512345678"}));
    // A command for another bot, a group that is not the agents' chat, our own echo: not events.
    EXPECT_FALSE(r->updates[1].event.has_value());
    EXPECT_FALSE(r->updates[2].event.has_value());
    EXPECT_NE(r->updates[2].ignored.find("not the agents' chat"), std::string::npos);
    EXPECT_FALSE(r->updates[4].event.has_value());
    // A reply to the card names the card's message: the desk finds the ticket from it.
    const auto& reply = *r->updates[3].event;
    EXPECT_EQ(reply.kind, InboundKind::text);
    EXPECT_EQ(reply.reply_to, "40");
    EXPECT_EQ(reply.text, "r ask Chiara for the tunnel logs");
}

TEST(TelegramCodec, EntityOffsetsAreUtf16UnitsSoAnEmojiBeforeACommandDoesNotShiftIt) {
    auto r = parse_update(fixture("telegram/update_emoji_command.json"), ctx());
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->event.has_value());
    // The emoji is 4 bytes but 2 units: a byte-based cut would eat "ok" and keep "@FrontlineBot".
    EXPECT_EQ(r->event->text, "👍 ok /status please");
    EXPECT_EQ(r->event->kind, InboundKind::text);  // not at the start: words, not a command
}

TEST(TelegramCodec, TextMentionsBecomeNeutralMentions) {
    auto r = parse_update(fixture("telegram/update_text_mention.json"), ctx());
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->event.has_value());
    EXPECT_EQ(r->event->text, "/assign INC-000001 🙂 @5598765432");
    ASSERT_EQ(r->event->mentions.size(), 1u);
    EXPECT_EQ(r->event->mentions[0], (Identity{"telegram", "5598765432"}));
}

TEST(TelegramCodec, ButtonPressIsAChoiceCarryingItsCallbackData) {
    auto r = parse_update(fixture("telegram/update_callback.json"), ctx());
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->event.has_value());
    EXPECT_EQ(r->event->kind, InboundKind::choice);
    EXPECT_EQ(r->event->event_id, "cb:4382bfdwdsb323b2d9");
    EXPECT_EQ(r->event->where, (Address{"telegram", "777001", ""}));
    EXPECT_EQ(r->event->reply_to, "12");
    EXPECT_EQ(r->callback_query_id, "4382bfdwdsb323b2d9");
    EXPECT_EQ(r->callback_data, "c17.2");
    EXPECT_TRUE(r->event->payload.empty());  // resolved by the connector from the store
}

TEST(TelegramCodec, MyChatMemberTellsTheBotLeftAGroup) {
    auto r = parse_update(fixture("telegram/update_my_chat_member.json"), ctx());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_FALSE(r->event.has_value());
    ASSERT_TRUE(r->membership.has_value());
    EXPECT_EQ(r->membership->chat_id, "-1001234567890");
    EXPECT_EQ(r->membership->status, "left");
    EXPECT_FALSE(r->membership->present());
}

TEST(TelegramCodec, NewAndLangMapToTheWordsCoreKnows) {
    const nlohmann::json entities = nlohmann::json::parse(R"([{"offset":0,"length":4,"type":"bot_command"}])");
    EXPECT_EQ(neutral_text("/new", entities, {1, "FrontlineBot"}).text, "/restart");
    const nlohmann::json lang = nlohmann::json::parse(R"([{"offset":0,"length":18,"type":"bot_command"}])");
    EXPECT_EQ(neutral_text("/lang@frontlinebot it", lang, {1, "FrontlineBot"}).text, "/language it");
}

TEST(TelegramCodec, MalformedInputIsAnErrorOrSkippedNeverACrash) {
    EXPECT_FALSE(parse_get_updates("not json", ctx()));
    EXPECT_FALSE(parse_get_updates(R"({"ok":false,"error_code":502})", ctx()));
    EXPECT_FALSE(parse_update(R"({"message":{}})", ctx()));
    // Entities pointing past the text, a message without chat: skipped, the offset still moves.
    auto r = parse_get_updates(
        R"({"ok":true,"result":[{"update_id":9,"message":{"message_id":1,"from":{"id":1},"chat":{"id":1,"type":"private"},)"
        R"("text":"/x","entities":[{"offset":5,"length":40,"type":"bot_command"}]}},{"update_id":10,"message":{"text":"hi"}}]})",
        ctx());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->next_offset, 11);
    ASSERT_TRUE(r->updates[0].event.has_value());
    EXPECT_EQ(r->updates[0].event->text, "/x");
    EXPECT_FALSE(r->updates[1].event.has_value());
}

// Found by fuzz_telegram_update: mistyped fields used to throw out of the codec (nlohmann's value()).
TEST(TelegramCodec, MistypedFieldsAreRefusedOrIgnoredWithoutThrowing) {
    const auto no_throw = [](const char* body) {
        EXPECT_NO_THROW((void)parse_get_updates(body, ctx())) << body;
        EXPECT_NO_THROW((void)parse_update(body, ctx())) << body;
    };
    no_throw(R"({"ok":"yes","result":[]})");
    no_throw(R"({"update_id":"9","message":{"message_id":1,"from":{"id":1,"is_bot":"no"},"chat":{"id":1,"type":"private"},"text":"hi"}})");
    EXPECT_FALSE(parse_get_updates(R"({"ok":"yes","result":[]})", ctx()));

    // is_bot that is not a boolean is not "a bot"; an entity whose end overflows is dropped.
    auto r = parse_get_updates(
        R"({"ok":true,"result":[{"update_id":12,"message":{"message_id":1,"from":{"id":1,"is_bot":"no"},)"
        R"("chat":{"id":1,"type":"private"},"text":"hello","entities":[{"type":"bold","offset":2,"length":9223372036854775807}]}}]})",
        ctx());
    ASSERT_TRUE(r);
    ASSERT_TRUE(r->updates.at(0).event.has_value());
    EXPECT_EQ(r->updates[0].event->text, "hello");
    EXPECT_EQ(r->next_offset, 13);

    // An update_id with no successor cannot be confirmed: skipped, the offset does not wrap.
    auto huge = parse_get_updates(R"({"ok":true,"result":[{"update_id":9223372036854775807,"message":{}}]})", ctx());
    ASSERT_TRUE(huge);
    EXPECT_TRUE(huge->updates.empty());
    EXPECT_FALSE(huge->next_offset.has_value());
}

}  // namespace
}  // namespace frontline::telegram

namespace frontline::telegram {
namespace {

TEST(TelegramCodec, APhotoBecomesItsLargestSizeWithTheCaptionAsText) {
    auto r = parse_get_updates(fixture("telegram/updates_files.json"), ctx());
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->updates.size(), 4u);
    EXPECT_EQ(r->next_offset, 3005);
    const auto& photo = *r->updates[0].event;
    EXPECT_EQ(photo.kind, InboundKind::text);
    EXPECT_EQ(photo.text, "questo è l'errore della VPN");
    ASSERT_EQ(photo.attachments.size(), 1u);
    EXPECT_EQ(photo.attachments[0].platform_ref, "AgACAgQAAxkBAAIBlarge");
    EXPECT_EQ(photo.attachments[0].size, 88211u);
    EXPECT_EQ(photo.attachments[0].media_type, "image/jpeg");
    EXPECT_EQ(photo.attachments[0].name, "photo-AQADlarge.jpg");
    EXPECT_EQ(photo.event_id, "msg:777001:21");
}

TEST(TelegramCodec, APhotoTakesTheLargestSizeWithinTheLimit) {
    auto c = ctx();
    c.max_photo_bytes = 20000;
    auto r = parse_get_updates(fixture("telegram/updates_files.json"), c);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->updates[0].event->attachments.size(), 1u);
    EXPECT_EQ(r->updates[0].event->attachments[0].platform_ref, "AgACAgQAAxkBAAIBmedium");
    c.max_photo_bytes = 100;  // none fits: the smallest is offered (and refused politely later)
    auto tiny = parse_get_updates(fixture("telegram/updates_files.json"), c);
    ASSERT_TRUE(tiny);
    EXPECT_EQ(tiny->updates[0].event->attachments[0].platform_ref, "AgACAgQAAxkBAAIBsmall");
}

TEST(TelegramCodec, ADocumentWithoutCaptionIsStillAnEvent) {
    auto r = parse_get_updates(fixture("telegram/updates_files.json"), ctx());
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->updates[1].event.has_value()) << r->updates[1].ignored;
    const auto& doc = *r->updates[1].event;
    EXPECT_EQ(doc.text, "");
    ASSERT_EQ(doc.attachments.size(), 1u);
    EXPECT_EQ(doc.attachments[0], (Attachment{"vpn.log", "text/plain", 5120, "BQACAgQAAxkBAAIBdoc", "", ""}));
}

TEST(TelegramCodec, MalformedFilesGiveNoAttachmentAndNoCrash) {
    auto r = parse_get_updates(fixture("telegram/updates_files.json"), ctx());
    ASSERT_TRUE(r) << r.error().message;
    // No file_id anywhere and no words: nothing to make an event of.
    EXPECT_FALSE(r->updates[2].event.has_value());
    EXPECT_EQ(r->updates[2].ignored, "a message without text");
    // Wrong types: the caption still arrives, without attachments.
    ASSERT_TRUE(r->updates[3].event.has_value());
    EXPECT_EQ(r->updates[3].event->text, "only words survive");
    EXPECT_TRUE(r->updates[3].event->attachments.empty());
}

TEST(TelegramCodec, GetFileGivesThePathAndRefusesOnesThatClimbOut) {
    auto ok = parse_get_file(R"({"ok":true,"result":{"file_id":"x","file_unique_id":"u","file_size":88211,"file_path":"photos/file_3.jpg"}})");
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->file_path, "photos/file_3.jpg");
    EXPECT_EQ(ok->size, 88211u);
    auto no_path = parse_get_file(R"({"ok":true,"result":{"file_id":"x","file_unique_id":"u"}})");
    ASSERT_TRUE(no_path);
    EXPECT_EQ(no_path->file_path, "");
    EXPECT_FALSE(parse_get_file(R"({"ok":true,"result":{"file_id":"x","file_path":"../../bot/getMe"}})"));
    EXPECT_FALSE(parse_get_file(R"({"ok":true,"result":{"file_id":"x","file_path":"photos/a.jpg?x=1"}})"));
    EXPECT_FALSE(parse_get_file(R"({"ok":false,"error_code":400,"description":"Bad Request: invalid file_id"})"));
    EXPECT_FALSE(parse_get_file("not json"));
}

}  // namespace
}  // namespace frontline::telegram
