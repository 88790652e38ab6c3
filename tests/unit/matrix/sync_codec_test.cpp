// /sync answers from the client-server spec's shapes -> neutral events.
#include <gtest/gtest.h>

#include "adapters/matrix/sync_codec.hpp"
#include "tests/unit/slack/fixture.hpp"

namespace frontline::matrix {
namespace {

using test::fixture;

SyncContext ctx(bool history = false) { return SyncContext{"@frontline:example.org", TimePoint{}, history}; }

TEST(MatrixSyncCodec, DmTextBecomesEventsWithoutOwnNoticesEditsOrReactions) {
    auto r = parse_sync(fixture("matrix/sync_dm_text.json"), ctx());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->next_batch, "s72595_4483_1934");
    ASSERT_EQ(r->events.size(), 2u);
    const auto& first = r->events[0];
    EXPECT_EQ(first.event_id, "$lucy1:example.org");
    EXPECT_EQ(first.kind, InboundKind::text);
    EXPECT_EQ(first.from, (Identity{"matrix", "@lucy:example.org"}));
    EXPECT_EQ(first.where, (Address{"matrix", "!dmlucy:example.org", ""}));
    EXPECT_EQ(first.text, "my VPN drops every five minutes");
    EXPECT_EQ(first.display_name, "Lucy Grey") << "from the member state event";
    // A numbered answer stays text: core matches it against the question it asked.
    EXPECT_EQ(r->events[1].text, "2");
    EXPECT_EQ(r->events[1].kind, InboundKind::text);
    // Our own echo, the other bot's notice, the edit and the reaction.
    EXPECT_EQ(r->skipped, 4);
    EXPECT_TRUE(r->encrypted_rooms.empty());
}

TEST(MatrixSyncCodec, MistypedFlagsReadAsFalseWithoutThrowing) {
    // Found by fuzz_matrix_sync's seeds: "limited", "is_falling_back" and "is_direct" that are not
    // booleans used to throw out of the codec (nlohmann's value()).
    const std::string body = R"({"next_batch":"b","rooms":{"join":{"!r:hs":{"timeline":{"limited":"yes","events":[
        {"type":"m.room.message","event_id":"$y","sender":"@other:hs","content":{"msgtype":"m.text","body":"hi",
         "m.relates_to":{"rel_type":"m.thread","event_id":"$root","is_falling_back":1}}}
    ]}}},"invite":{"!i:hs":{"invite_state":{"events":[
        {"type":"m.room.member","sender":"@u:hs","state_key":"@frontline:example.org","content":{"membership":"invite","is_direct":"true"}}
    ]}}}}})";
    Result<SyncBatch> r = make_error(Errc::parse, "not run");
    ASSERT_NO_THROW(r = parse_sync(body, ctx()));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->gaps.empty());
    ASSERT_EQ(r->events.size(), 1u);
    ASSERT_EQ(r->invites.size(), 1u);
    EXPECT_FALSE(r->invites[0].is_direct);
}

TEST(MatrixSyncCodec, OwnEventIsSkippedBySenderEvenWithoutTransactionId) {
    const std::string body = R"({"next_batch":"b","rooms":{"join":{"!r:hs":{"timeline":{"events":[
        {"type":"m.room.message","event_id":"$x","sender":"@frontline:example.org","content":{"msgtype":"m.text","body":"hi"}},
        {"type":"m.room.message","event_id":"$y","sender":"@other:hs","unsigned":{"transaction_id":"t1"},"content":{"msgtype":"m.text","body":"echo of another device"}}
    ]}}}}})";
    auto r = parse_sync(body, ctx());
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->events.empty());
    EXPECT_EQ(r->skipped, 2);
}

TEST(MatrixSyncCodec, HistoryOfAFreshStartIsNotAnswered) {
    auto r = parse_sync(fixture("matrix/sync_dm_text.json"), ctx(/*history=*/true));
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->events.empty());
    EXPECT_EQ(r->next_batch, "s72595_4483_1934") << "the token still moves past the history";
}

TEST(MatrixSyncCodec, ThreadRepliesCarryTheRootAndReplyFallbacksAreStripped) {
    auto r = parse_sync(fixture("matrix/sync_agents_thread.json"), ctx());
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->events.size(), 4u);
    const auto& in_thread = r->events[0];
    EXPECT_EQ(in_thread.where, (Address{"matrix", "!servicedesk:example.org", "$card1:example.org"}));
    EXPECT_EQ(in_thread.text, "r Please restart the VPN client and tell me if it still drops");
    EXPECT_EQ(in_thread.reply_to, "") << "is_falling_back: the in-reply-to is only the thread's fallback";

    const auto& html_reply = r->events[1];
    EXPECT_EQ(html_reply.text, "claim INC-000001") << "the <mx-reply> quote is gone";
    EXPECT_EQ(html_reply.reply_to, "$card1:example.org");
    EXPECT_EQ(html_reply.where.thread, "");
    EXPECT_TRUE(html_reply.mentions.empty()) << "the pill inside <mx-reply> is not a mention";

    const auto& plain_reply = r->events[2];
    EXPECT_EQ(plain_reply.text, "yes, on it & checking") << "the '> ' lines are gone";
    EXPECT_EQ(plain_reply.reply_to, "$q:example.org");

    const auto& mention = r->events[3];
    EXPECT_EQ(mention.text, "@chiara:example.org: can you take INC-000002?") << "pills read as @user ids";
    ASSERT_EQ(mention.mentions.size(), 1u);
    EXPECT_EQ(mention.mentions[0], (Identity{"matrix", "@chiara:example.org"}));
}

TEST(MatrixSyncCodec, InvitesNameTheInviterAndDirectness) {
    auto r = parse_sync(fixture("matrix/sync_invite.json"), ctx());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->invites.size(), 2u);
    EXPECT_EQ(r->invites[0].room_id, "!newdm:example.org");
    EXPECT_EQ(r->invites[0].inviter, "@mario:example.org");
    EXPECT_TRUE(r->invites[0].is_direct);
    EXPECT_EQ(r->invites[1].inviter, "@spammer:evil.example");
    EXPECT_FALSE(r->invites[1].is_direct);
}

TEST(MatrixSyncCodec, EncryptedRoomIsReportedAndItsEventsSkipped) {
    auto r = parse_sync(fixture("matrix/sync_encrypted.json"), ctx());
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->events.empty());
    EXPECT_TRUE(r->gaps.empty());
    ASSERT_EQ(r->encrypted_rooms.size(), 1u);
    EXPECT_EQ(r->encrypted_rooms[0], "!secret:example.org");
}

TEST(MatrixSyncCodec, ACutTimelineIsReportedAsAGapExceptInHistory) {
    const std::string body = R"({"next_batch":"b","rooms":{"join":{"!r:hs":{"timeline":{"limited":true,"prev_batch":"p","events":[]}}}}})";
    auto r = parse_sync(body, ctx());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->gaps.size(), 1u);
    EXPECT_EQ(r->gaps[0].room_id, "!r:hs");
    EXPECT_EQ(r->gaps[0].prev_batch, "p") << "where /messages starts";
    EXPECT_TRUE(parse_sync(body, ctx(/*history=*/true))->gaps.empty());
}

TEST(MatrixSyncCodec, RoomSummariesGiveTheMemberCountsThatChanged) {
    const std::string body = R"({"next_batch":"b","rooms":{"join":{
        "!team:hs":{"summary":{"m.heroes":["@a:hs"],"m.joined_member_count":5,"m.invited_member_count":1},"timeline":{"events":[]}},
        "!dm:hs":{"summary":{"m.joined_member_count":2},"timeline":{"events":[]}},
        "!odd:hs":{"summary":{"m.joined_member_count":"many"},"timeline":{"events":[]}},
        "!quiet:hs":{"timeline":{"events":[]}}}}})";
    auto r = parse_sync(body, ctx());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->summaries.size(), 2u);
    EXPECT_EQ(r->summaries.at("!team:hs").joined, 5);
    EXPECT_EQ(r->summaries.at("!team:hs").invited, 1);
    EXPECT_EQ(r->summaries.at("!dm:hs").joined, 2);
    EXPECT_FALSE(r->summaries.at("!dm:hs").invited) << "not sent: unchanged";
}

TEST(MatrixSyncCodec, AMentionPillOrLeadingIdAddressesTheBot) {
    const std::string body = R"({"next_batch":"b","rooms":{"join":{"!r:hs":{"timeline":{"events":[
        {"type":"m.room.message","event_id":"$named","sender":"@a:hs","content":{"msgtype":"m.text","body":"@frontline:example.org: my printer"}},
        {"type":"m.room.message","event_id":"$mentioned","sender":"@a:hs","content":{"msgtype":"m.text","body":"Frontline help","m.mentions":{"user_ids":["@frontline:example.org"]}}},
        {"type":"m.room.message","event_id":"$pill","sender":"@a:hs","content":{"msgtype":"m.text","body":"Frontline: help","format":"org.matrix.custom.html","formatted_body":"<a href='https://matrix.to/#/@frontline:example.org'>Frontline</a>: help"}},
        {"type":"m.room.message","event_id":"$other","sender":"@a:hs","content":{"msgtype":"m.text","body":"lunch?","m.mentions":{"user_ids":["@b:hs"]}}}
    ]}}}}})";
    auto r = parse_sync(body, ctx());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->events.size(), 4u);
    EXPECT_EQ(r->addressed_to_us, (std::set<std::string>{"$named", "$mentioned", "$pill"}));
}

TEST(MatrixSyncCodec, AMessagesPageIsDecodedOldestFirst) {
    // GET /rooms/{room}/messages?dir=b: newest first in the chunk, with the members' state.
    const std::string body = R"({"start":"t3","end":"t1","chunk":[
        {"type":"m.room.message","event_id":"$3","sender":"@a:hs","content":{"msgtype":"m.text","body":"third"}},
        {"type":"m.room.message","event_id":"$2","sender":"@frontline:example.org","content":{"msgtype":"m.text","body":"ours"}},
        {"type":"m.room.message","event_id":"$1","sender":"@a:hs","content":{"msgtype":"m.text","body":"@frontline:example.org first"}}
    ],"state":[{"type":"m.room.member","state_key":"@a:hs","content":{"membership":"join","displayname":"Ann"}}]})";
    auto page = parse_messages(body, "!r:hs", ctx());
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(page->end, "t1");
    EXPECT_EQ(page->chunk_size, 3);
    ASSERT_EQ(page->events.events.size(), 2u);
    EXPECT_EQ(page->events.events[0].text, "first");
    EXPECT_EQ(page->events.events[1].text, "third");
    EXPECT_EQ(page->events.events[0].where, (Address{"matrix", "!r:hs", ""}));
    EXPECT_EQ(page->events.events[0].display_name, "Ann");
    EXPECT_EQ(page->events.addressed_to_us, std::set<std::string>{"$1"});
    const auto last = parse_messages(R"({"start":"t0","chunk":[]})", "!r:hs", ctx());
    ASSERT_TRUE(last);
    EXPECT_TRUE(last->end.empty()) << "no end: nothing older";
    EXPECT_FALSE(parse_messages(R"({"start":"t0"})", "!r:hs", ctx()));
    EXPECT_FALSE(parse_messages("nope", "!r:hs", ctx()));
}

TEST(MatrixSyncCodec, AddressingTheBotByIdIsStripped) {
    const std::string body = R"({"next_batch":"b","rooms":{"join":{"!r:hs":{"timeline":{"events":[
        {"type":"m.room.message","event_id":"$x","sender":"@a:hs","content":{"msgtype":"m.text","body":"@frontline:example.org: status"}}
    ]}}}}})";
    auto r = parse_sync(body, ctx());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->events.size(), 1u);
    EXPECT_EQ(r->events[0].text, "status");
}

TEST(MatrixSyncCodec, MalformedBodiesAreErrorsAndOddEventsAreSkipped) {
    EXPECT_FALSE(parse_sync("not json", ctx()));
    EXPECT_FALSE(parse_sync("[]", ctx()));
    EXPECT_FALSE(parse_sync(R"({"rooms":{}})", ctx())) << "no next_batch";
    const std::string odd = R"({"next_batch":"b","rooms":{"join":{"!r:hs":{"timeline":{"events":[
        42, {"type":"m.room.message"}, {"type":"m.room.message","event_id":"$x","sender":"@a:hs","content":"text"},
        {"type":"m.room.message","event_id":"$y","sender":"@a:hs","content":{"msgtype":"m.text","body":"   "}}
    ]}}, "!s:hs": "nonsense"}}})";
    auto r = parse_sync(odd, ctx());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->events.empty());
    EXPECT_EQ(r->skipped, 4);
}

TEST(MatrixSyncCodec, FilterKeepsMessagesAndDropsPresence) {
    const auto f = sync_filter_json();
    EXPECT_NE(f.find("m.room.message"), std::string::npos);
    EXPECT_NE(f.find("m.room.encryption"), std::string::npos);
    EXPECT_NE(f.find("\"presence\":{\"not_types\":[\"*\"]}"), std::string::npos);
}

}  // namespace
}  // namespace frontline::matrix

namespace frontline::matrix {
namespace {

TEST(MatrixSyncCodec, ALoneSurrogateOrAStrayByteInOneEventDoesNotMakeTheSyncUnreadable) {
    const std::string body = std::string(R"({"next_batch":"s9","rooms":{"join":{"!r:hs":{"timeline":{"events":[
        {"type":"m.room.message","event_id":"$a","sender":"@a:hs","content":{"msgtype":"m.text","body":"broken \ud800 emoji"}},
        {"type":"m.room.message","event_id":"$b","sender":"@b:hs","content":{"msgtype":"m.text","body":"stray )") +
                             "\xff" + R"( byte and a real \\ud800 text and \ud83d\ude00"}}
    ]}}}}})";
    auto r = parse_sync(body, SyncContext{"@frontline:example.org", TimePoint{}, false});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->next_batch, "s9");
    ASSERT_EQ(r->events.size(), 2u);
    EXPECT_EQ(r->events[0].text, "broken \xEF\xBF\xBD emoji");
    EXPECT_EQ(r->events[1].text, "stray \xEF\xBF\xBD byte and a real \\ud800 text and \xF0\x9F\x98\x80");
}

}  // namespace
}  // namespace frontline::matrix

namespace frontline::matrix {
namespace {

TEST(MatrixSyncCodec, ImagesAndFilesBecomeAttachmentsWithTheirCaption) {
    auto r = parse_sync(fixture("matrix/sync_media.json"), SyncContext{"@frontline:example.org", TimePoint{}, false});
    ASSERT_TRUE(r) << r.error().message;
    // The image, the file with a caption and the encrypted image; the three malformed ones are
    // skipped (a path-climbing mxc, an https url, no url) because they carry no words either.
    ASSERT_EQ(r->events.size(), 3u);
    EXPECT_EQ(r->skipped, 3);
    const auto& image = r->events[0];
    EXPECT_EQ(image.text, "") << "an image's body is its name, not words";
    ASSERT_EQ(image.attachments.size(), 1u);
    EXPECT_EQ(image.attachments[0].name, "Screenshot 2026-12-07.png");
    EXPECT_EQ(image.attachments[0].media_type, "image/png");
    EXPECT_EQ(image.attachments[0].size, 48213u);
    EXPECT_EQ(image.attachments[0].platform_ref, "mxc://example.org/SEfoRcSWBjSzPBWqNoLdQZjL");
    EXPECT_EQ(image.attachments[0].state, "");
    EXPECT_EQ(image.where, (Address{"matrix", "!dmlucy:example.org", ""}));

    const auto& file = r->events[1];
    EXPECT_EQ(file.text, "here is the VPN log") << "with a filename, body is a caption (spec v1.10)";
    ASSERT_EQ(file.attachments.size(), 1u);
    EXPECT_EQ(file.attachments[0].name, "vpn.log");
    EXPECT_EQ(file.attachments[0].media_type, "text/plain");
    EXPECT_EQ(file.attachments[0].platform_ref, "mxc://matrix.other.net/LogFile_01-x");

    const auto& encrypted = r->events[2];
    ASSERT_EQ(encrypted.attachments.size(), 1u);
    EXPECT_EQ(encrypted.attachments[0].state, "unavailable") << "frontline holds no room keys";
    EXPECT_EQ(encrypted.attachments[0].platform_ref, "");
    EXPECT_EQ(encrypted.attachments[0].name, "secret.png");
}

TEST(MatrixSyncCodec, MxcUrisSplitOnlyWhenWellFormed) {
    auto ok = parse_mxc("mxc://example.org:8448/AbC_12-z");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->server_name, "example.org:8448");
    EXPECT_EQ(ok->media_id, "AbC_12-z");
    for (const char* bad : {"", "mxc://", "mxc://example.org", "mxc://example.org/", "mxc:///id", "https://example.org/id",
                            "mxc://example.org/a/b", "mxc://example.org/..", "mxc://exa mple.org/id", "mxc://example.org/id?x=1"})
        EXPECT_FALSE(parse_mxc(bad)) << bad;
}

TEST(MatrixSyncCodec, MediaContentWithOddTypesNeverThrows) {
    const std::string body = R"({"next_batch":"b","rooms":{"join":{"!r:hs":{"timeline":{"events":[
        {"type":"m.room.message","event_id":"$1","sender":"@u:hs","content":{"msgtype":"m.image","body":7,"url":["x"],"info":{"size":"9"}}},
        {"type":"m.room.message","event_id":"$2","sender":"@u:hs","content":{"msgtype":"m.file","filename":{},"body":"f.txt","url":"mxc://hs/ok","info":{"size":1.5,"mimetype":3}}},
        {"type":"m.room.message","event_id":"$3","sender":"@u:hs","content":{"msgtype":"m.image","body":"e.png","file":"not an object"}}
    ]}}}}})";
    auto r = parse_sync(body, SyncContext{"@frontline:hs", TimePoint{}, false});
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->events.size(), 1u);
    ASSERT_EQ(r->events[0].attachments.size(), 1u);
    EXPECT_EQ(r->events[0].attachments[0].name, "f.txt");
    EXPECT_EQ(r->events[0].attachments[0].size, 0u);
    EXPECT_EQ(r->events[0].attachments[0].media_type, "");
}

}  // namespace
}  // namespace frontline::matrix
