// The per-conversation log: seq numbering, resume after a seq, dedupe by id, bounded history;
// and the session tokens that name a conversation.
#include <gtest/gtest.h>

#include "adapters/webchat/conversation_log.hpp"
#include "adapters/webchat/session_token.hpp"

namespace frontline::webchat {
namespace {

Entry line(std::string id) { return Entry{0, std::move(id), "bot", "", "text", {}, "", ""}; }

TEST(ConversationLog, NumbersLinesAndResumesAfterASeq) {
    ConversationLog log;
    bool added = false;
    EXPECT_EQ(log.append(line("a"), added).seq, 1);
    EXPECT_EQ(log.append(line("b"), added).seq, 2);
    EXPECT_EQ(log.append(line("c"), added).seq, 3);
    auto rest = log.after(1);
    ASSERT_EQ(rest.size(), 2u);
    EXPECT_EQ(rest[0].id, "b");
    EXPECT_TRUE(log.after(3).empty());
}

TEST(ConversationLog, ALineWithAKnownIdIsNotAppendedTwice) {
    ConversationLog log;
    bool added = false;
    log.append(line("a"), added);
    const Entry& again = log.append(line("a"), added);
    EXPECT_FALSE(added);
    EXPECT_EQ(again.seq, 1);
    EXPECT_EQ(log.size(), 1u);
    EXPECT_EQ(log.last_seq(), 1);
}

TEST(ConversationLog, KeepsOnlyTheNewestLines) {
    ConversationLog log(3);
    bool added = false;
    for (int i = 0; i < 5; ++i) log.append(line(std::to_string(i)), added);
    EXPECT_EQ(log.size(), 3u);
    EXPECT_EQ(log.after(0).front().seq, 3);
    EXPECT_EQ(log.last_seq(), 5);
}

TEST(SessionToken, TheUserIdFollowsTheTokenAndRevealsNothingOfIt) {
    const std::string key = new_session_key();
    const std::string token = new_session_token(key);
    EXPECT_TRUE(is_minted_session_token(key, token));
    EXPECT_EQ(token.size(), 64u);
    EXPECT_NE(new_session_token(key), token);
    const std::string id = user_id_for_token(token);
    EXPECT_EQ(id, user_id_for_token(token));
    EXPECT_NE(id, user_id_for_token(new_session_token(key)));
    EXPECT_EQ(id.size(), 21u);
    EXPECT_EQ(token.find(id.substr(1)), std::string::npos);
}

TEST(SessionToken, MalformedTokensAreRefused) {
    const std::string key = new_session_key();
    EXPECT_FALSE(is_minted_session_token(key, "short"));
    EXPECT_FALSE(is_minted_session_token(key, std::string(200, 'a')));
    EXPECT_FALSE(is_minted_session_token(key, "0123456789abcdef<script>"));
    EXPECT_TRUE(constant_time_equal("secret", "secret"));
    EXPECT_FALSE(constant_time_equal("secret", "secreT"));
    EXPECT_FALSE(constant_time_equal("secret", "secret2"));
}

}  // namespace
}  // namespace frontline::webchat
