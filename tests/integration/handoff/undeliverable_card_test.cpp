// A card that cannot arrive (the room does not exist, the platform refuses it): the outbox reports
// it back to the Desk, the agents in the team's other rooms are told where it failed, and when no
// room of the team shows the card the requester is told plainly that nobody has seen it yet,
// in their language, once.
#include <gtest/gtest.h>

#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "tests/unit/handoff/shipped_people.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using namespace frontline::handoff::testing_support::shipped;

namespace {

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

int count_with(const std::vector<Delivered>& ds, const std::string& needle) {
    int n = 0;
    for (const auto& d : ds) n += contains(d.message.text, needle) ? 1 : 0;
    return n;
}

}  // namespace

TEST(UndeliverableCard, TheAgentsInTheOtherRoomAreToldWhereTheCardFailedAndWhy) {
    DeskWorld w(shipped_desk_config());
    w.refuse_room("slack", "C0SECURITY");  // the security team's rooms: this one and the web chat's
    const TicketId id = w.report(kMario, "security", "P2", "Phishing mail with my password");
    const auto web = w.received("webchat", "agents");
    EXPECT_EQ(count_with(web, "could not be posted in slack:C0SECURITY (channel_not_found)"), 1) << web.size();
    EXPECT_EQ(w.journal_count(id, "card_undeliverable"), 1);
    EXPECT_EQ(w.journal_count(id, "no_agent_reachable"), 0) << "the web chat's room has the card";
    EXPECT_EQ(count_with(w.received("telegram", "777001"), "couldn't reach"), 0);
    EXPECT_EQ(count_with(w.received("telegram", "777001"), "someone will get back to you"), 1) << "the promise stands";
}

TEST(UndeliverableCard, WhenNoRoomShowsTheCardTheRequesterIsToldOnceInTheirLanguage) {
    DeskWorld w(shipped_desk_config());
    w.refuse_room("slack", "C0SECURITY");
    w.refuse_room("webchat", "agents");
    const TicketId id = w.report(kMario, "security", "P2", "Phishing mail with my password", "it");
    const auto mario = w.received("telegram", "777001");
    EXPECT_EQ(count_with(mario, "non riesco a raggiungere la chat del team IT"), 1);
    EXPECT_EQ(count_with(mario, "nessuno ha ancora visto " + id.str()), 1) << "the ticket named";
    EXPECT_EQ(w.journal_count(id, "card_undeliverable"), 2);
    EXPECT_EQ(w.journal_count(id, "no_agent_reachable"), 1);
    // The next failure (a re-ping into the same dead rooms) does not tell the requester again.
    w.advance(std::chrono::minutes{30});
    w.fire_due_timers();
    EXPECT_EQ(count_with(w.received("telegram", "777001"), "non riesco a raggiungere"), 1);
}

TEST(UndeliverableCard, ATeamWithoutAnyRoomOnARunningPlatformPromisesNoAgent) {
    DeskSettings only_telegram;
    only_telegram.platforms = {{"telegram", PlatformCapabilities{}}};  // the security team has no Telegram room
    DeskWorld w(shipped_desk_config(only_telegram));
    const TicketId id = w.report(kMario, "security", "P2", "Phishing mail with my password");
    const auto mario = w.received("telegram", "777001");
    EXPECT_EQ(count_with(mario, "I couldn't reach the IT team's chat just now, so nobody has seen " + id.str()), 1);
    EXPECT_EQ(count_with(mario, "someone will get back to you"), 0) << "the engine's promise was withdrawn before it went out";
    EXPECT_EQ(count_with(mario, "Logged " + id.str()), 0);
    EXPECT_EQ(w.journal_count(id, "no_agent_reachable"), 1);
}
