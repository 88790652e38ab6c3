#include "core/ticket_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace frontline {
namespace {

using namespace std::chrono_literals;

TEST(TicketJson, RoundTripsEveryField) {
    const TimePoint t0 = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 9h;
    Ticket t;
    t.id = TicketId{TicketType::incident, 42};
    t.status = TicketStatus::pending_user;
    t.category = "network";
    t.subcategory = "vpn";
    t.impact = Level::medium;
    t.urgency = Level::high;
    t.priority = Priority::p2;
    t.tier = Tier::l2;
    t.requester = {"Giulia Rossi", {"telegram", "123"}, "giulia@example.com", "+39 333 123 4567"};
    t.address = {"telegram", "123", ""};
    t.locale = "it";
    t.title = "VPN cade ogni 5 minuti";
    t.description = "non riesco a collegarmi alla VPN da stamattina";
    t.symptoms = {{"since", "Da quando?", "stamattina"}, {"client", "Quale client?", "GlobalProtect"}};
    t.affected_service = "VPN";
    t.assignee = "alice";
    t.team = "infrastructure";
    t.parent = TicketId{TicketType::incident, 40};
    t.restricted = true;
    t.resolution_code = "workaround";
    t.resolution_notes = "reset profile";
    t.similar = std::vector<SimilarRef>{{TicketId{TicketType::incident, 40}, "VPN down for sales"}};
    t.reported_at = t0;
    t.logged_at = t0 + 1s;
    t.first_response_at = t0 + 20min;
    t.escalated_at = t0 + 5min;
    t.claimed_at = t0 + 15min;
    t.sla.response_due = t0 + 2h;
    t.sla.resolution_due = t0 + 8h;
    t.sla.paused_total = 10min;
    t.sla.paused_since = t0 + 30min;

    auto back = ticket_from_json(nlohmann::json::parse(ticket_to_json(t).dump()));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(ticket_to_json(*back), ticket_to_json(t));
    EXPECT_EQ(back->symptoms.size(), 2u);
    EXPECT_EQ(back->parent, t.parent);
    EXPECT_EQ(back->team, "infrastructure");
    EXPECT_EQ(back->requester.contact, "giulia@example.com");
    EXPECT_EQ(back->requester.phone, "+39 333 123 4567");
    EXPECT_EQ(back->sla.paused_total, 10min);
    EXPECT_FALSE(back->resolved_at.has_value());
    ASSERT_TRUE(back->similar.has_value());
    ASSERT_EQ(back->similar->size(), 1u);
    EXPECT_EQ(back->similar->at(0).title, "VPN down for sales");
}

TEST(TicketJson, NotSearchedYetIsNotAnEmptySearch) {
    Ticket t;
    t.id = TicketId{TicketType::incident, 1};
    auto never = ticket_from_json(ticket_to_json(t));
    ASSERT_TRUE(never) << never.error().message;
    EXPECT_FALSE(never->similar.has_value());
    t.similar.emplace();
    auto none_found = ticket_from_json(ticket_to_json(t));
    ASSERT_TRUE(none_found) << none_found.error().message;
    ASSERT_TRUE(none_found->similar.has_value());
    EXPECT_TRUE(none_found->similar->empty());
}

TEST(TicketJson, CorruptRecordsAreErrors) {
    EXPECT_FALSE(ticket_from_json(nlohmann::json::parse(R"({"id": "nope"})")));
    EXPECT_FALSE(ticket_from_json(nlohmann::json::object()));
}

}  // namespace
}  // namespace frontline
