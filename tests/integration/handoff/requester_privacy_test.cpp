// Two requesters, one incident each, joined by the desk into a major incident: every message that
// names the other's ticket (the link, the broadcast, status, the claim and resolution updates)
// reaches the second requester without a word the first one typed (issue 13, hole 4). The
// similar-incident offer of the L1 engine is covered by tests/transcripts/similar_incident_link.txt.
#include <gtest/gtest.h>

#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "tests/unit/handoff/shipped_people.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using namespace frontline::handoff::testing_support::shipped;

namespace {

const Identity kLia{"telegram", "888002"};
const Address kLiaChat{"telegram", "888002", ""};
/// What Mario typed: his own words, with a secret in them.
const std::string kMariosWords = "VPN will not connect, my password Tr0ub4dor-77 is rejected";

void expect_none_of_marios_words(const DeskWorld& w, const std::string& step) {
    for (const auto& d : w.received("telegram", "888002")) {
        EXPECT_EQ(d.message.text.find("Tr0ub4dor"), std::string::npos) << step << ": " << d.message.text;
        EXPECT_EQ(d.message.text.find("password"), std::string::npos) << step << ": " << d.message.text;
        for (const auto& c : d.message.choices) EXPECT_EQ(c.label.find("Tr0ub4dor"), std::string::npos) << step;
    }
}

}  // namespace

TEST(RequesterPrivacy, ASecondRequesterNeverSeesTheFirstOnesWords) {
    DeskWorld w(shipped_desk_config());
    const TicketId marios = w.report(kMario, "network", "P2", kMariosWords);
    const TicketId lias = w.report(kLia, "network", "P3", "VPN is down here too");
    w.forget_delivered();

    w.text(kChiara, kDeskSlack, "link " + lias.str() + " " + marios.str());
    ASSERT_EQ(w.ticket(lias).parent, marios);
    ASSERT_FALSE(w.received("telegram", "888002").empty()) << "Lia is told about the link";
    expect_none_of_marios_words(w, "link");

    w.text(kChiara, kDeskSlack, "claim " + marios.str());
    w.text(kChiara, kDeskSlack, "broadcast " + marios.str() + " The VPN gateway is being restarted.");
    ASSERT_FALSE(w.received("telegram", "888002").empty());
    expect_none_of_marios_words(w, "broadcast");

    w.forget_delivered();
    w.text(kLia, kLiaChat, "status");
    ASSERT_FALSE(w.received("telegram", "888002").empty()) << "Lia gets an answer to status";
    expect_none_of_marios_words(w, "status");

    // Mario himself still sees his own words where they belong.
    bool mario_sees_his_title = false;
    w.text(kMario, kMarioChat, "status");
    for (const auto& d : w.received("telegram", "777001")) mario_sees_his_title |= d.message.text.find("Tr0ub4dor") != std::string::npos;
    EXPECT_TRUE(mario_sees_his_title);

    w.text(kChiara, kDeskSlack, "resolve " + marios.str() + " fixed Restarted the VPN gateway");
    expect_none_of_marios_words(w, "resolution");
}
