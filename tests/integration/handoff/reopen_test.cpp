// Reopening (issue 17): a requester whose fixed problem came back says so in their own words or
// with the ticket id, an agent reopens with a reason, and past lifecycle.reopen_window_hours a new
// ticket is opened and linked to the old one instead. The ticket goes back to whoever worked on it,
// with a fresh first-response clock, and each reopening is journalled so reports can count it.
#include <gtest/gtest.h>

#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "tests/unit/handoff/shipped_people.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using namespace frontline::handoff::testing_support::shipped;
using namespace std::chrono_literals;

namespace {

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

class Reopening : public ::testing::Test {
protected:
    /// A ticket Alice claimed and resolved, and Mario confirmed: closed.
    TicketId closed_ticket(const std::string& locale = "en") {
        const TicketId id = w.report(kMario, "network", "P3", locale == "it" ? "La VPN cade" : "VPN drops every five minutes", locale);
        w.click(kAlice, kDeskSlack, claim_payload(id));
        w.text(kAlice, kDeskSlack, "resolve " + id.str() + " fixed Reinstalled the VPN profile");
        w.click(kMario, kMarioChat, confirm_payload(id, true));
        EXPECT_EQ(w.ticket(id).status, TicketStatus::closed);
        w.forget_delivered();
        return id;
    }

    /// The one message Mario got back.
    std::string answer_to_mario() {
        auto got = w.received("telegram", "777001");
        EXPECT_EQ(got.size(), 1u);
        return got.empty() ? std::string() : got.back().message.text;
    }

    DeskWorld w{shipped_desk_config()};
};

}  // namespace

TEST_F(Reopening, ItalianWordsReopenTheClosedTicketWithItsLastAgent) {
    const TicketId id = closed_ticket("it");
    w.advance(2h);
    const int engine_before = w.engine().calls;
    w.text(kMario, kMarioChat, "è di nuovo rotto");
    const Ticket t = w.ticket(id);
    EXPECT_EQ(t.status, TicketStatus::in_progress);
    EXPECT_EQ(t.assignee, "alice");
    EXPECT_FALSE(t.closed_at);
    EXPECT_FALSE(t.resolved_at);
    EXPECT_EQ(w.engine().calls, engine_before);  // not a new problem for the L1 bot
    EXPECT_EQ(answer_to_mario(), "Mi dispiace che il problema sia tornato. Ho riaperto " + id.str() +
                                     " e ho avvisato Alice Romano, che ci aveva già lavorato: ti risponderà qui.");
    EXPECT_EQ(w.journal_count(id, "reopened"), 1);
    // Alice hears of it in the ticket's thread, by name.
    bool pinged = false;
    for (const auto& d : w.received("slack", "C0SERVICEDESK"))
        pinged = pinged || (contains(d.message.text, id.str()) && contains(d.message.text, "reopened"));
    EXPECT_TRUE(pinged);
}

TEST_F(Reopening, TheFirstResponseClockStartsAgain) {
    const TicketId id = closed_ticket();
    EXPECT_TRUE(w.ticket(id).first_response_at);
    w.advance(5h);
    w.text(kMario, kMarioChat, "It broke again!");
    const Ticket t = w.ticket(id);
    EXPECT_FALSE(t.first_response_at);
    ASSERT_TRUE(t.sla.response_due);
    EXPECT_EQ(*t.sla.response_due, w.now() + 3h);  // P3: a first response within 3 hours
}

TEST_F(Reopening, ReopenWithTheTicketIdAnswersInTheTicketsLanguage) {
    const TicketId id = closed_ticket("it");
    w.text(kMario, kMarioChat, "reopen " + id.str());
    EXPECT_EQ(w.ticket(id).status, TicketStatus::in_progress);
    EXPECT_TRUE(contains(answer_to_mario(), "Ho riaperto " + id.str()));
}

TEST_F(Reopening, SomeoneElsesTicketIsNotReopened) {
    const TicketId id = closed_ticket();
    const Identity stranger{"telegram", "555"};
    w.text(stranger, Address{"telegram", "555", ""}, "reopen " + id.str());
    EXPECT_EQ(w.ticket(id).status, TicketStatus::closed);
    EXPECT_EQ(w.journal_count(id, "reopened"), 0);
    auto got = w.received("telegram", "555");
    ASSERT_EQ(got.size(), 1u);
    EXPECT_FALSE(contains(got[0].message.text, "VPN"));  // not a word of someone else's ticket
}

TEST_F(Reopening, AnAgentReopensAClosedTicketWithAReason) {
    const TicketId id = closed_ticket();
    w.text(kAlice, kDeskSlack, "reopen " + id.str() + " the user called: the profile is gone again");
    EXPECT_EQ(w.ticket(id).status, TicketStatus::in_progress);
    const auto journal = w.journal(id);
    bool reasoned = false;
    for (const auto& j : journal)
        reasoned = reasoned || (j.kind == "reopened" && contains(j.details, "the profile is gone again"));
    EXPECT_TRUE(reasoned);
    for (const auto& d : w.received("slack", "C0SERVICEDESK"))
        EXPECT_FALSE(contains(d.message.text, id.str() + ": " + id.str())) << d.message.text;
    EXPECT_TRUE(contains(answer_to_mario(), "reopened " + id.str()));
}

TEST_F(Reopening, AnAgentPastTheWindowIsToldPlainly) {
    const TicketId id = closed_ticket();
    w.advance(24h * 8);  // the shipped window is 7 days
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "reopen " + id.str());
    EXPECT_EQ(w.ticket(id).status, TicketStatus::closed);
    auto got = w.received("slack", "C0SERVICEDESK");
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(contains(got[0].message.text, "more than 7 days ago")) << got[0].message.text;
    EXPECT_FALSE(contains(got[0].message.text, "->")) << got[0].message.text;
}

TEST_F(Reopening, PastTheWindowANewTicketIsOpenedAndLinked) {
    const TicketId old_id = closed_ticket("it");
    w.advance(24h * 8);
    w.text(kMario, kMarioChat, "è di nuovo rotto");
    EXPECT_EQ(w.ticket(old_id).status, TicketStatus::closed);
    const TicketId new_id = *TicketId::parse("INC-000002");
    const Ticket t = w.ticket(new_id);
    EXPECT_EQ(t.status, TicketStatus::escalated);
    EXPECT_EQ(t.category, "network");
    EXPECT_EQ(t.requester.identity, kMario);
    EXPECT_EQ(t.locale, "it");
    EXPECT_EQ(w.journal_count(new_id, "follows"), 1);
    EXPECT_EQ(w.journal_count(old_id, "followed_by"), 1);
    EXPECT_EQ(w.journal_count(new_id, "escalation_ping"), 1);
    EXPECT_EQ(answer_to_mario(), old_id.str() + " è stato chiuso troppo tempo fa per riaprirlo, quindi ho aperto " +
                                     new_id.str() + " e l'ho collegato: chi lo prende in carico vedrà cosa è stato fatto la volta scorsa.");
}

TEST_F(Reopening, AResolvedTicketAwaitingConfirmationReopensLikeStillBroken) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops every five minutes");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    w.text(kAlice, kDeskSlack, "resolve " + id.str() + " fixed Reinstalled the VPN profile");
    w.forget_delivered();
    w.text(kMario, kMarioChat, "broken again");
    EXPECT_EQ(w.ticket(id).status, TicketStatus::in_progress);
    EXPECT_EQ(w.journal_count(id, "reopened"), 1);
}

TEST_F(Reopening, WithNothingToReopenTheWordsAreANewProblem) {
    const int engine_before = w.engine().calls;
    w.text(kMario, kMarioChat, "è di nuovo rotto");
    EXPECT_EQ(w.engine().calls, engine_before + 1);
}
