// The words a requester uses when a fixed problem came back, in both languages (issue 17).
#include <gtest/gtest.h>

#include "core/handoff/reopen_words.hpp"

using namespace frontline;
using namespace frontline::handoff;

TEST(ReopenWords, BothLanguagesWithOrWithoutAccents) {
    for (const char* text : {"è di nuovo rotto", "E' di nuovo rotto!", "e di nuovo rotto", "It broke again", "broken again.",
                             "riapri", "Please reopen it", "non funziona di nuovo", "Il problema è tornato"})
        EXPECT_TRUE(parse_reopen_words(text)) << text;
}

TEST(ReopenWords, TheTicketIdMayFollow) {
    auto r = parse_reopen_words("reopen INC-000001");
    ASSERT_TRUE(r);
    ASSERT_TRUE(r->ticket);
    EXPECT_EQ(r->ticket->str(), "INC-000001");
    auto lower = parse_reopen_words("riapri inc-000007");
    ASSERT_TRUE(lower && lower->ticket);
    EXPECT_EQ(lower->ticket->str(), "INC-000007");
    EXPECT_FALSE(parse_reopen_words("it broke again")->ticket);
}

TEST(ReopenWords, ADescriptionIsNotAReopening) {
    EXPECT_FALSE(parse_reopen_words("the VPN broke again this morning while I was on a call with a customer"));
    EXPECT_FALSE(parse_reopen_words("nuovo portatile"));
    EXPECT_FALSE(parse_reopen_words(""));
}
