// Whom an escalation ping mentions at a given moment: on-call first, else the agents in their
// working hours (on their own clocks), else the whole team; the security officer on every breach.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/handoff/mentions.hpp"
#include "handoff_test_support.hpp"

using namespace frontline;
using namespace frontline::handoff;
using nlohmann::json;

namespace {

// Rita works 08:30-17:30 in Rome, Leo 09:00-17:00 in London, Sara (L3) 08:00-16:00 in Rome, all
// Monday to Friday. Team "desk" has no rotation; team "rota" has the same people with Leo on call.
const char* kAgents = R"({
  "teams": [
    {"id": "desk", "rooms": {"webchat": "agents"}},
    {"id": "rota", "rooms": {"webchat": "agents"}, "on_call": {"starts": "2026-11-02", "weeks": [["leo"]]}},
    {"id": "security", "rooms": {"webchat": "agents"}}
  ],
  "agents": [
    {"handle": "rita", "name": "Rita", "tier": "L2", "teams": ["desk", "rota"], "identities": {"webchat": "rita"},
     "timezone": "Europe/Rome", "working_hours": {"days": ["mon","tue","wed","thu","fri"], "start": "08:30", "end": "17:30"}},
    {"handle": "leo", "name": "Leo", "tier": "L2", "teams": ["desk", "rota"], "identities": {"webchat": "leo"},
     "timezone": "Europe/London", "working_hours": {"days": ["mon","tue","wed","thu","fri"], "start": "09:00", "end": "17:00"}},
    {"handle": "sara", "name": "Sara", "tier": "L3", "teams": ["desk", "rota"], "identities": {"webchat": "sara"},
     "timezone": "Europe/Rome", "working_hours": {"days": ["mon","tue","wed","thu","fri"], "start": "08:00", "end": "16:00"}},
    {"handle": "dana", "name": "Dana", "tier": "L3", "teams": ["security"], "identities": {"webchat": "dana"},
     "timezone": "Europe/Rome", "working_hours": {"days": ["mon","tue","wed","thu","fri"], "start": "09:00", "end": "18:00"}}
  ],
  "security_officer": "dana"
})";

class Mentions : public ::testing::Test {
protected:
    Mentions() {
        auto d = AgentsDirectory::from_text(kAgents, "agents.json");
        EXPECT_TRUE(d) << d.error().message;
        dir_ = std::move(*d);
        auto zones = dir_.resolve_time_zones(testing_support::system_zones(), "agents.json");
        EXPECT_TRUE(zones) << zones.error().message;
    }

    /// Handles mentioned, in directory order, for a ping at `iso`.
    std::vector<std::string> who(const char* team, const char* iso, Tier tier = Tier::l2,
                                 MentionMode mode = MentionMode::on_call, bool breach = false) const {
        std::vector<std::string> out;
        for (const Agent* a : agents_to_mention(dir_, *dir_.team(team), tier, mode, breach, *parse_iso8601(iso)))
            out.push_back(a->handle);
        return out;
    }

    using Handles = std::vector<std::string>;
    AgentsDirectory dir_;
};

}  // namespace

TEST_F(Mentions, OnCallAgentsWinEvenOutsideTheirHours) {
    // Wednesday 08:00 UTC: Rita (09:00 in Rome) is at work, Leo (08:00 in London) not yet, but on call.
    EXPECT_EQ(who("rota", "2026-11-25T08:00:00Z"), (Handles{"leo"}));
    EXPECT_EQ(who("rota", "2026-11-28T03:00:00Z"), (Handles{"leo"}));  // Saturday night
}

TEST_F(Mentions, WithoutOnCallOnlyThoseInTheirHoursAreMentioned) {
    EXPECT_EQ(who("desk", "2026-11-25T08:00:00Z"), (Handles{"rita", "sara"}));  // 09:00 in Rome, 08:00 in London
    EXPECT_EQ(who("desk", "2026-11-25T12:00:00Z"), (Handles{"rita", "leo", "sara"}));
    EXPECT_EQ(who("desk", "2026-11-25T16:45:00Z"), (Handles{"leo"}));  // 17:45 in Rome, 16:45 in London
}

TEST_F(Mentions, NobodyInTheirHoursMeansTheWholeTeamSoAPingIsNeverSilent) {
    EXPECT_EQ(who("desk", "2026-11-28T12:00:00Z"), (Handles{"rita", "leo", "sara"}));  // Saturday
    EXPECT_EQ(who("desk", "2026-11-25T03:00:00Z"), (Handles{"rita", "leo", "sara"}));  // Wednesday night
}

TEST_F(Mentions, RitasHalfPastEightFollowsRomesDaylightSaving) {
    // Monday 06:30 UTC: 08:30 in Rome in late March (CEST), 07:30 in late October (CET).
    EXPECT_EQ(who("desk", "2026-03-30T06:30:00Z"), (Handles{"rita", "sara"}));
    EXPECT_EQ(who("desk", "2026-03-30T06:29:00Z"), (Handles{"sara"}));
    EXPECT_EQ(who("desk", "2026-10-26T06:30:00Z"), (Handles{"rita", "leo", "sara"}));  // nobody yet: everybody
    EXPECT_EQ(who("desk", "2026-10-26T07:30:00Z"), (Handles{"rita", "sara"}));
}

TEST_F(Mentions, OnlyAgentsOfTheTicketsTierCount) {
    // An L3 ticket: Leo (L2) is on call but below the tier, so Sara is chosen by her hours ...
    EXPECT_EQ(who("rota", "2026-11-25T08:00:00Z", Tier::l3), (Handles{"sara"}));
    // ... and out of her hours she is still the whole L3 team.
    EXPECT_EQ(who("rota", "2026-11-25T16:30:00Z", Tier::l3), (Handles{"sara"}));
    EXPECT_EQ(who("desk", "2026-11-25T16:45:00Z", Tier::l3), (Handles{"sara"}));
}

TEST_F(Mentions, TeamModeMentionsEverybodyAndNoneNobody) {
    EXPECT_EQ(who("rota", "2026-11-28T03:00:00Z", Tier::l2, MentionMode::team), (Handles{"rita", "leo", "sara"}));
    EXPECT_TRUE(who("rota", "2026-11-25T12:00:00Z", Tier::l2, MentionMode::none).empty());
}

TEST_F(Mentions, TheSecurityOfficerIsAlwaysMentionedOnABreach) {
    // Saturday night, Dana out of her hours; in her own team she is not mentioned twice.
    EXPECT_EQ(who("desk", "2026-11-28T03:00:00Z", Tier::l3, MentionMode::on_call, true), (Handles{"sara", "dana"}));
    EXPECT_EQ(who("rota", "2026-11-25T12:00:00Z", Tier::l2, MentionMode::none, true), (Handles{"dana"}));
    EXPECT_EQ(who("security", "2026-11-28T03:00:00Z", Tier::l3, MentionMode::team, true), (Handles{"dana"}));
    EXPECT_EQ(who("desk", "2026-11-25T08:00:00Z", Tier::l2, MentionMode::on_call, false), (Handles{"rita", "sara"}));
}
