// The restricted path: a data-breach report is P1/L3, its details stay out of every broad room, the
// security officer hears privately, the notification deadline is on the clock, only L3 closes.
#include <gtest/gtest.h>

#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "tests/unit/handoff/shipped_people.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using namespace frontline::handoff::testing_support::shipped;

namespace {

const std::string kSecret = "payroll-2026.xlsx";

bool contains(const std::string& s, const std::string& n) { return s.find(n) != std::string::npos; }

/// Every message that went to a team room (a broad channel) anywhere.
std::vector<Delivered> broad(const DeskWorld& w, const DeskConfig& cfg) {
    std::vector<Delivered> out;
    for (const auto& d : w.all_delivered())
        if (cfg.directory.team_by_room(d.message.to.platform, d.message.to.conversation_id)) out.push_back(d);
    return out;
}

}  // namespace

TEST(DataBreach, DetailsReachNoBroadChannelFromReportToClosure) {
    const DeskConfig cfg = shipped_desk_config();
    DeskWorld w(shipped_desk_config());
    const TicketId id = w.report(kMario, "data_breach", "P1", "I emailed " + kSecret + " to an external address");
    Ticket t = w.ticket(id);
    EXPECT_TRUE(t.restricted);
    EXPECT_EQ(t.tier, Tier::l3);

    // The broad ping says only "restricted incident INC-..., priority P1".
    auto room = w.received("slack", "C0SECURITY");
    ASSERT_EQ(room.size(), 1u);
    EXPECT_TRUE(contains(room[0].message.text, "Restricted incident " + id.str() + ", priority P1"));
    EXPECT_EQ(room[0].message.choices.at(0).payload, claim_payload(id));
    // The security officer gets the details privately.
    auto officer = w.received("slack", "U0DANA");
    ASSERT_EQ(officer.size(), 1u);
    EXPECT_TRUE(officer[0].message.restricted);
    EXPECT_TRUE(contains(officer[0].message.text, kSecret));
    EXPECT_TRUE(contains(officer[0].message.text, "notify the authority by Sat 28 Nov, 10:00 (Rome time)"));  // 72 h, on the officer's clock

    // The requester adds details before anyone claims it: private to the officer only.
    w.text(kMario, kMarioChat, "It had the salaries of 300 people in " + kSecret);
    // An L2 agent cannot take it.
    w.click(kAlice, kSecurity, claim_payload(id));
    EXPECT_TRUE(w.ticket(id).assignee.empty());
    // Dana claims; the details come to her privately, `show` in the room stays private too.
    w.click(kDana, kSecurity, claim_payload(id));
    EXPECT_EQ(w.ticket(id).assignee, "dana");
    w.text(kDana, kSecurity, "show " + id.str());
    w.text(kDana, kSecurity, "reply " + id.str() + " Please do not forward " + kSecret + " any further.");
    w.text(kMario, kMarioChat, "OK, I also deleted " + kSecret + " from Sent");
    w.text(kDana, kSecurity, "queue");
    w.text(kAlice, Address{"slack", "C0SERVICEDESK", ""}, "close " + id.str());
    w.text(kDana, kSecurity, "breach-notified " + id.str() + " authority Notified the Garante, protocol 2026/123");
    w.text(kDana, kSecurity, "resolve " + id.str() + " contained Recipient confirmed deletion of " + kSecret);
    w.text(kAlice, Address{"slack", "C0SERVICEDESK", ""}, "close " + id.str());
    EXPECT_EQ(w.ticket(id).status, TicketStatus::resolved);  // L2 may not close a data breach
    w.text(kDana, kSecurity, "close " + id.str());
    EXPECT_EQ(w.ticket(id).status, TicketStatus::closed);

    for (const auto& d : broad(w, cfg)) {
        EXPECT_FALSE(contains(d.message.text, kSecret)) << d.message.to.platform << ":" << d.message.to.conversation_id << " got: " << d.message.text;
        EXPECT_FALSE(contains(d.message.text, "salaries")) << d.message.text;
        EXPECT_FALSE(d.message.restricted);
    }
    int private_details = 0;
    for (const auto& d : w.received("slack", "U0DANA")) private_details += contains(d.message.text, kSecret);
    EXPECT_GE(private_details, 3);  // officer ping, relayed requester words, details on claim / show
    EXPECT_EQ(w.journal_count(id, "breach_notified"), 1);
}

TEST(DataBreach, DeadlineWarningsUntilTheAuthorityIsNotified) {
    DeskWorld w(shipped_desk_config());
    const TicketId id = w.report(kMario, "data_breach", "P1", "Lost a USB stick with customer data");
    w.click(kDana, kSecurity, claim_payload(id));
    w.forget_delivered();
    w.advance(std::chrono::hours{48});  // 24 h left
    w.fire_due_timers();
    int warnings = 0;
    for (const auto& d : w.received("slack", "U0DANA")) warnings += contains(d.message.text, "must be notified by 10:00 tomorrow (Rome time)");  // Dana's clock
    EXPECT_EQ(warnings, 1);  // Dana is both officer and assignee: one message, not two
    w.text(kDana, kSecurity, "breach-notified " + id.str() + " authority Notified via the online form");
    w.forget_delivered();
    w.advance(std::chrono::hours{30});
    w.fire_due_timers();
    for (const auto& d : w.received("slack", "U0DANA")) EXPECT_FALSE(contains(d.message.text, "notification deadline")) << d.message.text;
    EXPECT_EQ(w.journal_count(id, "breach_clock"), 1);
}

TEST(DataBreach, MissedDeadlineIsReported) {
    DeskWorld w(shipped_desk_config());
    const TicketId id = w.report(kMario, "data_breach", "P1", "Laptop stolen");
    w.forget_delivered();
    w.advance(std::chrono::hours{73});
    w.fire_due_timers();
    bool passed = false;
    for (const auto& d : w.received("slack", "U0DANA")) passed |= contains(d.message.text, "has passed");
    EXPECT_TRUE(passed);
    EXPECT_GE(w.journal_count(id, "breach_clock"), 1);
}
