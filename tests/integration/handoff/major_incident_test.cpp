// Major incidents: linked tickets, a broadcast to 1,000 requesters (each one message, once, at bulk
// priority), and the parent's resolution resolving every child with a confirmation request.
#include <gtest/gtest.h>

#include <map>

#include "core/lifecycle.hpp"
#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "tests/unit/handoff/shipped_people.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using namespace frontline::handoff::testing_support::shipped;

namespace {

/// Children written straight to the store (as the engine does when a user accepts a similar incident).
void add_children(DeskWorld& w, const TicketId& parent, int n) {
    auto ok = w.store().in_transaction([&]() -> Status {
        for (int i = 0; i < n; ++i) {
            auto id = w.store().allocate_id(TicketType::incident);
            if (!id) return id.error();
            Ticket t;
            t.id = *id;
            t.category = "outage";
            t.priority = Priority::p3;
            const std::string user = "child" + std::to_string(i);
            t.requester = {"User " + std::to_string(i), {"webchat", user}, "", ""};
            t.address = {"webchat", user, ""};
            t.locale = i % 2 ? "it" : "en";
            t.title = "Mail down";
            t.reported_at = w.now();
            t.parent = parent;
            t.status = TicketStatus::escalated;
            t.escalated_at = w.now();
            if (auto s = w.store().save_ticket(t); !s) return s;
        }
        return {};
    });
    ASSERT_TRUE(ok) << ok.error().message;
}

}  // namespace

TEST(MajorIncident, LinkTellsTheRequesterAndJournalsBothSides) {
    DeskWorld w(shipped_desk_config());
    const TicketId parent = w.report(Identity{"telegram", "1"}, "outage", "P1", "Email is down for everyone");
    const TicketId child = w.report(Identity{"telegram", "2"}, "email", "P3", "Cannot send mail");
    w.forget_delivered();
    w.text(kChiara, kDeskSlack, "link " + child.str() + " " + parent.str());
    EXPECT_EQ(w.ticket(child).parent, parent);
    EXPECT_EQ(w.journal_count(child, "link"), 1);
    EXPECT_EQ(w.journal_count(parent, "link_child"), 1);
    auto told = w.received("telegram", "2");
    ASSERT_EQ(told.size(), 1u);
    EXPECT_NE(told[0].message.text.find(parent.str()), std::string::npos);
    // A child cannot itself become a parent of another ticket's children (one level only).
    const TicketId third = w.report(Identity{"telegram", "3"}, "email", "P3", "Mail slow");
    w.text(kChiara, kDeskSlack, "link " + third.str() + " " + child.str());
    EXPECT_FALSE(w.ticket(third).parent);
}

TEST(MajorIncident, BroadcastReachesAThousandRequestersOnceEachAtBulkPriority) {
    DeskWorld w(shipped_desk_config());
    const TicketId parent = w.report(Identity{"telegram", "1"}, "outage", "P1", "Email is down for everyone");
    add_children(w, parent, 1000);
    w.forget_delivered();
    w.text(kChiara, kInfra, "broadcast " + parent.str() + " Mail is coming back; expect full service within 30 minutes.");

    std::map<std::string, int> per_conversation;
    int bulk = 0;
    for (const auto& d : w.all_delivered()) {
        if (d.message.to.platform == "slack") continue;  // Chiara's confirmation
        ++per_conversation[d.message.to.platform + ":" + d.message.to.conversation_id];
        bulk += d.message.priority == OutboxPriority::bulk;
        EXPECT_NE(d.message.text.find("expect full service within 30 minutes"), std::string::npos);
    }
    EXPECT_EQ(per_conversation.size(), 1001u);  // 1,000 children + the parent's requester
    for (const auto& [conv, n] : per_conversation) EXPECT_EQ(n, 1) << conv;
    EXPECT_EQ(bulk, 1001);
    EXPECT_EQ(w.journal_count(parent, "broadcast"), 1);

    // The same event redelivered produces the same idempotency keys: the outbox would drop them.
    std::set<std::string> keys;
    for (const auto& d : w.all_delivered()) keys.insert(d.message.idempotency_key);
    EXPECT_EQ(keys.size(), w.all_delivered().size());
}

TEST(MajorIncident, ResolvingTheParentResolvesEveryChildAndAsksEachRequester) {
    DeskWorld w(shipped_desk_config());
    const TicketId parent = w.report(Identity{"telegram", "1"}, "outage", "P1", "Email is down for everyone");
    add_children(w, parent, 50);
    w.text(kChiara, kInfra, "claim " + parent.str());
    w.forget_delivered();
    w.text(kChiara, kInfra, "resolve " + parent.str() + " fixed The mail gateway certificate was renewed");
    TicketFilter f;
    f.limit = 100000;
    auto all = w.store().list_tickets(f);
    ASSERT_TRUE(all);
    int resolved_children = 0;
    for (const auto& t : *all)
        if (t.parent == parent) {
            EXPECT_EQ(t.status, TicketStatus::resolved) << t.id.str();
            EXPECT_EQ(t.resolution_notes, "The mail gateway certificate was renewed");
            ++resolved_children;
        }
    EXPECT_EQ(resolved_children, 50);
    int asked = 0;
    for (const auto& d : w.all_delivered())
        if (d.message.to.platform == "webchat" && d.message.choices.size() == 2) {
            ++asked;
            EXPECT_NE(d.message.text.find("certificate was renewed"), std::string::npos);
        }
    EXPECT_EQ(asked, 50);
    // Italian requesters are asked in Italian.
    EXPECT_EQ(w.received("webchat", "child1").at(0).message.choices.at(0).label, "Sì, funziona");
    // A child confirms "No": never claimed, so it goes back to the queue with a fresh ping.
    const TicketId child0 = [&] {
        for (const auto& t : *all)
            if (t.requester.identity.user_id == "child0") return t.id;
        return TicketId{};
    }();
    w.forget_delivered();
    w.click(Identity{"webchat", "child0"}, Address{"webchat", "child0", ""}, confirm_payload(child0, false));
    EXPECT_EQ(w.ticket(child0).status, TicketStatus::escalated);
    EXPECT_FALSE(w.received("slack", "C0SERVICEDESK").empty());
}

TEST(MajorIncident, OneCardListsTheLinkedReportsAndOnlyTheParentIsRepinged) {
    DeskWorld w(shipped_desk_config());
    const TicketId parent = w.report(Identity{"telegram", "1"}, "outage", "P2", "Email is down for everyone");
    const TicketId child = w.report(Identity{"telegram", "2"}, "outage", "P2", "Cannot send mail");
    const std::string child_card = w.card_thread(child, "slack", "C0SERVICEDESK");
    ASSERT_FALSE(child_card.empty());
    w.forget_delivered();
    w.text(kChiara, kDeskSlack, "link " + child.str() + " " + parent.str());

    // Both cards are updated in place (no new urgent card): the child's says where it is followed
    // and offers no Claim, the parent's lists the report.
    const OutboundMessage* parent_card = nullptr;
    const OutboundMessage* folded_card = nullptr;
    for (const auto& d : w.received("slack", "C0SERVICEDESK")) {
        if (d.message.replaces.empty()) continue;
        if (d.message.text.find("Linked reports (1): " + child.str()) != std::string::npos) parent_card = &d.message;
        if (d.message.text.find("Followed on the card of major incident " + parent.str()) != std::string::npos)
            folded_card = &d.message;
    }
    ASSERT_NE(parent_card, nullptr) << "the parent's card does not list the child";
    EXPECT_FALSE(parent_card->choices.empty());  // the parent is still to claim
    ASSERT_NE(folded_card, nullptr) << "the child's card does not point to the parent";
    EXPECT_TRUE(folded_card->choices.empty());

    // One re-ping schedule: the parent's. The child's timer stops when it fires.
    w.forget_delivered();
    for (int i = 0; i < 3; ++i) {  // 48 minutes: still at L2 (the climb to L3 comes at 60)
        w.advance(std::chrono::minutes{16});
        w.fire_due_timers();
    }
    EXPECT_GE(w.journal_count(parent, "reping"), 1);
    EXPECT_EQ(w.journal_count(child, "reping"), 0);
    for (const auto& d : w.all_delivered()) EXPECT_EQ(d.message.text.find(child.str()), std::string::npos) << d.message.text;

    // A report linked at escalation (as the engine does for a known outage) gets no card of its
    // own: the parent's card grows instead, and nobody is pinged for it.
    w.forget_delivered();
    const TicketId third = w.report(Identity{"webchat", "dora"}, "outage", "P2", "Mail is down under " + parent.str());
    EXPECT_EQ(w.ticket(third).parent, parent);
    EXPECT_EQ(w.ticket(third).status, TicketStatus::escalated);
    EXPECT_EQ(w.journal_count(third, "folded"), 1);
    EXPECT_EQ(w.journal_count(third, "escalation_ping"), 0);
    bool listed = false;
    for (const auto& d : w.all_delivered()) {
        if (d.message.to.platform != "slack") continue;  // Dora is told she is linked
        EXPECT_FALSE(d.message.replaces.empty()) << "a new card was posted: " << d.message.text;
        listed = listed || d.message.text.find("Linked reports (2): " + child.str() + " (") != std::string::npos;
    }
    EXPECT_TRUE(listed);
}
