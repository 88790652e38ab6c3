// A requester who blocks the bot (Telegram answers 403 "bot was blocked by the user"): the outbox
// reports the failed message as undeliverable with recipient_unreachable. The ticket stays where it
// is, its journal marks the requester unreachable, and the agents on the card are told once to reach
// them another way; once the requester writes again and later blocks the bot again, they are told again.
#include <gtest/gtest.h>

#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "tests/unit/handoff/shipped_people.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using namespace frontline::handoff::testing_support::shipped;

namespace {

int count_with(const std::vector<Delivered>& ds, const std::string& needle) {
    int n = 0;
    for (const auto& d : ds) n += d.message.text.find(needle) != std::string::npos ? 1 : 0;
    return n;
}

constexpr const char* kNotice = "can no longer be reached on telegram";

}  // namespace

TEST(UnreachableRequester, TheTicketStaysAndTheAgentsAreToldOnce) {
    DeskWorld w(shipped_desk_config());
    const TicketId id = w.report(kMario, "network", "P3", "Wi-Fi drops every few minutes");
    w.block_bot(kMarioChat);
    w.click(kAlice, kDeskSlack, claim_payload(id));  // "Alice is on it" to Mario fails: he blocked the bot

    EXPECT_EQ(w.ticket(id).status, TicketStatus::in_progress) << "the ticket is kept";
    EXPECT_EQ(w.journal_count(id, "requester_unreachable"), 1);
    const auto room = w.received("slack", "C0SERVICEDESK");
    EXPECT_EQ(count_with(room, kNotice), 1);
    EXPECT_EQ(count_with(room, id.str()), static_cast<int>(room.size())) << "every line names the ticket";
    EXPECT_EQ(count_with(w.received("telegram", "777001"), "Alice"), 0) << "nothing reached Mario";

    // The agent's next words to Mario fail as well: journalled once, announced once.
    w.text(kAlice, kDeskSlack, "reply " + id.str() + " Does it drop on the guest network too?");
    EXPECT_EQ(w.journal_count(id, "requester_unreachable"), 1);
    EXPECT_EQ(count_with(w.received("slack", "C0SERVICEDESK"), kNotice), 1);
    EXPECT_EQ(w.ticket(id).status, TicketStatus::in_progress);
}

TEST(UnreachableRequester, WritingAgainClearsTheMarkSoALaterBlockIsAnnouncedAgain) {
    DeskWorld w(shipped_desk_config());
    const TicketId id = w.report(kMario, "network", "P3", "Wi-Fi drops every few minutes");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    w.block_bot(kMarioChat);
    w.text(kAlice, kDeskSlack, "reply " + id.str() + " Does it drop on the guest network too?");
    ASSERT_EQ(w.journal_count(id, "requester_unreachable"), 1);

    w.unblock(kMarioChat);
    w.text(kMario, kMarioChat, "sorry, I had blocked you by mistake: yes, the guest network too");
    ASSERT_GE(w.journal_count(id, "relay_in"), 1);
    w.block_bot(kMarioChat);
    w.text(kAlice, kDeskSlack, "reply " + id.str() + " Thanks, I'm resetting the access point now.");
    EXPECT_EQ(w.journal_count(id, "requester_unreachable"), 2);
    EXPECT_EQ(count_with(w.received("slack", "C0SERVICEDESK"), kNotice), 2);
}

TEST(UnreachableRequester, AnAgentsRoomThatRefusesUsIsACardProblemNotARequesterOne) {
    DeskWorld w(shipped_desk_config());
    w.block_bot(kDeskSlack);  // the platform says "unreachable" for a room: not the requester's conversation
    const TicketId id = w.report(kMario, "network", "P3", "Wi-Fi drops every few minutes");
    EXPECT_EQ(w.journal_count(id, "requester_unreachable"), 0);
    EXPECT_GE(w.journal_count(id, "card_undeliverable"), 1);
}
