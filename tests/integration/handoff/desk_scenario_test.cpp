// Multi-party hand-off scenarios on a real SQLite file: a requester on Telegram, agents on Slack and
// in the web chat's agents room, the Desk routing between them.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <memory>

#include <nlohmann/json.hpp>

#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "tests/unit/handoff/shipped_people.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using namespace frontline::handoff::testing_support::shipped;

namespace {

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

std::vector<std::string> texts(const std::vector<Delivered>& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds) out.push_back(d.message.text);
    return out;
}

class DeskScenario : public ::testing::Test {
protected:
    DeskWorld w{shipped_desk_config()};
};

}  // namespace

TEST_F(DeskScenario, EscalationPingsEveryRoomOfTheTeamWithACardAndButtons) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops every five minutes");
    EXPECT_EQ(w.ticket(id).status, TicketStatus::escalated);
    for (const auto& [platform, room] : std::vector<std::pair<std::string, std::string>>{
             {"slack", "C0SERVICEDESK"}, {"webchat", "agents"}, {"telegram", "-1001234567890"}, {"matrix", "!servicedesk:example.org"}}) {
        auto got = w.received(platform, room);
        ASSERT_EQ(got.size(), 1u) << platform;
        const auto& card = got[0].message;
        EXPECT_TRUE(contains(card.text, id.str())) << card.text;
        EXPECT_TRUE(contains(card.text, "VPN drops every five minutes"));
        EXPECT_TRUE(contains(card.text, "P3"));
        EXPECT_TRUE(contains(card.text, "Mario Bianchi"));
        EXPECT_TRUE(contains(card.text, "First response: due"));
        ASSERT_EQ(card.choices.size(), 2u);
        EXPECT_EQ(card.choices[0].payload, claim_payload(id));
        EXPECT_EQ(card.choices[1].payload, escalate_payload(id));
        EXPECT_EQ(card.priority, OutboxPriority::urgent);
        if (platform == "matrix") {
            EXPECT_TRUE(contains(card.text, "claim " + id.str()));
        }
    }
    // Alice is on call this week: she is the one mentioned on Slack.
    auto slack_card = w.received("slack", "C0SERVICEDESK")[0].message;
    ASSERT_EQ(slack_card.mentions.size(), 1u);
    EXPECT_EQ(slack_card.mentions[0], kAlice);
    EXPECT_EQ(w.journal_count(id, "escalation_ping"), 1);
    EXPECT_EQ(w.engine().calls, 1);
}

TEST_F(DeskScenario, FullHandOffAcrossPlatformsFromClaimToConfirmedClosure) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops every five minutes");
    w.forget_delivered();

    // Claim with the card's button on Slack.
    w.click(kAlice, kDeskSlack, claim_payload(id));
    Ticket t = w.ticket(id);
    EXPECT_EQ(t.status, TicketStatus::in_progress);
    EXPECT_EQ(t.assignee, "alice");
    auto to_mario = w.received("telegram", "777001");
    ASSERT_EQ(to_mario.size(), 1u);
    EXPECT_TRUE(contains(to_mario[0].message.text, "Alice Romano")) << to_mario[0].message.text;
    auto updates = w.received("slack", "C0SERVICEDESK");
    ASSERT_FALSE(updates.empty());
    EXPECT_EQ(updates[0].message.replaces, id.str() + "/card/slack:C0SERVICEDESK");  // the card changes in place
    EXPECT_TRUE(contains(updates[0].message.text, "Claimed by Alice Romano"));
    w.forget_delivered();

    // The requester writes on Telegram: it lands in the card's thread on Slack.
    w.text(kMario, kMarioChat, "It happens on the office Wi-Fi too");
    const std::string thread = w.card_thread(id, "slack", "C0SERVICEDESK");
    ASSERT_FALSE(thread.empty());
    auto in_thread = w.received("slack", "C0SERVICEDESK");
    ASSERT_EQ(in_thread.size(), 1u);
    EXPECT_EQ(in_thread[0].message.to.thread, thread);
    EXPECT_TRUE(contains(in_thread[0].message.text, "It happens on the office Wi-Fi too"));
    EXPECT_EQ(in_thread[0].message.mentions, std::vector<Identity>{kAlice});
    EXPECT_TRUE(w.received("telegram", "777001").empty());  // claimed: no "queued" notice
    w.forget_delivered();

    // Alice answers in the thread with the short form; internal chatter stays internal.
    w.text(kAlice, kDeskSlack, "r Could you try the wired network for a moment?", thread);
    w.text(kAlice, kDeskSlack, "I bet it's the concentrator again", thread);
    auto replies = w.received("telegram", "777001");
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_TRUE(contains(replies[0].message.text, "Alice Romano"));
    EXPECT_TRUE(contains(replies[0].message.text, "Could you try the wired network for a moment?"));
    auto confirmations = w.received("slack", "C0SERVICEDESK");
    ASSERT_EQ(confirmations.size(), 1u);
    EXPECT_TRUE(contains(confirmations[0].message.text, "✓ Sent to Mario Bianchi"));
    EXPECT_EQ(confirmations[0].message.to.thread, thread);
    EXPECT_EQ(w.ticket(id).first_response_at, w.now());
    w.forget_delivered();

    // Resolved from the thread: the requester gets the resolution with Yes / No.
    w.advance(std::chrono::minutes{30});
    w.text(kAlice, kDeskSlack, "resolve workaround Reinstalled the VPN profile", thread);
    EXPECT_EQ(w.ticket(id).status, TicketStatus::resolved);
    auto resolved = w.received("telegram", "777001");
    ASSERT_EQ(resolved.size(), 1u);
    EXPECT_TRUE(contains(resolved[0].message.text, "Reinstalled the VPN profile"));
    ASSERT_EQ(resolved[0].message.choices.size(), 2u);
    EXPECT_EQ(resolved[0].message.choices[0].label, "Yes, it works");
    EXPECT_EQ(resolved[0].message.choices[1].label, "No, still broken");
    w.forget_delivered();

    // "Yes, it works" closes it.
    w.click(kMario, kMarioChat, confirm_payload(id, true));
    t = w.ticket(id);
    EXPECT_EQ(t.status, TicketStatus::closed);
    // The question loses its buttons and shows the answer; then the requester hears it is closed.
    auto after_yes = w.received("telegram", "777001");
    ASSERT_EQ(after_yes.size(), 2u);
    EXPECT_EQ(after_yes[0].message.replaces, resolved[0].message.message_key);
    EXPECT_TRUE(after_yes[0].message.choices.empty());
    EXPECT_TRUE(contains(after_yes[0].message.text, "Reinstalled the VPN profile"));
    EXPECT_TRUE(contains(after_yes[0].message.text, "Your answer: *Yes, it works*")) << after_yes[0].message.text;
    EXPECT_TRUE(contains(after_yes[1].message.text, "closed"));

    // The journal tells the whole story, in order.
    std::vector<std::string> kinds;
    for (const auto& e : w.journal(id)) kinds.push_back(e.kind);
    const std::vector<std::string> expected_in_order = {"escalation_ping", "claim", "relay_in", "relay_out", "resolution", "confirmed"};
    auto it = kinds.begin();
    for (const auto& k : expected_in_order) {
        it = std::find(it, kinds.end(), k);
        EXPECT_NE(it, kinds.end()) << "journal lacks " << k << " in order";
    }
    EXPECT_EQ(w.journal_count(id, "relay_out"), 1);  // the internal remark was not relayed
    EXPECT_EQ(w.journal_count(id, "status"), 4);     // escalated, in_progress, resolved, closed
}

TEST_F(DeskScenario, ClaimByTypedCommandInTheWebChatAgentsRoom) {
    const TicketId id = w.report(kMario, "email", "P4", "Outlook asks for my password all the time", "it");
    w.forget_delivered();
    w.text(kBrunoWeb, kWebAgents, "/claim " + id.str());
    EXPECT_EQ(w.ticket(id).assignee, "bruno");
    auto to_mario = w.received("telegram", "777001");
    ASSERT_EQ(to_mario.size(), 1u);
    EXPECT_TRUE(contains(to_mario[0].message.text, "Bruno Esposito")) << to_mario[0].message.text;
    EXPECT_TRUE(contains(to_mario[0].message.text, "ha preso in carico"));  // the requester's language
    // Bruno has no thread in the web chat: he names the ticket.
    w.forget_delivered();
    w.text(kBrunoWeb, kWebAgents, "reply " + id.str() + " Hai cambiato la password di recente?");
    ASSERT_EQ(w.received("telegram", "777001").size(), 1u);
    EXPECT_TRUE(contains(w.received("webchat", "agents").at(0).message.text, "✓"));
}

TEST_F(DeskScenario, AgentAlreadyClaimedIsToldWhoHasIt) {
    const TicketId id = w.report(kMario, "network", "P3", "No network on floor 2");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    w.forget_delivered();
    w.click(kChiara, kDeskSlack, claim_payload(id));
    EXPECT_EQ(w.ticket(id).assignee, "alice");
    auto told = w.received("slack", "C0SERVICEDESK");
    ASSERT_EQ(told.size(), 1u);
    EXPECT_TRUE(contains(told[0].message.text, "already being handled by Alice Romano"));
    EXPECT_TRUE(w.received("telegram", "777001").empty());
    EXPECT_EQ(w.journal_count(id, "claim"), 1);
}

TEST_F(DeskScenario, RequesterWaitingInTheQueueIsToldAndTheirWordsJoinTheTicket) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    w.forget_delivered();
    w.text(kMario, kMarioChat, "Also my colleague Anna has the same issue");
    auto told = w.received("telegram", "777001");
    ASSERT_EQ(told.size(), 1u);
    EXPECT_TRUE(contains(told[0].message.text, "added that to " + id.str()));
    EXPECT_TRUE(contains(told[0].message.text, "we aim to reply by 12:00 today (UTC)"));  // P3 response target: 3 hours
    EXPECT_EQ(w.journal_count(id, "relay_in"), 1);
    EXPECT_TRUE(contains(w.received("slack", "C0SERVICEDESK").at(0).message.text, "Anna has the same issue"));
    EXPECT_EQ(w.engine().calls, 1);  // the L1 engine never saw it
}

TEST_F(DeskScenario, RelayBothWaysLosesNothingAndKeepsOrder) {
    const TicketId id = w.report(kMario, "application", "P3", "SAP crashes on export");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    const std::string thread = w.card_thread(id, "slack", "C0SERVICEDESK");
    w.forget_delivered();
    for (int i = 0; i < 40; ++i) {
        w.text(kMario, kMarioChat, "user message " + std::to_string(i));
        w.text(kAlice, kDeskSlack, "r agent message " + std::to_string(i), thread);
    }
    std::vector<std::string> at_mario, in_thread;
    for (const auto& d : w.received("telegram", "777001")) at_mario.push_back(d.message.text);
    for (const auto& d : w.received("slack", "C0SERVICEDESK"))
        if (contains(d.message.text, "user message")) in_thread.push_back(d.message.text);
    ASSERT_EQ(at_mario.size(), 40u);
    ASSERT_EQ(in_thread.size(), 40u);
    for (int i = 0; i < 40; ++i) {
        EXPECT_TRUE(contains(at_mario[i], "agent message " + std::to_string(i))) << at_mario[i];
        EXPECT_TRUE(contains(in_thread[i], "user message " + std::to_string(i))) << in_thread[i];
    }
    EXPECT_EQ(w.journal_count(id, "relay_in"), 40);
    EXPECT_EQ(w.journal_count(id, "relay_out"), 40);
}

TEST_F(DeskScenario, NotesAndThreadTalkNeverReachTheRequesterInExplicitMode) {
    const TicketId id = w.report(kMario, "hardware", "P4", "Docking station dead");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    const std::string thread = w.card_thread(id, "slack", "C0SERVICEDESK");
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "note " + id.str() + " user is a VIP, be quick");
    w.text(kAlice, kDeskSlack, "note the spare docks are in room 2.14", thread);
    w.text(kChiara, kDeskSlack, "Did you check the firmware?", thread);
    w.text(kAlice, kDeskSlack, "yes, still dead", thread);
    EXPECT_TRUE(w.received("telegram", "777001").empty());
    EXPECT_EQ(w.journal_count(id, "note"), 2);
    EXPECT_EQ(w.journal_count(id, "relay_out"), 0);
}

TEST(DeskThreadMode, ThreadMessagesGoOutExceptThoseWithTheNoteMarker) {
    auto root = nlohmann::json::parse(read_file("config/agents.example.json"));
    root["teams"][0]["relay_mode"] = "thread";
    root["teams"][0]["note_marker"] = "//";
    DeskWorld w(desk_config(root.dump()));
    const TicketId id = w.report(kMario, "hardware", "P4", "Docking station dead");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    const std::string thread = w.card_thread(id, "slack", "C0SERVICEDESK");
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "Is the dock's light on?", thread);
    w.text(kAlice, kDeskSlack, "// probably the PSU", thread);
    auto got = w.received("telegram", "777001");
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(contains(got[0].message.text, "Is the dock's light on?"));
    EXPECT_EQ(w.journal_count(id, "note"), 1);
    EXPECT_EQ(w.journal_count(id, "relay_out"), 1);
}

TEST_F(DeskScenario, NonAgentsAreRefusedPolitelyAndNothingChanges) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    w.forget_delivered();
    const Ticket before = w.ticket(id);

    w.text(kMario, kMarioChat, "claim " + id.str());              // the requester trying an agent command
    w.text(kMario, kMarioChat, "/close " + id.str());
    const Identity stranger{"slack", "U0STRANGER"};
    w.click(stranger, kDeskSlack, claim_payload(id));              // a non-agent in the agents' channel
    w.text(stranger, kDeskSlack, "resolve " + id.str() + " fixed done");
    w.text(stranger, kDeskSlack, "hello, is this the IT channel?"); // chat in the room: ignored, no engine

    const Ticket after = w.ticket(id);
    EXPECT_EQ(after.status, before.status);
    EXPECT_TRUE(after.assignee.empty());
    // Mario's two attempts are on his own ticket's record; the stranger, not on the ticket, writes
    // nothing into its journal (ids are sequential: anyone could otherwise fill any ticket's history).
    EXPECT_EQ(w.journal_count(id, "refused"), 2);
    auto to_mario = w.received("telegram", "777001");
    ASSERT_EQ(to_mario.size(), 2u);
    for (const auto& d : to_mario) EXPECT_TRUE(contains(d.message.text, "only for the IT service desk team"));
    EXPECT_EQ(w.received("slack", "C0SERVICEDESK").size(), 2u);  // two refusals, nothing for the chat line
    EXPECT_EQ(w.engine().calls, 1);
}

TEST_F(DeskScenario, RequesterCannotConfirmSomeoneElsesTicket) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    w.text(kAlice, kDeskSlack, "resolve " + id.str() + " fixed Replaced the cable");
    const Identity other{"telegram", "999"};
    w.click(other, Address{"telegram", "999", ""}, confirm_payload(id, true));
    EXPECT_EQ(w.ticket(id).status, TicketStatus::resolved);
    EXPECT_EQ(w.journal_count(id, "refused"), 0);  // someone not on the ticket never writes into it
}

TEST_F(DeskScenario, NoStillBrokenReopensAndPingsTheAssignee) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    w.text(kAlice, kDeskSlack, "resolve " + id.str() + " workaround Reinstalled the client");
    w.forget_delivered();
    w.advance(std::chrono::hours{2});
    w.click(kMario, kMarioChat, confirm_payload(id, false));
    Ticket t = w.ticket(id);
    EXPECT_EQ(t.status, TicketStatus::in_progress);
    EXPECT_EQ(t.assignee, "alice");
    EXPECT_FALSE(t.resolved_at);
    EXPECT_TRUE(contains(w.received("telegram", "777001").at(0).message.text, "Your answer: *No, still broken*"));
    EXPECT_TRUE(contains(w.received("telegram", "777001").at(1).message.text, "reopened"));
    bool pinged = false;
    for (const auto& d : w.received("slack", "C0SERVICEDESK"))
        if (contains(d.message.text, "still not working") && d.message.mentions == std::vector<Identity>{kAlice}) pinged = true;
    EXPECT_TRUE(pinged);
    // Typed "no" works the same way after the next resolution.
    w.text(kAlice, kDeskSlack, "resolve " + id.str() + " fixed Replaced the router");
    w.text(kMario, kMarioChat, "No");
    EXPECT_EQ(w.ticket(id).status, TicketStatus::in_progress);
    EXPECT_EQ(w.journal_count(id, "confirmed"), 2);
}

TEST_F(DeskScenario, ResolvedTicketClosesItselfAfterTheQuietPeriod) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    w.text(kAlice, kDeskSlack, "resolve " + id.str() + " fixed Replaced the cable");
    w.forget_delivered();
    w.advance(std::chrono::hours{24 * 2});
    w.fire_due_timers();
    EXPECT_EQ(w.ticket(id).status, TicketStatus::resolved);  // two days: still waiting for the requester
    w.advance(std::chrono::hours{24} + std::chrono::minutes{1});
    w.fire_due_timers();
    EXPECT_EQ(w.ticket(id).status, TicketStatus::closed);
    EXPECT_EQ(w.journal_count(id, "auto_close"), 1);
    bool told = false;
    bool buttons_retired = false;
    for (const auto& d : w.received("telegram", "777001")) {
        told |= contains(d.message.text, "haven't heard back");
        // Nobody answered: the question stays as it was, without buttons that could no longer work.
        buttons_retired |= d.message.replaces == id.str() + "/confirm" && d.message.choices.empty() &&
                           contains(d.message.text, "Replaced the cable") && !contains(d.message.text, "Your answer");
    }
    EXPECT_TRUE(told);
    EXPECT_TRUE(buttons_retired);
}

TEST_F(DeskScenario, ConfirmedTicketIsNotAutoClosedAgain) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    w.text(kAlice, kDeskSlack, "resolve " + id.str() + " fixed Replaced the cable");
    w.click(kMario, kMarioChat, confirm_payload(id, true));
    w.advance(std::chrono::hours{24 * 4});
    w.fire_due_timers();
    EXPECT_EQ(w.journal_count(id, "auto_close"), 0);
    EXPECT_EQ(w.ticket(id).status, TicketStatus::closed);
}

TEST_F(DeskScenario, UnclaimedTicketIsRepingedThenGoesToL3) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    w.forget_delivered();
    w.advance(std::chrono::minutes{15});
    w.fire_due_timers();
    auto reping = w.received("slack", "C0SERVICEDESK");
    ASSERT_EQ(reping.size(), 1u);
    EXPECT_TRUE(contains(reping[0].message.text, "Still waiting for someone to claim " + id.str()));
    EXPECT_EQ(reping[0].message.mentions, std::vector<Identity>{kAlice});
    w.forget_delivered();
    for (int i = 0; i < 3; ++i) {
        w.advance(std::chrono::minutes{15});
        w.fire_due_timers();
    }
    Ticket t = w.ticket(id);
    EXPECT_EQ(t.tier, Tier::l3);
    int tier_ups = 0;
    for (const auto& e : w.journal(id)) tier_ups += e.kind == "tier" && contains(e.details, "\"unclaimed\"");
    EXPECT_EQ(tier_ups, 1);
    // The L3 team (infrastructure) gets its own card; Fabio is on call there this week.
    auto infra = w.received("slack", "C0INFRA");
    ASSERT_FALSE(infra.empty());
    EXPECT_TRUE(contains(infra[0].message.text, id.str()));
    EXPECT_EQ(infra[0].message.mentions, (std::vector<Identity>{Identity{"slack", "U0FABIO"}}));
    // The L2 room's card says where it went and offers no Claim button any more.
    bool retired = false;
    for (const auto& d : w.received("slack", "C0SERVICEDESK"))
        retired |= !d.message.replaces.empty() && contains(d.message.text, "Moved to L3: Infrastructure (L3) has it now") &&
                   d.message.choices.empty();
    EXPECT_TRUE(retired);
    // An L2 agent may no longer claim it; L3 may.
    w.click(kAlice, kDeskSlack, claim_payload(id));
    EXPECT_TRUE(w.ticket(id).assignee.empty());
    w.click(kChiara, Address{"slack", "C0INFRA", ""}, claim_payload(id));
    EXPECT_EQ(w.ticket(id).assignee, "chiara");
}

TEST_F(DeskScenario, SlaWarningBeforeTheResponseTargetAndEscalationOnBreach) {
    const TicketId id = w.report(kMario, "email", "P2", "Mailbox full, cannot send");
    w.click(kAlice, kDeskSlack, claim_payload(id));  // claimed, but nobody has answered the user yet
    w.forget_delivered();
    // P2: respond within 2 h; the warning comes at 75% of it, 90 minutes, to the assignee.
    w.advance(std::chrono::minutes{89});
    w.fire_due_timers();
    EXPECT_EQ(w.journal_count(id, "sla_warning"), 0) << "not before 75% of the target";
    w.advance(std::chrono::minutes{1});
    w.fire_due_timers();
    EXPECT_EQ(w.journal_count(id, "sla_warning"), 1);
    bool warned = false;
    for (const auto& d : w.received("slack", "C0SERVICEDESK"))
        warned |= contains(d.message.text, "SLA warning: " + id.str()) && d.message.mentions == std::vector<Identity>{kAlice};
    EXPECT_TRUE(warned);
    w.advance(std::chrono::minutes{29});
    w.fire_due_timers();
    EXPECT_EQ(w.journal_count(id, "sla_breach"), 0) << "not before the due time";
    w.advance(std::chrono::minutes{1});
    w.fire_due_timers();
    EXPECT_EQ(w.journal_count(id, "sla_breach"), 1);
    for (const auto& d : w.received("telegram", "777001")) EXPECT_FALSE(contains(d.message.text, "SLA")) << "never told to the requester";
    // Answering stops the clock: no resolution-SLA warning mentions "first response" any more.
    w.text(kAlice, kDeskSlack, "reply " + id.str() + " Looking at it now");
    EXPECT_TRUE(w.ticket(id).first_response_at);
}

namespace {
// The shipped desk with a Mon-Fri 09:00-17:00 UTC office calendar: P3 and P4 count working time.
DeskConfig office_hours_desk() {
    DeskConfig c = shipped_desk_config();
    std::array<std::vector<frontline::WorkingHours>, 7> week;
    for (int d = 1; d <= 5; ++d) week[static_cast<std::size_t>(d)] = {frontline::WorkingHours{std::chrono::hours{9}, std::chrono::hours{17}}};
    c.settings.sla.set_calendar("default", BusinessCalendar(TimeZone::utc(), week, {}));
    c.settings.lifecycle.sla = std::make_shared<const SlaPolicy>(c.settings.sla);
    return c;
}
}  // namespace

TEST(DeskWorkingTime, AnUnclaimedTicketOfFridayAfternoonIsWarnedAndBreachedOnMondayMorning) {
    DeskWorld w{office_hours_desk()};
    w.advance(std::chrono::hours{24 * 2 + 6});  // Friday 27 November 2026, 15:00 UTC
    const TicketId id = w.report(kMario, "hardware", "P3", "Docking station dead");
    // Response 3 working hours: 2 on Friday, 1 on Monday -> Monday 10:00; warned at 2h15 -> 09:15.
    EXPECT_EQ(w.ticket(id).sla.response_due, std::chrono::sys_days{std::chrono::year{2026} / 11 / 30} + std::chrono::hours{10});
    w.advance(std::chrono::hours{2} - std::chrono::minutes{1});  // Friday 16:59
    w.fire_due_timers();
    EXPECT_EQ(w.journal_count(id, "sla_warning"), 0);
    w.advance(std::chrono::hours{64} + std::chrono::minutes{15});  // Monday 09:14
    w.fire_due_timers();
    EXPECT_EQ(w.journal_count(id, "sla_warning"), 0) << "the weekend does not count";
    w.advance(std::chrono::minutes{1});  // Monday 09:15
    w.fire_due_timers();
    EXPECT_EQ(w.journal_count(id, "sla_warning"), 1);
    w.advance(std::chrono::minutes{44});  // Monday 09:59
    w.fire_due_timers();
    EXPECT_EQ(w.journal_count(id, "sla_breach"), 0);
    w.advance(std::chrono::minutes{1});  // Monday 10:00
    w.fire_due_timers();
    EXPECT_EQ(w.journal_count(id, "sla_breach"), 1);
    EXPECT_EQ(w.ticket(id).tier, Tier::l3) << "an unclaimed ticket climbs a tier on a breach";
}

TEST(DeskWorkingTime, WaitingForTheUserPausesExactlyInWorkingHours) {
    DeskWorld w{office_hours_desk()};
    w.advance(std::chrono::hours{24 * 2 + 6});  // Friday 27 November 15:00 UTC
    const TicketId id = w.report(kMario, "hardware", "P3", "Laptop won't charge");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    // Resolution 24 working hours: Friday 2, Monday 8, Tuesday 8, Wednesday 6 -> Wednesday 15:00.
    const TimePoint wednesday = std::chrono::sys_days{std::chrono::year{2026} / 12 / 2};
    EXPECT_EQ(w.ticket(id).sla.resolution_due, wednesday + std::chrono::hours{15});
    w.advance(std::chrono::hours{73});  // Monday 16:00
    w.text(kAlice, kDeskSlack, "pending " + id.str() + " Which charger model do you use?");
    w.advance(std::chrono::hours{18});  // Tuesday 10:00: 1 working hour on Monday, 1 on Tuesday
    w.text(kMario, kMarioChat, "The 65W USB-C one");
    const Ticket t = w.ticket(id);
    EXPECT_EQ(t.status, TicketStatus::in_progress);
    EXPECT_EQ(t.sla.paused_total, std::chrono::hours{18});
    EXPECT_EQ(t.sla.paused_working, std::chrono::hours{2});
    EXPECT_EQ(t.sla.resolution_due, wednesday + std::chrono::hours{17});
}

TEST_F(DeskScenario, PendingPausesTheSlaAndTheRequestersAnswerResumesIt) {
    const TicketId id = w.report(kMario, "hardware", "P3", "Laptop won't charge");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    const auto due_before = *w.ticket(id).sla.resolution_due;
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "pending " + id.str() + " Which charger model do you use?");
    EXPECT_EQ(w.ticket(id).status, TicketStatus::pending_user);
    EXPECT_TRUE(contains(w.received("telegram", "777001").at(0).message.text, "Which charger model do you use?"));
    w.advance(std::chrono::hours{5});
    w.text(kMario, kMarioChat, "The 65W USB-C one");
    Ticket t = w.ticket(id);
    EXPECT_EQ(t.status, TicketStatus::in_progress);
    EXPECT_EQ(*t.sla.resolution_due, due_before + std::chrono::hours{5});
}

TEST_F(DeskScenario, PriorityOverrideKeepsTheComputedValueAndTheReason) {
    const TicketId id = w.report(kMario, "email", "P3", "Shared mailbox missing");
    w.text(kAlice, kDeskSlack, "priority " + id.str() + " P2 the CFO needs it for the board meeting");
    w.text(kAlice, kDeskSlack, "priority " + id.str() + " P1 now the whole finance team");
    Ticket t = w.ticket(id);
    EXPECT_EQ(t.priority, Priority::p1);
    EXPECT_EQ(t.tier, Tier::l3);  // P1 goes to L3
    int overrides = 0;
    for (const auto& e : w.journal(id)) {
        if (e.kind != "priority_override") continue;
        ++overrides;
        auto d = nlohmann::json::parse(e.details);
        EXPECT_EQ(d["computed"].get<std::string>(), "P3");
        EXPECT_FALSE(d["reason"].get<std::string>().empty());
    }
    EXPECT_EQ(overrides, 2);
    EXPECT_EQ(*t.sla.response_due, t.reported_at + std::chrono::hours{1});
}

TEST_F(DeskScenario, ThePriorityChangeTellsTheRequesterTheNewTimeButNotTheReason) {
    const TicketId id = w.report(kMario, "email", "P3", "Shared mailbox missing");
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "priority " + id.str() + " P2 the CFO needs it for the board meeting");
    const Ticket t = w.ticket(id);
    const auto told = w.received("telegram", "777001");
    ASSERT_EQ(told.size(), 1u);
    // Reported 09:00 UTC, P2 answers within 2 hours: 11:00.
    EXPECT_TRUE(contains(told[0].message.text, "we now aim to reply by 11:00 today (UTC)")) << told[0].message.text;
    EXPECT_FALSE(contains(told[0].message.text, "CFO")) << "the agent's reason stays internal";
    EXPECT_EQ(*t.sla.response_due, t.reported_at + std::chrono::hours{2});
    // The same priority again moves nothing: the requester hears nothing more.
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "priority " + id.str() + " P2 still the board meeting");
    EXPECT_TRUE(w.received("telegram", "777001").empty());
}

TEST_F(DeskScenario, BadInputGetsAClearAnswerAndChangesNothing) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    const std::string thread = w.card_thread(id, "slack", "C0SERVICEDESK");
    w.forget_delivered();
    const auto journal_before = w.journal(id).size();

    w.text(kAlice, kDeskSlack, "r " + std::string(1 << 20, 'x'), thread);          // 1 MB
    w.text(kAlice, kDeskSlack, "r caf\xc3\x28 broken", thread);                      // invalid UTF-8
    w.text(kAlice, kDeskSlack, "priority " + id.str() + " P9 because");            // malformed
    w.text(kAlice, kDeskSlack, "claim INC-999999");                                 // unknown ticket
    w.text(kAlice, kDeskSlack, "claim");                                            // no ticket outside a thread
    w.text(kMario, kMarioChat, std::string(20000, 'y'));                             // requester: too long
    w.text(kMario, kMarioChat, "bad \xff\xfe bytes");                               // requester: invalid UTF-8

    EXPECT_EQ(w.journal(id).size(), journal_before);
    auto agent_side = texts(w.received("slack", "C0SERVICEDESK"));
    ASSERT_EQ(agent_side.size(), 5u);
    EXPECT_TRUE(contains(agent_side[0], "too long"));
    EXPECT_TRUE(contains(agent_side[1], "not valid UTF-8"));
    EXPECT_TRUE(contains(agent_side[2], "Usage: `priority INC-000042 P1 reason`"));
    EXPECT_TRUE(contains(agent_side[3], "can't find INC-999999"));
    EXPECT_TRUE(contains(agent_side[4], "Which ticket?"));
    auto requester_side = texts(w.received("telegram", "777001"));
    ASSERT_EQ(requester_side.size(), 2u);
    for (const auto& s : requester_side) EXPECT_TRUE(contains(s, "too long")) << s;
}

TEST_F(DeskScenario, QueueListsUnclaimedByPriorityThenAgeAndMineListsOwnTickets) {
    const TicketId p3 = w.report(kMario, "network", "P3", "Slow Wi-Fi");
    w.advance(std::chrono::minutes{1});
    const TicketId p2 = w.report(Identity{"telegram", "2"}, "email", "P2", "No mail");
    w.advance(std::chrono::minutes{1});
    const TicketId p3b = w.report(Identity{"telegram", "3"}, "hardware", "P3", "Broken mouse");
    w.click(kAlice, kDeskSlack, claim_payload(p3b));
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "queue");
    const std::string q = w.received("slack", "C0SERVICEDESK").at(0).message.text;
    ASSERT_TRUE(contains(q, p2.str()) && contains(q, p3.str())) << q;
    EXPECT_LT(q.find(p2.str()), q.find(p3.str()));
    EXPECT_FALSE(contains(q, p3b.str()));
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "mine");
    const std::string mine = w.received("slack", "C0SERVICEDESK").at(0).message.text;
    EXPECT_TRUE(contains(mine, p3b.str()));
    EXPECT_FALSE(contains(mine, p2.str()));
}

TEST_F(DeskScenario, EverythingElseGoesToTheConversationEngine) {
    auto fx = w.text(kMario, kMarioChat, "hello, my printer is jammed");
    EXPECT_EQ(w.engine().calls, 1);
    ASSERT_EQ(fx.messages.size(), 1u);
    EXPECT_EQ(fx.messages[0].text, "engine: hello, my printer is jammed");
    // An agent writing to the bot privately, not about a ticket, is just a user.
    w.text(kAlice, Address{"slack", "D0ALICE", ""}, "my own laptop is slow");
    EXPECT_EQ(w.engine().calls, 2);
    // The engine's escalations are consumed by the Desk: nothing is left for the engine loop.
    fx = w.text(kMario, kMarioChat, "report network P3 VPN drops");
    EXPECT_TRUE(fx.escalations.empty());
}

TEST_F(DeskScenario, AssignUnclaimEscalateAndReopenByAgents) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    w.text(kAlice, kDeskSlack, "assign " + id.str() + " @bruno");
    EXPECT_EQ(w.ticket(id).assignee, "bruno");
    EXPECT_EQ(w.ticket(id).status, TicketStatus::in_progress);
    w.text(kBrunoWeb, kWebAgents, "unclaim " + id.str());
    EXPECT_EQ(w.ticket(id).status, TicketStatus::escalated);
    EXPECT_TRUE(w.ticket(id).assignee.empty());
    w.text(kAlice, kDeskSlack, "escalate " + id.str() + " L3 needs a firewall change");
    EXPECT_EQ(w.ticket(id).tier, Tier::l3);
    w.text(kChiara, Address{"slack", "C0INFRA", ""}, "claim " + id.str());
    w.text(kChiara, Address{"slack", "C0INFRA", ""}, "resolve " + id.str() + " config Opened port 443 on the firewall");
    w.text(kChiara, Address{"slack", "C0INFRA", ""}, "reopen " + id.str());
    EXPECT_EQ(w.ticket(id).status, TicketStatus::in_progress);
    w.text(kChiara, Address{"slack", "C0INFRA", ""}, "resolve " + id.str() + " config Really fixed now");
    w.text(kChiara, Address{"slack", "C0INFRA", ""}, "close " + id.str());
    EXPECT_EQ(w.ticket(id).status, TicketStatus::closed);
    for (const char* kind : {"assign", "unclaim", "escalate", "claim", "resolution"}) EXPECT_GE(w.journal_count(id, kind), 1) << kind;
}

// A platform mention reaches core as "@<user id>" plus the identity in InboundEvent::mentions: the
// desk finds the agent by that identity, whatever the platform (here Bruno's Telegram account).
TEST_F(DeskScenario, AssignByANeutralMentionFindsTheAgentByTheMentionedIdentity) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    InboundEvent e;
    e.event_id = "assign-by-mention";
    e.from = kAlice;
    e.where = kDeskSlack;
    e.text = "assign " + id.str() + " @5512345678";
    e.mentions = {Identity{"slack", "U0SOMEONE"}, Identity{"telegram", "5512345678"}};
    w.send(e);
    EXPECT_EQ(w.ticket(id).assignee, "bruno");
    // The same words without the identity name nobody: core does not guess whose id it is.
    const TicketId other = w.report(Identity{"webchat", "another-requester"}, "network", "P3", "Wi-Fi drops");
    ASSERT_NE(other, id);
    w.text(kAlice, kDeskSlack, "assign " + other.str() + " @5512345678");
    EXPECT_TRUE(w.ticket(other).assignee.empty());
}

TEST_F(DeskScenario, TicketTheBotResolvedItselfIsLeftToTheEngineToConfirm) {
    // Self-help worked at L1: never escalated, so "yes" is the engine's answer, not the hand-off's.
    TicketId id;
    auto ok = w.store().in_transaction([&]() -> Status {
        auto allocated = w.store().allocate_id(TicketType::incident);
        if (!allocated) return allocated.error();
        id = *allocated;
        Ticket t;
        t.id = id;
        t.category = "hardware";
        t.requester = {"Mario Bianchi", kMario, "", ""};
        t.address = kMarioChat;
        t.title = "Printer jam";
        t.reported_at = w.now();
        t.status = TicketStatus::resolved;
        t.resolved_at = w.now();
        return w.store().save_ticket(t);
    });
    ASSERT_TRUE(ok) << ok.error().message;
    w.text(kMario, kMarioChat, "yes");
    EXPECT_EQ(w.engine().calls, 1);
    // An agent closing it sends no update of a resolution question the desk never asked: that
    // would reach the requester as a stray new message.
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "close " + id.str());
    ASSERT_EQ(w.ticket(id).status, TicketStatus::closed);
    const auto told = w.received("telegram", "777001");
    ASSERT_EQ(told.size(), 1u);
    EXPECT_TRUE(told[0].message.replaces.empty());
    EXPECT_TRUE(contains(told[0].message.text, "closed")) << told[0].message.text;
}

TEST_F(DeskScenario, ForeignButtonsOfARequesterWithATicketGoToTheEngineNotTheAgents) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    w.forget_delivered();
    w.click(kMario, kMarioChat, "engine:choice:yes");
    EXPECT_EQ(w.engine().calls, 2);
    EXPECT_EQ(w.journal_count(id, "relay_in"), 0);
    EXPECT_TRUE(w.received("slack", "C0SERVICEDESK").empty());
}

TEST(DeskPlatforms, RoomsAndPrivateMessagesOnlyOnEnabledPlatforms) {
    DeskSettings settings;
    settings.platforms = {{"webchat", every_platform().at("webchat")}, {"telegram", every_platform().at("telegram")}};
    DeskWorld w(shipped_desk_config(settings));
    const TicketId id = w.report(kMario, "data_breach", "P1", "Sent the customer list to the wrong address");
    for (const auto& d : w.all_delivered())
        EXPECT_TRUE(d.message.to.platform == "webchat" || d.message.to.platform == "telegram") << d.message.to.platform;
    // Dana's Slack DM is off: her private copy goes to her web chat identity instead.
    EXPECT_EQ(w.received("webchat", "dana").size(), 1u);
    EXPECT_EQ(w.received("webchat", "agents").size(), 1u);
    EXPECT_TRUE(w.received("slack", "C0SECURITY").empty());
    EXPECT_EQ(w.ticket(id).status, TicketStatus::escalated);
}
