// The booking links' tokens: a token signed with the secret verifies; changing any one field (the
// MAC kept), the MAC, or the secret makes it invalid; past its expiry it is expired.
#include <gtest/gtest.h>

#include <functional>

#include "bot/calls/call_token.hpp"

using namespace frontline;
using namespace frontline::calls;

namespace {

const std::string kSecret = "0123456789abcdef-calls-test-secret";
const TimePoint kNow{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23}};

CallToken book_token() {
    CallToken t;
    t.kind = TokenKind::book;
    t.ticket = TicketId::parse("INC-000042").value();
    t.agent = "rita";
    t.duration = std::chrono::minutes{30};
    t.expires = kNow + std::chrono::hours{72};
    t.nonce = nonce_for(kSecret, "seed-1");
    return t;
}

std::string b64(const std::string& in) {
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    unsigned v = 0;
    int bits = 0;
    for (unsigned char c : in) {
        v = (v << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += k[(v >> bits) & 63];
        }
    }
    if (bits > 0) out += k[(v << (6 - bits)) & 63];
    return out;
}

bool is_problem(const std::variant<CallToken, TokenProblem>& r, TokenProblem p) {
    return std::holds_alternative<TokenProblem>(r) && std::get<TokenProblem>(r) == p;
}

}  // namespace

TEST(CallToken, ASignedTokenVerifiesWithEveryField) {
    const std::string token = sign_call_token(kSecret, book_token());
    auto r = verify_call_token(kSecret, token, kNow);
    ASSERT_TRUE(std::holds_alternative<CallToken>(r));
    const auto& t = std::get<CallToken>(r);
    EXPECT_EQ(t.kind, TokenKind::book);
    EXPECT_EQ(t.ticket.str(), "INC-000042");
    EXPECT_EQ(t.agent, "rita");
    EXPECT_EQ(t.duration, std::chrono::minutes{30});
    EXPECT_EQ(t.expires, kNow + std::chrono::hours{72});
    EXPECT_EQ(t.nonce, book_token().nonce);
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."), std::string::npos)
        << "a token goes into a URL path as it is";
}

TEST(CallToken, ChangingAnyOneFieldBreaksTheSignature) {
    const CallToken base = book_token();
    const std::string token = sign_call_token(kSecret, base);
    const std::string mac = token.substr(token.find('.') + 1);
    const std::string expiry = std::to_string((base.expires).time_since_epoch().count());
    const std::string later = std::to_string((base.expires + std::chrono::hours{1000}).time_since_epoch().count());
    // Each field changed in the signed text, the MAC of the original kept.
    const std::vector<std::string> forged = {
        "b|INC-000043|rita|1800|" + expiry + "|" + base.nonce,   // ticket
        "b|INC-000042|leo|1800|" + expiry + "|" + base.nonce,    // agent
        "b|INC-000042|rita|7200|" + expiry + "|" + base.nonce,   // duration
        "b|INC-000042|rita|1800|" + later + "|" + base.nonce,    // expiry
        "b|INC-000042|rita|1800|" + expiry + "|" + nonce_for(kSecret, "seed-2"),  // nonce
        "m|INC-000042|1|" + expiry,                               // kind
    };
    // The untouched text with the original MAC is accepted: the forgeries fail for their change alone.
    ASSERT_TRUE(std::holds_alternative<CallToken>(
        verify_call_token(kSecret, b64("b|INC-000042|rita|1800|" + expiry + "|" + base.nonce) + "." + mac, kNow)));
    for (const auto& f : forged)
        EXPECT_TRUE(is_problem(verify_call_token(kSecret, b64(f) + "." + mac, kNow), TokenProblem::malformed_or_tampered)) << f;
}

TEST(CallToken, AChangedMacOrAnotherSecretIsRefused) {
    const std::string token = sign_call_token(kSecret, book_token());
    std::string flipped = token;
    flipped.back() = flipped.back() == '0' ? '1' : '0';
    EXPECT_TRUE(is_problem(verify_call_token(kSecret, flipped, kNow), TokenProblem::malformed_or_tampered));
    EXPECT_TRUE(is_problem(verify_call_token(kSecret, token.substr(0, token.size() - 2), kNow), TokenProblem::malformed_or_tampered));
    EXPECT_TRUE(is_problem(verify_call_token("another-secret-of-some-length", token, kNow), TokenProblem::malformed_or_tampered));
    for (const char* junk : {"", ".", "abc", "abc.def", "!!!.0000", "b|INC-000042|rita"})
        EXPECT_TRUE(is_problem(verify_call_token(kSecret, junk, kNow), TokenProblem::malformed_or_tampered)) << junk;
}

TEST(CallToken, ExpiresAtItsExpiry) {
    const std::string token = sign_call_token(kSecret, book_token());
    EXPECT_TRUE(std::holds_alternative<CallToken>(verify_call_token(kSecret, token, kNow + std::chrono::hours{72} - std::chrono::seconds{1})));
    EXPECT_TRUE(is_problem(verify_call_token(kSecret, token, kNow + std::chrono::hours{72}), TokenProblem::expired));
}

TEST(CallToken, ManageLinksNameTheirBooking) {
    SignedCallLinks links(kSecret, "https://desk.example.com/");
    const std::string url = links.manage_link(17, TicketId::parse("INC-000042").value(), kNow + std::chrono::hours{1});
    ASSERT_EQ(url.rfind("https://desk.example.com/call/", 0), 0u) << url;
    auto r = verify_call_token(kSecret, url.substr(std::string("https://desk.example.com/call/").size()), kNow);
    ASSERT_TRUE(std::holds_alternative<CallToken>(r));
    EXPECT_EQ(std::get<CallToken>(r).kind, TokenKind::manage);
    EXPECT_EQ(std::get<CallToken>(r).booking, 17);
    EXPECT_EQ(links.invite_link(17, TicketId::parse("INC-000042").value(), kNow + std::chrono::hours{1}), url + "/invite.ics");
}

TEST(CallToken, NoncesAndRoomsAreStableAndDistinct) {
    SignedCallLinks links(kSecret, "https://desk.example.com");
    EXPECT_EQ(nonce_for(kSecret, "seed-1"), nonce_for(kSecret, "seed-1"));
    EXPECT_NE(nonce_for(kSecret, "seed-1"), nonce_for(kSecret, "seed-2"));
    EXPECT_NE(nonce_for(kSecret, "seed-1"), nonce_for("another-secret-of-some-length", "seed-1"));
    const std::string room = links.meeting_room("n1");
    EXPECT_EQ(room, links.meeting_room("n1"));
    EXPECT_NE(room, links.meeting_room("n2"));
    EXPECT_EQ(room.size(), std::string("frontline-").size() + 24);
}
