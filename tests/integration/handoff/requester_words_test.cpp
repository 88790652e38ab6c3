// A requester whose ticket is with the humans asks the desk itself: "status" and "help" (and their
// Italian words) are answered by the bot in their language and never relayed; anything else is.
#include <gtest/gtest.h>

#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "tests/unit/handoff/shipped_people.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using namespace frontline::handoff::testing_support::shipped;

namespace {

/// Messages that reached a team room anywhere (every card update, thread post, ping).
std::size_t to_rooms(const DeskWorld& w) {
    std::size_t n = 0;
    for (const auto& d : w.all_delivered()) n += d.message.to.platform != "telegram";
    return n;
}

class RequesterWords : public ::testing::Test {
protected:
    /// What the requester got back for `text`, checking that it reached no agent and no engine.
    std::string ask(const std::string& text) {
        w.forget_delivered();
        const int relayed_before = w.journal_count(id, "relay_in");
        const int engine_before = w.engine().calls;
        w.text(kMario, kMarioChat, text);
        EXPECT_EQ(to_rooms(w), 0u) << text;
        EXPECT_EQ(w.journal_count(id, "relay_in"), relayed_before) << text;
        EXPECT_EQ(w.engine().calls, engine_before) << text;
        auto got = w.received("telegram", "777001");
        EXPECT_EQ(got.size(), 1u) << text;
        return got.empty() ? std::string() : got[0].message.text;
    }

    DeskWorld w{shipped_desk_config()};
    TicketId id = w.report(kMario, "network", "P3", "VPN drops every five minutes");
};

}  // namespace

TEST_F(RequesterWords, StatusWhileQueuedSaysSoWithTheResponseTarget) {
    EXPECT_EQ(ask("status"), id.str() + " (VPN drops every five minutes) is in our queue and the next available colleague "
                                        "will pick it up. We aim to reply by 12:00 today (UTC).");
    EXPECT_EQ(ask("/status"), ask("Status?"));
    EXPECT_EQ(w.ticket(id).status, TicketStatus::escalated);
}

TEST_F(RequesterWords, StatusWhileClaimedNamesTheAgentThenTheResolutionTarget) {
    w.click(kAlice, kDeskSlack, claim_payload(id));
    EXPECT_EQ(ask("status"), "Alice Romano from the IT service desk is working on " + id.str() +
                                 " (VPN drops every five minutes). We aim to reply by 12:00 today (UTC).");
    w.text(kAlice, kDeskSlack, "reply " + id.str() + " Looking at it now");
    // P3: resolved within 24 hours of the report.
    EXPECT_EQ(ask("my tickets"), "Alice Romano from the IT service desk is working on " + id.str() +
                                     " (VPN drops every five minutes). We aim to have it resolved by 09:00 tomorrow (UTC).");
}

TEST_F(RequesterWords, StatoWhilePendingAnswersInItalianAndLeavesTheClockPaused) {
    DeskWorld it{shipped_desk_config()};
    const TicketId ticket = it.report(kMario, "network", "P3", "La VPN cade", "it");
    it.click(kAlice, kDeskSlack, claim_payload(ticket));
    it.text(kAlice, kDeskSlack, "pending " + ticket.str() + " Quale versione del client usi?");
    it.forget_delivered();
    it.text(kMario, kMarioChat, "stato");
    auto got = it.received("telegram", "777001");
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].message.text, "Alice Romano del service desk IT aspetta una tua risposta su " + ticket.str() +
                                       " (La VPN cade): rispondi pure qui. I tempi di risoluzione restano sospesi finché non ci rispondi.");
    EXPECT_EQ(it.ticket(ticket).status, TicketStatus::pending_user);  // not an answer to the question
    EXPECT_EQ(it.journal_count(ticket, "relay_in"), 0);
}

TEST_F(RequesterWords, HelpExplainsWhoReadsTheirMessagesAndWhichWordsWork) {
    const std::string queued = ask("help");
    EXPECT_EQ(queued, "Everything you write here is added to " + id.str() +
                          " and goes to the IT service desk colleague who picks it up, so just tell us anything that "
                          "might help. Type *status* to see where it stands, or *help* to read this again.");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    const std::string claimed = ask("/help");
    EXPECT_EQ(claimed, "Everything you write here goes to Alice Romano, who is looking after " + id.str() +
                           ", so just reply as you would to a colleague. Type *status* to see where it stands, or "
                           "*help* to read this again.");
    EXPECT_EQ(ask("aiuto"), claimed);  // both languages' words work; the answer is in the ticket's
}

TEST_F(RequesterWords, AiutoInItalian) {
    DeskWorld it{shipped_desk_config()};
    const TicketId ticket = it.report(kMario, "network", "P3", "La VPN cade", "it");
    it.forget_delivered();
    it.text(kMario, kMarioChat, "aiuto");
    const std::string got = it.received("telegram", "777001").at(0).message.text;
    EXPECT_EQ(got, "Tutto quello che scrivi qui viene aggiunto a " + ticket.str() +
                       " e arriva al collega del service desk IT che lo prenderà in carico, quindi raccontaci pure tutto "
                       "ciò che può essere utile. Scrivi *stato* per sapere a che punto è, oppure *aiuto* per rileggere "
                       "questo messaggio.");
}

TEST_F(RequesterWords, EverythingElseIsStillRelayed) {
    w.click(kAlice, kDeskSlack, claim_payload(id));
    w.forget_delivered();
    w.text(kMario, kMarioChat, "status of the VPN icon is red");
    w.text(kMario, kMarioChat, "help me please, I have a deadline");
    EXPECT_EQ(w.journal_count(id, "relay_in"), 2);
    EXPECT_EQ(w.received("slack", "C0SERVICEDESK").size(), 2u);
    EXPECT_TRUE(w.received("telegram", "777001").empty());
}
