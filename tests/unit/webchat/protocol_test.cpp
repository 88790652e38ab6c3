// The web chat protocol codec: valid frames parse, bad ones get a stable error code.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/webchat/line_history.hpp"
#include "adapters/webchat/protocol.hpp"

namespace frontline::webchat {
namespace {

template <class T>
const T* frame_as(const ParsedFrame& p) {
    const auto* f = std::get_if<ClientFrame>(&p);
    return f ? std::get_if<T>(f) : nullptr;
}

std::string error_code(const ParsedFrame& p) {
    const auto* e = std::get_if<ProtocolError>(&p);
    return e ? e->code : "";
}

TEST(WebchatProtocol, HelloWithResumePoint) {
    auto p = parse_client_frame(R"({"type":"hello","v":1,"session":"abc","epoch":"e1","last_seq":7,"locale":"it"})");
    const Hello* h = frame_as<Hello>(p);
    ASSERT_NE(h, nullptr) << error_code(p);
    EXPECT_EQ(h->role, Role::user);
    EXPECT_EQ(h->session, "abc");
    EXPECT_EQ(h->epoch, "e1");
    EXPECT_EQ(h->last_seq, 7);
    EXPECT_EQ(h->locale, "it");
}

TEST(WebchatProtocol, HelloCarriesTheBrowsersZoneWhenItIsAZoneName) {
    auto p = parse_client_frame(R"({"type":"hello","v":1,"time_zone":"America/Argentina/Buenos_Aires"})");
    const Hello* h = frame_as<Hello>(p);
    ASSERT_NE(h, nullptr) << error_code(p);
    EXPECT_EQ(h->time_zone, "America/Argentina/Buenos_Aires");
    // Not a zone name, or absurdly long: dropped, the hello still good (the desk's zone is used).
    for (const char* bad : {R"("../../etc/passwd")", R"("Europe/Rome; DROP")", R"("")", "null"}) {
        auto q = parse_client_frame(std::string(R"({"type":"hello","v":1,"time_zone":)") + bad + "}");
        const Hello* g = frame_as<Hello>(q);
        ASSERT_NE(g, nullptr) << bad << " " << error_code(q);
        EXPECT_EQ(g->time_zone, "") << bad;
    }
    auto q = parse_client_frame(R"({"type":"hello","v":1,"time_zone":")" + std::string(80, 'A') + "\"}");
    ASSERT_NE(frame_as<Hello>(q), nullptr);
    EXPECT_EQ(frame_as<Hello>(q)->time_zone, "");
    // A zone of the wrong type is a malformed hello, like any other field.
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"hello","v":1,"time_zone":5})")), "bad_frame");
}

TEST(WebchatProtocol, AgentHello) {
    auto p = parse_client_frame(R"({"type":"hello","v":1,"role":"agent","token":"t","agent_id":"alice"})");
    const Hello* h = frame_as<Hello>(p);
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->role, Role::agent);
    EXPECT_EQ(h->agent_token, "t");
    EXPECT_EQ(h->agent_id, "alice");
}

TEST(WebchatProtocol, AgentHelloResumesTheirPrivateConversationToo) {
    auto p = parse_client_frame(R"({"type":"hello","v":1,"role":"agent","token":"t","agent_id":"alice","last_seq":4,"private_last_seq":2})");
    const Hello* h = frame_as<Hello>(p);
    ASSERT_NE(h, nullptr) << error_code(p);
    EXPECT_EQ(h->last_seq, 4);
    EXPECT_EQ(h->private_last_seq, 2);
    EXPECT_EQ(frame_as<Hello>(parse_client_frame(R"({"type":"hello","v":1})"))->private_last_seq, 0);
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"hello","v":1,"private_last_seq":-3})")), "bad_frame");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"hello","v":1,"private_last_seq":"2"})")), "bad_frame");
    auto w = nlohmann::json::parse(render_welcome("", "alice", "ep", 7, Role::agent, 3));
    EXPECT_EQ(w.at("private_last_seq").get<int>(), 3);
    EXPECT_FALSE(nlohmann::json::parse(render_welcome("tok", "wabc", "ep", 7, Role::user)).contains("private_last_seq"));
    Entry e{2, "dm-1", "bot", "", "Restricted incident INC-000042", {}, "", "2026-11-27T09:30:00Z", ""};
    EXPECT_TRUE(nlohmann::json::parse(render_entry(e, true)).at("private").get<bool>());
    EXPECT_FALSE(nlohmann::json::parse(render_entry(e)).contains("private"));
}

TEST(WebchatProtocol, MessageChoiceAckPing) {
    const ParsedFrame text = parse_client_frame(R"({"type":"message","id":"m1","text":"la VPN cade"})");
    const auto* t = frame_as<UserText>(text);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->text, "la VPN cade");
    const ParsedFrame choice = parse_client_frame(R"({"type":"choice","id":"m2","payload":"yes","label":"Yes"})");
    const auto* c = frame_as<UserChoice>(choice);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->payload, "yes");
    const ParsedFrame ack = parse_client_frame(R"({"type":"ack","seq":12})");
    const auto* a = frame_as<Ack>(ack);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->seq, 12);
    const ParsedFrame ping = parse_client_frame(R"({"type":"ping"})");
    EXPECT_NE(frame_as<Ping>(ping), nullptr);
}

TEST(WebchatProtocol, BadFramesGetStableCodes) {
    EXPECT_EQ(error_code(parse_client_frame("{not json")), "bad_json");
    EXPECT_EQ(error_code(parse_client_frame("[1,2]")), "bad_frame");
    EXPECT_EQ(error_code(parse_client_frame(R"({"text":"no type"})")), "bad_frame");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"dance"})")), "unknown_type");
    EXPECT_EQ(error_code(parse_client_frame("{\"type\":\"message\",\"id\":\"m\",\"text\":\"\xC3\x28\"}")), "bad_utf8");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"hello","v":2})")), "unsupported_version");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"hello"})")), "bad_frame");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"hello","v":1,"role":"root"})")), "bad_frame");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"hello","v":1,"last_seq":-1})")), "bad_frame");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"message","text":"no id"})")), "bad_frame");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"message","id":"has space","text":"x"})")), "bad_frame");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"message","id":"m","text":42})")), "bad_frame");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"message","id":"m","text":"   "})")), "empty");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"choice","id":"m"})")), "bad_frame");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"ack","seq":"x"})")), "bad_frame");
}

TEST(WebchatProtocol, AMessageMayCarryUploadedFilesAndThenNoText) {
    const std::string upload(64, 'a');
    auto p = parse_client_frame(nlohmann::json{{"type", "message"}, {"id", "f1"}, {"text", ""},
                                               {"files", nlohmann::json::array({nlohmann::json{{"upload", upload}, {"name", "error\ndialog.png"}}})}}.dump());
    const auto* frame = std::get_if<ClientFrame>(&p);
    ASSERT_NE(frame, nullptr) << error_code(p);
    const auto& t = std::get<UserText>(*frame);
    ASSERT_EQ(t.files.size(), 1u);
    EXPECT_EQ(t.files[0].upload, upload);
    EXPECT_EQ(t.files[0].name, "error dialog.png");  // one line: a name cannot fake a line of its own
    EXPECT_TRUE(t.text.empty());
    // An upload id that is not one, too many files, or a file list that is not a list.
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"message","id":"f2","files":[{"upload":"abc","name":"x"}]})")), "bad_frame");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"message","id":"f3","files":"a.png"})")), "bad_frame");
    nlohmann::json many = nlohmann::json::array();
    for (int i = 0; i < 11; ++i) many.push_back(nlohmann::json{{"upload", upload}, {"name", "a.png"}});
    EXPECT_EQ(error_code(parse_client_frame(nlohmann::json{{"type", "message"}, {"id", "f4"}, {"files", many}}.dump())), "bad_frame");
    // No text and no files is still empty.
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"message","id":"f5","text":"","files":[]})")), "empty");
}

TEST(WebchatProtocol, TooLongTextIsRefusedPolitelyWithItsId) {
    const std::string frame = nlohmann::json{{"type", "message"}, {"id", "m9"}, {"text", std::string(9000, 'a')}}.dump();
    auto p = parse_client_frame(frame);
    const auto* e = std::get_if<ProtocolError>(&p);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->code, "too_long");
    EXPECT_EQ(e->id, "m9");
    EXPECT_EQ(error_code(parse_client_frame(std::string(kMaxFrameBytes + 1, ' '))), "too_large");
}

TEST(WebchatProtocol, AChoiceMayCarryTheTextTypedWithIt) {
    const ParsedFrame plain = parse_client_frame(R"({"type":"choice","id":"c1","payload":"flow:vpn|yes","label":"Yes"})");
    const auto* p = frame_as<UserChoice>(plain);
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(p->text.empty());  // a plain press: the label is not the text
    const ParsedFrame reply = parse_client_frame(
        R"({"type":"choice","id":"c2","payload":"handoff:reply:INC-000042","label":"Reply","text":"Could you restart the laptop?"})");
    const auto* r = frame_as<UserChoice>(reply);
    ASSERT_NE(r, nullptr) << error_code(reply);
    EXPECT_EQ(r->payload, "handoff:reply:INC-000042");
    EXPECT_EQ(r->label, "Reply");
    EXPECT_EQ(r->text, "Could you restart the laptop?");
    const ParsedFrame accented = parse_client_frame(
        R"({"type":"choice","id":"c3","payload":"handoff:reply:INC-000042","text":"Sì, è già stato riavviato"})");
    ASSERT_NE(frame_as<UserChoice>(accented), nullptr);
    EXPECT_EQ(frame_as<UserChoice>(accented)->text, "Sì, è già stato riavviato");
}

TEST(WebchatProtocol, AChoicesTextIsRefusedLikeATypedLine) {
    // Too long: the same code and polite message as a typed line, with the choice's id.
    const auto typed = parse_client_frame(nlohmann::json{{"type", "message"}, {"id", "m1"}, {"text", std::string(9000, 'a')}}.dump());
    const auto chosen = parse_client_frame(
        nlohmann::json{{"type", "choice"}, {"id", "c1"}, {"payload", "handoff:reply:INC-000042"}, {"text", std::string(9000, 'a')}}.dump());
    const auto* te = std::get_if<ProtocolError>(&typed);
    const auto* ce = std::get_if<ProtocolError>(&chosen);
    ASSERT_NE(te, nullptr);
    ASSERT_NE(ce, nullptr);
    EXPECT_EQ(ce->code, "too_long");
    EXPECT_EQ(ce->message, te->message);
    EXPECT_EQ(ce->id, "c1");
    // Invalid UTF-8 and a text that is not a string.
    EXPECT_EQ(error_code(parse_client_frame("{\"type\":\"choice\",\"id\":\"c2\",\"payload\":\"p\",\"text\":\"caf\xC3\x28\"}")), "bad_utf8");
    EXPECT_EQ(error_code(parse_client_frame(R"({"type":"choice","id":"c3","payload":"p","text":42})")), "bad_frame");
}

TEST(WebchatProtocol, ServerFramesAreJsonWithTheirFields) {
    Entry e{3, "k1", "bot", "", "Ticket *INC-000001* logged", {{"Yes", "yes"}}, "k0", "2026-11-27T09:30:00Z", ""};
    auto j = nlohmann::json::parse(render_entry(e));
    EXPECT_EQ(j.at("type").get<std::string>(), "message");
    EXPECT_EQ(j.at("seq").get<int>(), 3);
    EXPECT_EQ(j.at("replaces").get<std::string>(), "k0");
    EXPECT_EQ(j.at("choices").at(0).at("payload").get<std::string>(), "yes");
    auto w = nlohmann::json::parse(render_welcome("tok", "wabc", "ep", 5, Role::user));
    EXPECT_EQ(w.at("v").get<int>(), kProtocolVersion);
    EXPECT_EQ(w.at("last_seq").get<int>(), 5);
    auto err = nlohmann::json::parse(render_error({"too_long", "shorter please", "m1"}));
    EXPECT_EQ(err.at("id").get<std::string>(), "m1");
}

}  // namespace
// Issue 17: the page's own words follow the conversation's language, which each bot line carries,
// also when it is read back from the history on a resume.
TEST(WebchatProtocol, ABotLineCarriesTheConversationsLanguageThroughTheHistory) {
    Entry e;
    e.seq = 3;
    e.id = "in:webchat:1:0";
    e.from = "bot";
    e.text = "Ho registrato INC-000042.";
    e.at = "2026-11-27T09:30:00Z";
    e.locale = "it";
    EXPECT_EQ(nlohmann::json::parse(render_entry(e)).at("locale").get<std::string>(), "it");
    auto back = decode_line(encode_line(e), 3);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->locale, "it");
    e.locale.clear();
    EXPECT_FALSE(nlohmann::json::parse(render_entry(e)).contains("locale"));
}

}  // namespace frontline::webchat
