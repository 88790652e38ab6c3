// Times on cards, in `show` and in what the requester reads, each on its reader's clock (issues 17
// and 18): the rooms in the desk's zone, an agent in the zone of the agents file, the requester in
// the zone their browser or profile gave (an unknown zone ignored); each running SLA clock with its
// due time and time left, overdue and paused clocks, met clocks no longer listed.
#include <gtest/gtest.h>

#include <memory>

#include "core/time_words.hpp"
#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "tests/unit/handoff/shipped_people.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using namespace frontline::handoff::testing_support::shipped;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

const Identity kEnzoWeb{"webchat", "enzo"};  // L2, service desk, Europe/London in the agents file

DeskSettings rome_settings() {
    DeskSettings s = default_settings();
    auto bytes = system_zones()("Europe/Rome");
    EXPECT_TRUE(bytes);
    auto zone = TimeZone::from_tzif(*bytes, "Europe/Rome");
    EXPECT_TRUE(zone);
    s.time_zone = std::make_shared<const TimeZone>(*zone);
    return s;
}

std::string last_text(const DeskWorld& w, const std::string& platform, const std::string& conversation) {
    auto got = w.received(platform, conversation);
    return got.empty() ? std::string() : got.back().message.text;
}

class ReaderTimes : public ::testing::Test {
protected:
    // 2026-11-25 09:00 UTC, a Wednesday: 10:00 in Rome, 09:00 in London, 04:00 in New York.
    DeskWorld w{desk_config(read_file("config/agents.example.json"), rome_settings())};
};

}  // namespace

TEST_F(ReaderTimes, TheCardSaysEachRunningClockInTheDesksZone) {
    // P3: first response in 3 h, resolution in 24 h, around the clock (no calendar in the test settings).
    w.report(kMario, "network", "P3", "VPN drops every five minutes");
    const std::string card = w.received("slack", "C0SERVICEDESK").front().message.text;
    EXPECT_TRUE(contains(card, "First response: due 13:00 today (Rome time), in 3 h")) << card;
    EXPECT_TRUE(contains(card, "Resolution: due 10:00 tomorrow (Rome time), in 1 day")) << card;
    EXPECT_FALSE(contains(card, "2026-11-")) << "no raw ISO times: " << card;
}

TEST_F(ReaderTimes, ShowSaysTheTimeLeftOnTheAgentsOwnClockAndOverdueClocks) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops every five minutes");
    w.advance(minutes{50});
    w.text(kEnzoWeb, kWebAgents, "show " + id.str());
    std::string shown = last_text(w, "webchat", "agents");
    EXPECT_TRUE(contains(shown, "First response: due 12:00 today (London time), in 2 h 10 min")) << shown;
    EXPECT_TRUE(contains(shown, "Resolution: due 09:00 tomorrow (London time), in 23 h 10 min")) << shown;

    w.advance(hours{2} + minutes{45});  // 35 minutes past the first-response target
    w.text(kEnzoWeb, kWebAgents, "show " + id.str());
    shown = last_text(w, "webchat", "agents");
    EXPECT_TRUE(contains(shown, "First response: was due 12:00 today (London time), overdue by 35 min")) << shown;
    EXPECT_TRUE(contains(shown, "Resolution: due 09:00 tomorrow (London time), in 20 h 25 min")) << shown;
}

TEST_F(ReaderTimes, APausedClockSaysWhatIsLeftAndAMetClockIsNoLongerListed) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops every five minutes");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    w.advance(hours{1});
    w.text(kAlice, kDeskSlack, "pending " + id.str() + " Which VPN client version do you use?");
    w.advance(hours{5});  // the pause does not count
    w.text(kEnzoWeb, kWebAgents, "show " + id.str());
    const std::string shown = last_text(w, "webchat", "agents");
    EXPECT_FALSE(contains(shown, "First response")) << "answered by the question: " << shown;
    EXPECT_TRUE(contains(shown, "Resolution: paused while we wait for the requester (23 h left)")) << shown;
}

TEST_F(ReaderTimes, TheRequesterReadsTimesInTheZoneTheirBrowserGave) {
    w.report(kMario, "network", "P3", "VPN drops every five minutes");
    InboundEvent e;
    e.event_id = "zone-1";
    e.from = kMario;
    e.where = kMarioChat;
    e.text = "status";
    e.time_zone = "America/New_York";
    e.received_at = w.now();
    w.send(e);
    auto person = w.store().find_person(kMario);
    ASSERT_TRUE(person && *person);
    EXPECT_EQ((*person)->timezone, "America/New_York");
    EXPECT_TRUE(contains(last_text(w, "telegram", "777001"), "We aim to reply by 07:00 today (New York time).")) << last_text(w, "telegram", "777001");

    // A name tzdata does not know changes nothing.
    e.event_id = "zone-2";
    e.time_zone = "Mars/Olympus_Mons";
    w.send(e);
    person = w.store().find_person(kMario);
    ASSERT_TRUE(person && *person);
    EXPECT_EQ((*person)->timezone, "America/New_York");
    EXPECT_TRUE(contains(last_text(w, "telegram", "777001"), "07:00 today (New York time)"));
}

TEST_F(ReaderTimes, WithoutAZoneOfTheirOwnTheRequesterReadsTheDesksInTheirLanguage) {
    w.report(kMario, "network", "P3", "La VPN cade ogni cinque minuti", "it");
    w.text(kMario, kMarioChat, "stato");
    const std::string status = last_text(w, "telegram", "777001");
    EXPECT_TRUE(contains(status, "Contiamo di risponderti entro le 13:00 di oggi (ora di Roma).")) << status;
}

TEST(ReaderTimesDefaults, WithNoDeskZoneTimesAreSaidInUtc) {
    DeskWorld w{shipped_desk_config()};
    w.report(kMario, "network", "P3", "VPN drops every five minutes");
    const std::string card = w.received("slack", "C0SERVICEDESK").front().message.text;
    EXPECT_TRUE(contains(card, "First response: due 12:00 today (UTC), in 3 h")) << card;
}
