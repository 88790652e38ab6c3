// Working hours through the whole Desk: the escalation card and each re-ping mention whoever the
// rule picks at that moment, on a team without an on-call rotation.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;

namespace {

// Rita works 08:30-17:30 in Rome; Leo has the evening, 17:00-22:00 in London. No rotation.
const char* kAgents = R"({
  "teams": [{"id": "desk", "name": "Desk", "rooms": {"slack": "C0DESK", "webchat": "agents"}}],
  "agents": [
    {"handle": "rita", "name": "Rita Neri", "tier": "L2", "teams": ["desk"], "identities": {"slack": "U0RITA"},
     "timezone": "Europe/Rome", "working_hours": {"days": ["mon","tue","wed","thu","fri"], "start": "08:30", "end": "17:30"}},
    {"handle": "leo", "name": "Leo Hart", "tier": "L2", "teams": ["desk"], "identities": {"slack": "U0LEO"},
     "timezone": "Europe/London", "working_hours": {"days": ["mon","tue","wed","thu","fri"], "start": "17:00", "end": "22:00"}}
  ],
  "escalation": {"default": {"team": "desk", "tier": "L2", "mention": "on_call", "reping_minutes": 30,
                             "tier_up_after_minutes": 240}}
})";

const Identity kRita{"slack", "U0RITA"};
const Identity kLeo{"slack", "U0LEO"};

std::vector<Identity> last_slack_mentions(const DeskWorld& w) {
    const auto got = w.received("slack", "C0DESK");
    return got.empty() ? std::vector<Identity>{} : got.back().message.mentions;
}

}  // namespace

TEST(WorkingHoursScenario, TheCardAndEachRepingMentionWhoeverIsAtWorkThen) {
    DeskWorld w{desk_config(kAgents)};
    w.advance(std::chrono::hours{7});  // the world starts on Wednesday 2026-11-25 09:00 UTC: now 16:00
    const TicketId id = w.report({"telegram", "777001"}, "network", "P3", "VPN drops every five minutes");

    // 17:00 in Rome, 16:00 in London: only Rita is at work.
    EXPECT_EQ(last_slack_mentions(w), (std::vector<Identity>{kRita}));
    bool journalled = false;
    for (const auto& e : w.journal(id))
        if (e.kind == "escalation_ping")
            journalled = nlohmann::json::parse(e.details)["mentions"] == nlohmann::json::array({"rita"});
    EXPECT_TRUE(journalled);

    // 16:30 UTC: Rita has left (17:30 in Rome), Leo starts at 17:00: nobody, so both.
    w.advance(std::chrono::minutes{30});
    ASSERT_EQ(w.fire_due_timers(), 1);
    EXPECT_EQ(w.journal_count(id, "reping"), 1);
    EXPECT_EQ(last_slack_mentions(w), (std::vector<Identity>{kRita, kLeo}));

    // 17:00 UTC: Leo's evening has begun.
    w.advance(std::chrono::minutes{30});
    ASSERT_EQ(w.fire_due_timers(), 1);
    EXPECT_EQ(last_slack_mentions(w), (std::vector<Identity>{kLeo}));
}
