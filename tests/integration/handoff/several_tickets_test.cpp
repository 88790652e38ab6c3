// A requester with several tickets with the people (issue 17): a message that names none of them is
// held and they are asked which ticket it is about (the held words survive a restart); `status` and
// `my tickets` list them all; `cancel` withdraws one after asking; "new problem" goes to the L1 bot
// instead of being added to an open ticket.
#include <gtest/gtest.h>

#include "core/handoff/requester_choices.hpp"
#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "tests/unit/handoff/shipped_people.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using namespace frontline::handoff::testing_support::shipped;

namespace {

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

class SeveralTickets : public ::testing::Test {
protected:
    std::vector<Delivered> to_mario() const { return w.received("telegram", "777001"); }

    DeskWorld w{shipped_desk_config()};
    TicketId vpn = w.report(kMario, "network", "P3", "VPN drops every five minutes");
    TicketId headset = w.report(kMario, "hardware", "P4", "Headset has no sound");
};

}  // namespace

TEST_F(SeveralTickets, AMessageNamingNoTicketIsHeldUntilTheRequesterSaysWhichOne) {
    w.forget_delivered();
    w.text(kMario, kMarioChat, "still nothing after the restart");
    EXPECT_EQ(w.journal_count(vpn, "relay_in"), 0);
    EXPECT_EQ(w.journal_count(headset, "relay_in"), 0);
    auto asked = to_mario();
    ASSERT_EQ(asked.size(), 1u);
    EXPECT_TRUE(contains(asked[0].message.text, "You have more than one ticket open with us. Which one is this about?"));
    ASSERT_EQ(asked[0].message.choices.size(), 2u);
    EXPECT_EQ(asked[0].message.choices[0].label, headset.str() + ": Headset has no sound");  // newest first
    EXPECT_EQ(asked[0].message.choices[1].payload, requester_payload(RequesterChoice::about, vpn));

    // A second line before the answer joins the first; the question is not asked again.
    w.forget_delivered();
    w.text(kMario, kMarioChat, "and the microphone is muted too");
    EXPECT_TRUE(to_mario().empty());

    w.restart_store();
    w.click(kMario, kMarioChat, requester_payload(RequesterChoice::about, headset));
    const auto journal = w.journal(headset);
    ASSERT_EQ(w.journal_count(headset, "relay_in"), 1);
    for (const auto& j : journal)
        if (j.kind == "relay_in") {
            EXPECT_TRUE(contains(j.details, "still nothing after the restart"));
            EXPECT_TRUE(contains(j.details, "and the microphone is muted too"));
        }
    EXPECT_EQ(w.journal_count(vpn, "relay_in"), 0);
    // Pressed again later: nothing is held any more, and nothing is relayed twice.
    w.click(kMario, kMarioChat, requester_payload(RequesterChoice::about, headset));
    EXPECT_EQ(w.journal_count(headset, "relay_in"), 1);
}

TEST_F(SeveralTickets, AMessageNamingATicketGoesStraightToIt) {
    w.forget_delivered();
    w.text(kMario, kMarioChat, "about " + vpn.str() + ": it dropped again at 10:15");
    EXPECT_EQ(w.journal_count(vpn, "relay_in"), 1);
    EXPECT_EQ(w.journal_count(headset, "relay_in"), 0);
    for (const auto& d : to_mario()) EXPECT_TRUE(d.message.choices.empty());
}

TEST_F(SeveralTickets, MyTicketsListsEveryOpenTicket) {
    w.forget_delivered();
    w.text(kMario, kMarioChat, "my tickets");
    auto got = to_mario();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(contains(got[0].message.text, "Your open tickets with us (2):")) << got[0].message.text;
    EXPECT_TRUE(contains(got[0].message.text, vpn.str() + " (VPN drops every five minutes)"));
    EXPECT_TRUE(contains(got[0].message.text, headset.str() + " (Headset has no sound)"));
    EXPECT_EQ(w.journal_count(vpn, "relay_in") + w.journal_count(headset, "relay_in"), 0);
}

TEST_F(SeveralTickets, CancelAsksWhichOneThenWithdrawsItAndTellsTheAgents) {
    w.click(kAlice, kDeskSlack, claim_payload(vpn));
    w.forget_delivered();
    w.text(kMario, kMarioChat, "cancel");
    auto asked = to_mario();
    ASSERT_EQ(asked.size(), 1u);
    EXPECT_TRUE(contains(asked[0].message.text, "Which ticket shall I withdraw?"));
    ASSERT_EQ(asked[0].message.choices.size(), 3u);  // each ticket, and "keep them all"
    EXPECT_EQ(w.journal_count(vpn, "relay_in"), 0);

    w.forget_delivered();
    w.click(kMario, kMarioChat, requester_payload(RequesterChoice::withdraw, vpn));
    EXPECT_EQ(w.ticket(vpn).status, TicketStatus::cancelled);
    EXPECT_EQ(w.journal_count(vpn, "withdrawn"), 1);
    EXPECT_EQ(w.ticket(headset).status, TicketStatus::escalated);
    bool agent_told = false;
    for (const auto& d : w.received("slack", "C0SERVICEDESK"))
        agent_told = agent_told || contains(d.message.text, "has withdrawn " + vpn.str());
    EXPECT_TRUE(agent_told);
    auto told = to_mario();
    ASSERT_FALSE(told.empty());
    EXPECT_EQ(told.back().message.text, "Done: I've withdrawn " + vpn.str() + ". If you need us again, just write here.");
}

TEST_F(SeveralTickets, KeepChangesNothing) {
    w.text(kMario, kMarioChat, "annulla");
    w.click(kMario, kMarioChat, requester_payload(RequesterChoice::keep, headset));
    EXPECT_EQ(w.ticket(vpn).status, TicketStatus::escalated);
    EXPECT_EQ(w.ticket(headset).status, TicketStatus::escalated);
    EXPECT_EQ(w.journal_count(vpn, "withdrawn") + w.journal_count(headset, "withdrawn"), 0);
}

TEST_F(SeveralTickets, NobodyWithdrawsSomeoneElsesTicket) {
    const Identity stranger{"telegram", "555"};
    w.click(stranger, Address{"telegram", "555", ""}, requester_payload(RequesterChoice::withdraw, vpn));
    EXPECT_EQ(w.ticket(vpn).status, TicketStatus::escalated);
    EXPECT_EQ(w.journal_count(vpn, "withdrawn"), 0);
}

TEST_F(SeveralTickets, ANewProblemIsTheL1BotsNotAnAgentsMessage) {
    const int engine_before = w.engine().calls;
    w.text(kMario, kMarioChat, "another thing: I need Visio installed on my laptop");
    EXPECT_EQ(w.engine().calls, engine_before + 1);
    w.text(kMario, kMarioChat, "un altro problema");
    EXPECT_EQ(w.engine().calls, engine_before + 2);
    EXPECT_EQ(w.journal_count(vpn, "relay_in") + w.journal_count(headset, "relay_in"), 0);
}

TEST(OneTicket, CancelAsksBeforeWithdrawingTheOnlyTicket) {
    DeskWorld w{shipped_desk_config()};
    const TicketId id = w.report(kMario, "network", "P3", "La VPN cade", "it");
    w.forget_delivered();
    w.text(kMario, kMarioChat, "annulla");
    auto asked = w.received("telegram", "777001");
    ASSERT_EQ(asked.size(), 1u);
    EXPECT_EQ(asked[0].message.text, "Vuoi che ritiri " + id.str() + " (La VPN cade)? Il team smetterà di lavorarci.");
    ASSERT_EQ(asked[0].message.choices.size(), 2u);
    EXPECT_EQ(asked[0].message.choices[0].label, "Sì, ritiralo");
    EXPECT_EQ(w.ticket(id).status, TicketStatus::escalated);
    EXPECT_EQ(w.journal_count(id, "relay_in"), 0);
}

TEST_F(SeveralTickets, TypedWithTheTicketNumberCancelWithdrawsWithoutButtons) {
    w.text(kMario, kMarioChat, "annulla " + headset.str());
    EXPECT_EQ(w.ticket(headset).status, TicketStatus::cancelled);
    EXPECT_EQ(w.ticket(vpn).status, TicketStatus::escalated);
}
