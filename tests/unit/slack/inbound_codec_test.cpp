#include <gtest/gtest.h>

#include "adapters/slack/socket_frame.hpp"
#include "fixture.hpp"

using namespace frontline;
using namespace frontline::slack;
using frontline::test::fixture;

namespace {

InboundContext context() {
    InboundContext c;
    c.self = SelfIdentity{"U0BOT00001", "B0BOT00001", "T0TEAM001"};
    c.agents_channels = {"C0AGENTS01"};
    c.now = TimePoint{std::chrono::seconds{1732697400}};
    return c;
}

SocketFrame parse_ok(const std::string& name) {
    auto r = parse_socket_frame(fixture("slack/" + name), context());
    EXPECT_TRUE(r) << name << ": " << (r ? "" : r.error().message);
    return r ? *r : SocketFrame{};
}

}  // namespace

TEST(SlackFrames, HelloCarriesTheConnectionCountAndNeedsNoAck) {
    auto f = parse_ok("hello.json");
    EXPECT_EQ(f.type, FrameType::hello);
    EXPECT_EQ(f.num_connections, 1);
    EXPECT_TRUE(f.envelope_id.empty());
}

TEST(SlackFrames, DisconnectReasonsAreKept) {
    EXPECT_EQ(parse_ok("disconnect_refresh_requested.json").disconnect_reason, "refresh_requested");
    auto f = parse_ok("disconnect_link_disabled.json");
    EXPECT_EQ(f.type, FrameType::disconnect);
    EXPECT_EQ(f.disconnect_reason, "link_disabled");
}

TEST(SlackFrames, DirectMessageBecomesATextEventWithDecodedEntities) {
    auto f = parse_ok("events_api_message_im.json");
    EXPECT_EQ(f.type, FrameType::events_api);
    EXPECT_EQ(f.envelope_id, "dbdd0ef3-1543-4f94-bfb4-133d0e6c1545");
    EXPECT_EQ(f.retry_attempt, 0);
    ASSERT_EQ(f.events.size(), 1u);
    const auto& e = f.events[0];
    EXPECT_EQ(e.kind, InboundKind::text);
    EXPECT_EQ(e.event_id, "msg:D0DM000001:1732697400.000200");
    EXPECT_EQ(e.from, (Identity{"slack", "U0USER0001"}));
    EXPECT_EQ(e.where, (Address{"slack", "D0DM000001", ""}));
    EXPECT_EQ(e.text, "my VPN drops every five minutes & Outlook says <disconnected>");
    EXPECT_EQ(e.received_at, context().now);
    EXPECT_TRUE(f.mentioned_in_channel.empty()) << "no note to leave anywhere";
}

TEST(SlackFrames, AppMentionContinuesInADirectMessageWithoutTheMention) {
    auto f = parse_ok("events_api_app_mention.json");
    EXPECT_EQ(f.retry_attempt, 1);
    EXPECT_EQ(f.retry_reason, "timeout");
    ASSERT_EQ(f.events.size(), 1u);
    EXPECT_EQ(f.events[0].text, "the printer on floor 3 is broken");
    // The conversation address is the user: the connector opens the DM when it answers.
    EXPECT_EQ(f.events[0].where, (Address{"slack", "U0USER0002", ""}));
    // Where it was said, so the connector can leave a note there that only the user sees.
    EXPECT_FALSE(f.mentioned_in_channel.empty());
    EXPECT_EQ(f.mentioned_in_channel.front(), 'C');
    EXPECT_FALSE(f.mention_ts.empty());
}

TEST(SlackFrames, AMentionDeliveredTwiceHasOneDedupeKey) {
    auto mention = parse_ok("events_api_app_mention.json");
    auto message = parse_ok("events_api_channel_message_mention.json");
    ASSERT_EQ(mention.events.size(), 1u);
    ASSERT_EQ(message.events.size(), 1u);
    EXPECT_EQ(mention.events[0].event_id, message.events[0].event_id);
    EXPECT_EQ(mention.events[0].where, message.events[0].where);
    EXPECT_EQ(mention.mentioned_in_channel + mention.mention_ts, message.mentioned_in_channel + message.mention_ts);
}

TEST(SlackFrames, OwnOtherBotsEditsAndJoinsAreAcknowledgedButNotEvents) {
    for (const char* name : {"events_api_own_message.json", "events_api_other_bot.json",
                             "events_api_message_changed.json", "events_api_channel_join.json",
                             "interactive_view_submission.json"}) {
        auto f = parse_ok(name);
        EXPECT_FALSE(f.envelope_id.empty()) << name;
        EXPECT_TRUE(f.events.empty()) << name;
        EXPECT_FALSE(f.ignored.empty()) << name;
    }
}

TEST(SlackFrames, OwnMessageIsDroppedByUserIdEvenWithoutBotId) {
    const std::string frame = R"({"envelope_id":"x1","type":"events_api","payload":{"type":"event_callback",
        "event_id":"Ev1","event":{"type":"message","user":"U0BOT00001","text":"hi","ts":"1.2","channel":"D1","channel_type":"im"}}})";
    auto r = parse_socket_frame(frame, context());
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->events.empty());
    EXPECT_EQ(r->ignored, "our own message");
}

TEST(SlackFrames, PlainChannelMessagesAreIgnoredOutsideTheAgentsChannel) {
    const std::string frame = R"({"envelope_id":"x2","type":"events_api","payload":{"type":"event_callback",
        "event_id":"Ev2","event":{"type":"message","user":"U5","text":"lunch?","ts":"1.3","channel":"C0GENERAL1","channel_type":"channel"}}})";
    auto r = parse_socket_frame(frame, context());
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->events.empty());
}

TEST(SlackFrames, AgentsChannelThreadMessagesKeepTheirThread) {
    auto f = parse_ok("events_api_agents_channel_thread.json");
    ASSERT_EQ(f.events.size(), 1u);
    // The thread is the neutral reference of its root, "channel:ts", as the connector reports what it posts.
    EXPECT_EQ(f.events[0].where, (Address{"slack", "C0AGENTS01", "C0AGENTS01:1732697700.000900"}));
    EXPECT_EQ(f.events[0].reply_to, "C0AGENTS01:1732697700.000900");
    EXPECT_EQ(f.events[0].text, "r Please restart the VPN client and tell me if it helps");
    EXPECT_EQ(f.events[0].from.user_id, "U0AGENT001");
    EXPECT_TRUE(f.events[0].mentions.empty());
}

TEST(SlackFrames, UserMentionsBecomeNeutralMentionsInOrder) {
    std::string text = fixture("slack/events_api_agents_channel_thread.json");
    const std::string said = "r Please restart the VPN client and tell me if it helps";
    text.replace(text.find(said), said.size(), "assign INC-000042 <@U0AGENT002|giulia> cc <@U0AGENT003>");
    auto f = parse_socket_frame(text, context());
    ASSERT_TRUE(f) << f.error().message;
    ASSERT_EQ(f->events.size(), 1u);
    const auto& e = f->events[0];
    EXPECT_EQ(e.text, "assign INC-000042 @U0AGENT002 cc @U0AGENT003");
    ASSERT_EQ(e.mentions.size(), 2u);
    EXPECT_EQ(e.mentions[0], (Identity{"slack", "U0AGENT002"}));
    EXPECT_EQ(e.mentions[1], (Identity{"slack", "U0AGENT003"}));
}

TEST(SlackFrames, SlashCommandBecomesACommandEvent) {
    auto f = parse_ok("slash_command.json");
    EXPECT_EQ(f.type, FrameType::slash_commands);
    EXPECT_TRUE(f.accepts_response_payload);
    ASSERT_EQ(f.events.size(), 1u);
    const auto& e = f.events[0];
    EXPECT_EQ(e.kind, InboundKind::command);
    EXPECT_EQ(e.text, "claim INC-000042");
    EXPECT_EQ(e.where, (Address{"slack", "C0AGENTS01", ""}));
    EXPECT_EQ(e.from.user_id, "U0AGENT001");
    EXPECT_EQ(e.event_id, "cmd:1234567890123.1234567890.abcdef0123456789abcdef0123456789");
}

TEST(SlackFrames, ButtonClickBecomesAChoiceWithTheButtonValue) {
    auto f = parse_ok("block_actions.json");
    EXPECT_EQ(f.type, FrameType::interactive);
    ASSERT_EQ(f.events.size(), 1u);
    const auto& e = f.events[0];
    EXPECT_EQ(e.kind, InboundKind::choice);
    EXPECT_EQ(e.payload, "vpn");
    EXPECT_EQ(e.text, "VPN");
    EXPECT_EQ(e.where, (Address{"slack", "D0DM000001", ""}));
    EXPECT_EQ(e.reply_to, "D0DM000001:1732697402.000400");
    EXPECT_EQ(e.display_name, "mario.bianchi");
    // The click's response_url, for the message clicked: its answered question is retired through it.
    EXPECT_EQ(f.response_url, "https://hooks.slack.com/actions/T0TEAM001/1234567890125/abcdefabcdef");
    EXPECT_EQ(f.response_url_message, "D0DM000001:1732697402.000400");
}

TEST(SlackFrames, AButtonOnACardInAChannelAnswersInTheCardsThread) {
    std::string text = fixture("slack/block_actions.json");
    for (auto at = text.find("D0DM000001"); at != std::string::npos; at = text.find("D0DM000001"))
        text.replace(at, 10, "C0AGENTS01");
    auto f = parse_socket_frame(text, context());
    ASSERT_TRUE(f);
    ASSERT_EQ(f->events.size(), 1u);
    EXPECT_EQ(f->events[0].where, (Address{"slack", "C0AGENTS01", "C0AGENTS01:1732697402.000400"}));
}

TEST(SlackFrames, AReplyButtonOpensAModalInsteadOfBecomingAnEvent) {
    // The same click, on a button whose payload asks for text first (the hand-off's Reply).
    std::string text = fixture("slack/block_actions.json");
    InboundContext ctx = context();
    ctx.asks_for_text = [](std::string_view payload) { return payload == "vpn"; };
    auto f = parse_socket_frame(text, ctx);
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->events.empty()) << "nothing happened yet: the agent is about to type";
    ASSERT_TRUE(f->open_modal);
    EXPECT_EQ(f->open_modal->trigger_id, "1234567890124.1234567890.fedcba9876543210fedcba9876543210");
    EXPECT_EQ(f->open_modal->payload, "vpn");
    EXPECT_EQ(f->open_modal->user, "U0USER0001");
    EXPECT_EQ(f->open_modal->channel, "D0DM000001");
    EXPECT_EQ(f->open_modal->thread, "D0DM000001:1732697402.000400") << "the clicked message roots the thread";
    // Other buttons are unaffected.
    ctx.asks_for_text = [](std::string_view) { return false; };
    auto plain = parse_socket_frame(text, ctx);
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->events.size(), 1u);
    EXPECT_FALSE(plain->open_modal);
}

TEST(SlackFrames, TheReplyModalSubmissionBecomesAChoiceWithTheTypedText) {
    auto f = parse_ok("interactive_view_submission_reply.json");
    ASSERT_EQ(f.events.size(), 1u);
    const auto& e = f.events[0];
    EXPECT_EQ(e.kind, InboundKind::choice);
    EXPECT_EQ(e.payload, "handoff:reply:INC-000042");
    EXPECT_EQ(e.text, "Please restart the VPN client & try again <now>") << "plain text input: no entities to decode";
    EXPECT_EQ(e.from, (Identity{"slack", "U0AGENT001"}));
    EXPECT_EQ(e.where, (Address{"slack", "C0AGENTS01", "1732697500.000100"}));
    EXPECT_EQ(e.event_id, "view:V0VIEW0042");
    EXPECT_TRUE(f.accepts_response_payload);
}

TEST(SlackFrames, AModalSubmissionWithoutOurMetadataIsIgnored) {
    std::string text = fixture("slack/interactive_view_submission_reply.json");
    const auto at = text.find(R"("private_metadata":")");
    ASSERT_NE(at, std::string::npos);
    const auto end = text.find(R"(","callback_id")", at);
    text.replace(at, end - at, R"("private_metadata":"not json)");
    auto f = parse_socket_frame(text, context());
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->events.empty());
    EXPECT_FALSE(f->ignored.empty());
    EXPECT_FALSE(f->envelope_id.empty()) << "still acknowledged";
}

TEST(SlackFrames, MalformedFramesAreParseErrors) {
    for (std::string bad : {std::string("not json"), std::string("[1,2]"), std::string(R"({"type":"events_api","payload":{}})"),
                            std::string("{\"type\":\"hello\",\"x\":\"\xff\xfe\"}")}) {
        auto r = parse_socket_frame(bad, context());
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, Errc::parse);
    }
}

TEST(SlackFrames, WrongFieldTypesAreIgnoredNotFatal) {
    // A payload with a numeric text and an object user: acked (envelope id known), no event.
    auto r = parse_socket_frame(R"({"envelope_id":"e","type":"events_api","payload":{"type":"event_callback",
        "event":{"type":"message","user":{"id":1},"text":5,"ts":"1","channel":"D1"}}})", context());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->envelope_id, "e");
    EXPECT_TRUE(r->events.empty());
}

TEST(SlackFrames, UnknownFrameTypesAreAcknowledgedAndIgnored) {
    auto r = parse_socket_frame(R"({"envelope_id":"e9","type":"brand_new_thing","payload":{}})", context());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->type, FrameType::unknown);
    EXPECT_EQ(r->envelope_id, "e9");
    EXPECT_TRUE(r->events.empty());
}

TEST(SlackFrames, OneMegabyteMessagePassesThroughForTheEngineToRefuse) {
    std::string big(1 << 20, 'a');
    auto r = parse_socket_frame(R"({"envelope_id":"big","type":"events_api","payload":{"type":"event_callback",
        "event":{"type":"message","user":"U9","text":")" + big + R"(","ts":"9.9","channel":"D9","channel_type":"im"}}})", context());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->events.size(), 1u);
    EXPECT_EQ(r->events[0].text.size(), big.size());
}

TEST(SlackFrames, AckIsTheEnvelopeIdAlone) {
    EXPECT_EQ(ack_frame("dbdd0ef3-1543"), R"({"envelope_id":"dbdd0ef3-1543"})");
}

TEST(SlackFrames, FilesSharedWithoutWordsAreStillAMessageWithAttachments) {
    auto f = parse_ok("events_api_file_share_im.json");
    ASSERT_EQ(f.events.size(), 1u) << f.ignored;
    const auto& e = f.events[0];
    EXPECT_EQ(e.kind, InboundKind::text);
    EXPECT_EQ(e.text, "");
    EXPECT_EQ(e.event_id, "msg:D0DM000001:1732697500.000300");
    EXPECT_EQ(e.where, (Address{"slack", "D0DM000001", ""}));
    // The hosted image and the snippet; the Drive link, the hidden and the check_file_info files
    // have no url to fetch, the string is no file; a size that is not a number reads as unknown.
    ASSERT_EQ(e.attachments.size(), 3u);
    EXPECT_EQ(e.attachments[0].name, "vpn-error.png");
    EXPECT_EQ(e.attachments[0].media_type, "image/png");
    EXPECT_EQ(e.attachments[0].size, 48213u);
    EXPECT_EQ(e.attachments[0].platform_ref, "https://files.slack.com/files-pri/T0TEAM001-F0SCREEN01/download/vpn-error.png")
        << "url_private_download is preferred";
    EXPECT_EQ(e.attachments[0].state, "");
    EXPECT_EQ(e.attachments[1].name, "vpn.log") << "the title when there is no name";
    EXPECT_EQ(e.attachments[1].platform_ref, "https://files.slack.com/files-pri/T0TEAM001-F0LOG00001/vpn.log");
    EXPECT_EQ(e.attachments[2].name, "odd.txt");
    EXPECT_EQ(e.attachments[2].size, 0u);
}

TEST(SlackFrames, FilesThatAreNotAnArrayGiveATextMessageWithoutAttachments) {
    auto ctx = context();
    for (const char* files : {R"("files":"nope")", R"("files":{"id":"F1"})", R"("files":[])", R"("files":null)"}) {
        const std::string frame = std::string(R"({"envelope_id":"e1","type":"events_api","payload":{"type":"event_callback","event_id":"Ev1",
            "event":{"type":"message","subtype":"file_share","user":"U0USER0001","channel":"D0DM000001","channel_type":"im",
            "ts":"1.2","text":"see attached",)") + files + "}}}";
        auto r = parse_socket_frame(frame, ctx);
        ASSERT_TRUE(r) << files << ": " << r.error().message;
        ASSERT_EQ(r->events.size(), 1u) << files;
        EXPECT_EQ(r->events[0].text, "see attached");
        EXPECT_TRUE(r->events[0].attachments.empty()) << files;
    }
}

TEST(SlackFrames, APlainMessageCarriesNoAttachments) {
    auto f = parse_ok("events_api_message_im.json");
    ASSERT_EQ(f.events.size(), 1u);
    EXPECT_TRUE(f.events[0].attachments.empty());
}
