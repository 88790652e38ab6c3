// A data breach's evidence (issue 22): the file a requester sends about a restricted ticket is
// linked only in private messages to the assignee or the security officer, never on a broad room's
// card; an ordinary ticket's file is linked on the card in the team's room.
#include <gtest/gtest.h>

#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "tests/unit/handoff/shipped_people.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using namespace frontline::handoff::testing_support::shipped;

namespace {

bool contains(const std::string& s, const std::string& n) { return s.find(n) != std::string::npos; }

/// Links as the service makes them, minus the cryptography (bot/files signs the real ones).
class PlainFileLinks final : public FileLinks {
public:
    std::string file_link(const TicketId& ticket, const std::string& sha256, TimePoint) const override {
        return "https://desk.test/files/" + ticket.str() + "." + sha256.substr(0, 8);
    }
    Seconds link_life() const override { return Seconds{3600}; }
};

DeskConfig config_with_links() {
    DeskConfig cfg = shipped_desk_config();
    cfg.file_links = std::make_shared<PlainFileLinks>();
    return cfg;
}

InboundEvent screenshot(const std::string& event_id) {
    InboundEvent e;
    e.event_id = event_id;
    e.from = kMario;
    e.where = kMarioChat;
    e.attachments.push_back({"leaked-list.png", "image/png", 4096, "tg-file-1", std::string(64, 'e'), "stored"});
    return e;
}

}  // namespace

TEST(RestrictedFiles, ABreachFileIsLinkedOnlyToTheOfficerAndTheAssigneePrivately) {
    const DeskConfig cfg = config_with_links();
    DeskWorld w(config_with_links());
    const TicketId id = w.report(kMario, "data_breach", "P1", "I emailed the payroll to an external address");
    ASSERT_TRUE(w.ticket(id).restricted);
    w.send(screenshot("tg-1"));
    w.click(kDana, kSecurity, claim_payload(id));
    ASSERT_EQ(w.ticket(id).assignee, "dana");
    w.text(kDana, kSecurity, "show " + id.str());

    const std::string link = "https://desk.test/files/" + id.str() + ".eeeeeeee";
    int private_links = 0;
    for (const auto& d : w.all_delivered()) {
        const bool broad_room = cfg.directory.team_by_room(d.message.to.platform, d.message.to.conversation_id) != nullptr;
        if (broad_room) {
            EXPECT_FALSE(contains(d.message.text, link)) << d.message.to.conversation_id << " got: " << d.message.text;
            EXPECT_FALSE(contains(d.message.text, "leaked-list.png")) << d.message.text;
        } else if (contains(d.message.text, link)) {
            EXPECT_EQ(d.message.to, (Address{"slack", "U0DANA", ""})) << d.message.text;
            EXPECT_TRUE(d.message.restricted);
            ++private_links;
        }
    }
    EXPECT_GE(private_links, 2);  // the file's arrival, then `show` after the claim
    EXPECT_EQ(w.journal_count(id, "attachment"), 1);
}

TEST(RestrictedFiles, AnOrdinaryTicketsFileIsOnItsCardInTheTeamRoom) {
    DeskWorld w(config_with_links());
    const TicketId id = w.report(kMario, "network", "P3", "The VPN drops every five minutes");
    w.forget_delivered();
    w.send(screenshot("tg-2"));
    std::string room;
    for (const auto& d : w.received("slack", "C0SERVICEDESK")) room += d.message.text + "\n";
    EXPECT_TRUE(contains(room, "leaked-list.png (4 KB) https://desk.test/files/" + id.str() + ".eeeeeeee")) << room;
    EXPECT_TRUE(contains(room, "Files: leaked-list.png")) << room;  // the card, updated in place
}
