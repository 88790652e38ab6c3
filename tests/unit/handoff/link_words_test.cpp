#include <gtest/gtest.h>

#include <set>

#include "core/handoff/agent_command.hpp"
#include "core/handoff/link_words.hpp"

using namespace frontline;
using namespace frontline::handoff;

TEST(LinkWords, LinkAndCollegaAskForACode) {
    for (const char* t : {"link", "Link", "  collega ", "/link", "COLLEGA"}) {
        auto w = parse_link_words(t);
        ASSERT_TRUE(w) << t;
        EXPECT_TRUE(w->code.empty()) << t;
    }
}

TEST(LinkWords, ACodeIsTakenWithTheWordOrAloneInItsShownForm) {
    EXPECT_EQ(parse_link_words("link K7PQ-2MXZ")->code, "K7PQ2MXZ");
    EXPECT_EQ(parse_link_words("collega k7pq2mxz")->code, "K7PQ2MXZ");
    EXPECT_EQ(parse_link_words("K7PQ-2MXZ")->code, "K7PQ2MXZ");
    EXPECT_EQ(parse_link_words(" k7pq-2mxz ")->code, "K7PQ2MXZ");
}

TEST(LinkWords, APersonChoosesWhereUpdatesGoInEitherLanguage) {
    for (const char* t : {"updates here", "Updates here!", "  aggiornamenti qui. ", "scrivimi qui", "send me updates here"})
        EXPECT_EQ(parse_updates_place_words(t), std::optional<bool>(true)) << t;
    for (const char* t : {"updates where I write", "Aggiornamenti dove scrivo", "updates wherever I write"})
        EXPECT_EQ(parse_updates_place_words(t), std::optional<bool>(false)) << t;
    // Only the whole phrase: a problem that mentions updates is a problem.
    for (const char* t : {"Windows updates here fail every night", "aggiornamenti", "here", "", "updates here please fix my vpn"})
        EXPECT_FALSE(parse_updates_place_words(t)) << t;
}

TEST(LinkWords, OrdinaryWordsAndAgentLinksAreNotLinkWords) {
    for (const char* t : {"link INC-000001 INC-000002", "thankyou!", "K7PQ2MXZ", "the link is broken", "link my account please",
                          "K7PQ-2MX0", "K7P-Q2MXZ", "link K7PQ-2MXZ extra", ""})
        EXPECT_FALSE(parse_link_words(t)) << t;
}

TEST(LinkWords, CodesUseTheirWholeAlphabetAndRoundTrip) {
    std::set<std::string> seen;
    std::uint64_t bits = 0x0123456789abcdefULL;
    for (int i = 0; i < 200; ++i) {
        bits = bits * 6364136223846793005ULL + 1442695040888963407ULL;
        const std::string code = make_link_code(bits);
        ASSERT_EQ(code.size(), 8u);
        for (char c : code) EXPECT_EQ(std::string("IO01").find(c), std::string::npos) << code;
        const auto typed = parse_link_words(display_link_code(code));
        ASSERT_TRUE(typed) << code;
        EXPECT_EQ(typed->code, code);
        seen.insert(code);
    }
    EXPECT_EQ(seen.size(), 200u) << "different bits, different codes";
    EXPECT_NE(make_link_code(0), make_link_code(1));
}

TEST(LinkIdentityCommand, TwoKnownIdentitiesAreParsed) {
    auto c = parse_agent_command("link-identity slack:U012AB webchat:visitor-7");
    ASSERT_TRUE(c && *c);
    EXPECT_EQ((*c)->verb, Verb::link_identity);
    ASSERT_EQ((*c)->identities.size(), 2u);
    EXPECT_EQ((*c)->identities[0], (Identity{"slack", "U012AB"}));
    EXPECT_EQ((*c)->identities[1], (Identity{"webchat", "visitor-7"}));
    auto matrix = parse_agent_command("/link-identity matrix:@ada:example.org telegram:555");
    ASSERT_TRUE(matrix && *matrix);
    EXPECT_EQ((*matrix)->identities[0], (Identity{"matrix", "@ada:example.org"}));
}

TEST(LinkIdentityCommand, BadArgumentsGetTheUsage) {
    for (const char* t : {"link-identity", "link-identity slack:U1", "link-identity slack:U1 slack:U1",
                          "link-identity fax:1 slack:U1", "link-identity slack: webchat:v", "link-identity slack:U1 webchat:v more"}) {
        auto c = parse_agent_command(t);
        ASSERT_FALSE(c) << t;
        EXPECT_NE(c.error().message.find("link-identity"), std::string::npos) << t;
    }
}
