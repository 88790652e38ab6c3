// The pure pieces behind issue 13's web chat bounds: names folded to one line, session tokens of
// the server's own shape only, failed logins counted per key.
#include <gtest/gtest.h>

#include <chrono>
#include <variant>

#include "adapters/webchat/login_guard.hpp"
#include "adapters/webchat/protocol.hpp"
#include "adapters/webchat/session_token.hpp"

namespace frontline::webchat {
namespace {

TEST(OneLine, ControlCharactersAndLineSeparatorsBecomeOneSpace) {
    EXPECT_EQ(one_line("Anna\nINC-000001 claimed by Alice Romano: do not touch"),
              "Anna INC-000001 claimed by Alice Romano: do not touch");
    EXPECT_EQ(one_line("  a\r\n\tb\x1b[31m\x07 c  "), "a b [31m c");
    EXPECT_EQ(one_line("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c"), "a b c");  // U+2028, U+2029
    EXPECT_EQ(one_line("Chiara Bianchi"), "Chiara Bianchi");
    EXPECT_EQ(one_line("Zoë \xe2\x80\x94 ok"), "Zoë \xe2\x80\x94 ok");  // other UTF-8 untouched
}

TEST(OneLine, TheHellosNameArrivesFolded) {
    auto parsed = parse_client_frame(R"({"type":"hello","v":1,"name":"Anna\nINC-000001 claimed by Alice"})");
    auto* frame = std::get_if<ClientFrame>(&parsed);
    ASSERT_NE(frame, nullptr);
    EXPECT_EQ(std::get<Hello>(*frame).name, "Anna INC-000001 claimed by Alice");
}

TEST(SessionTokens, OnlyTokensThisServerSignedAreAccepted) {
    const std::string key = new_session_key();
    for (int i = 0; i < 200; ++i) EXPECT_TRUE(is_minted_session_token(key, new_session_token(key)));
    EXPECT_FALSE(is_minted_session_token(key, std::string(16, 'a')));   // the weak token of issue 13
    EXPECT_FALSE(is_minted_session_token(key, std::string(64, 'a')));
    EXPECT_FALSE(is_minted_session_token(key, std::string(32, '0') + std::string(32, '1')));
    // Random-looking but chosen by a client (or minted under another server's key): refused too.
    EXPECT_FALSE(is_minted_session_token(key, new_session_key()));
    EXPECT_FALSE(is_minted_session_token(key, new_session_token(new_session_key())));
    // One changed digit of a real token breaks its signature.
    std::string tampered = new_session_token(key);
    tampered[3] = tampered[3] == '0' ? '1' : '0';
    EXPECT_FALSE(is_minted_session_token(key, tampered));
    std::string upper = new_session_token(key);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper.find_first_of("ABCDEF") != std::string::npos) {
        EXPECT_FALSE(is_minted_session_token(key, upper));
    }
    EXPECT_FALSE(is_minted_session_token(key, new_session_token(key) + "0"));
}

TEST(AgentTokens, AGenerationRevokesOnlyThatAgentsEarlierToken) {
    EXPECT_NE(agent_token_for("s", "alice", 1), agent_token_for("s", "alice", 0));
    EXPECT_EQ(agent_token_for("s", "alice"), agent_token_for("s", "alice", 0));
    EXPECT_NE(agent_token_for("s", "alice", 1), agent_token_for("s", "alice", 2));
    EXPECT_EQ(agent_token_for("s", "bruno", 0), agent_token_for("s", "bruno"));
}

TEST(LoginGuard, FailuresUseUpAKeyWhichRefillsOverTime) {
    LoginGuard guard({3, 3});  // 3 at once, 3 per minute
    const auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(guard.allowed("ip:1", t0));
        guard.failed("ip:1", t0);
    }
    EXPECT_FALSE(guard.allowed("ip:1", t0));
    EXPECT_TRUE(guard.allowed("ip:2", t0));                            // other keys are not affected
    EXPECT_FALSE(guard.allowed("ip:1", t0 + std::chrono::seconds(10)));
    EXPECT_TRUE(guard.allowed("ip:1", t0 + std::chrono::seconds(21)));  // one failure's worth back
}

TEST(LoginGuard, ManyKeysDoNotGrowWithoutBound) {
    LoginGuard guard({3, 3});
    auto t = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    for (int i = 0; i < 20000; ++i) {
        guard.failed("ip:" + std::to_string(i), t);
        t += std::chrono::seconds(1);  // old keys refill while new ones arrive
    }
    EXPECT_LE(guard.tracked_keys(), 4097u);
}

}  // namespace
}  // namespace frontline::webchat
