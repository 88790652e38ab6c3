// The ticket card's Reply button: offered while a ticket is claimed, and a press that carries the
// agent's text is relayed exactly like `reply INC text`; without a text the agent is told what to type.
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

std::vector<std::string> payloads(const OutboundMessage& m) {
    std::vector<std::string> out;
    for (const auto& c : m.choices) out.push_back(c.payload);
    return out;
}

/// The latest version of the ticket's card in a room.
OutboundMessage latest_card(const DeskWorld& w, const TicketId& id, const std::string& platform, const std::string& room) {
    OutboundMessage card;
    for (const auto& d : w.received(platform, room))
        if (d.message.message_key == id.str() + "/card/" + platform + ":" + room) card = d.message;
    return card;
}

class ReplyButton : public ::testing::Test {
protected:
    /// Mario's ticket, claimed by Alice with the Slack card's button; deliveries so far forgotten.
    TicketId claimed_by_alice() {
        const TicketId id = w.report(kMario, "network", "P3", "VPN drops every five minutes");
        w.click(kAlice, kDeskSlack, claim_payload(id));
        thread = w.card_thread(id, "slack", "C0SERVICEDESK");
        in_thread = kDeskSlack;
        in_thread.thread = thread;
        return id;
    }

    DeskWorld w{shipped_desk_config()};
    std::string thread;
    Address in_thread;
};

}  // namespace

TEST_F(ReplyButton, OnlyAClaimedTicketsCardOffersIt) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    EXPECT_EQ(payloads(latest_card(w, id, "slack", "C0SERVICEDESK")),
              (std::vector<std::string>{claim_payload(id), escalate_payload(id)}));
    w.click(kAlice, kDeskSlack, claim_payload(id));
    EXPECT_EQ(payloads(latest_card(w, id, "slack", "C0SERVICEDESK")),
              (std::vector<std::string>{reply_payload(id), escalate_payload(id)}));
    const auto card = latest_card(w, id, "webchat", "agents");
    ASSERT_FALSE(card.choices.empty());
    EXPECT_EQ(card.choices[0].label, "Reply");
    // Matrix has no buttons: its claimed card says how to type a reply instead of how to claim.
    const std::string matrix = latest_card(w, id, "matrix", "!servicedesk:example.org").text;
    EXPECT_TRUE(contains(matrix, "reply " + id.str())) << matrix;
    EXPECT_FALSE(contains(matrix, "claim " + id.str())) << matrix;

    w.text(kAlice, kDeskSlack, "pending " + id.str() + " Which VPN client version do you have?");
    EXPECT_EQ(payloads(latest_card(w, id, "slack", "C0SERVICEDESK")),
              (std::vector<std::string>{reply_payload(id), escalate_payload(id)}));
    w.text(kMario, kMarioChat, "4.2");
    w.text(kAlice, kDeskSlack, "resolve " + id.str() + " fixed Updated the client");
    EXPECT_TRUE(latest_card(w, id, "slack", "C0SERVICEDESK").choices.empty());  // resolved: nothing to reply to
}

TEST_F(ReplyButton, ATextWithThePressIsRelayedExactlyLikeTheTypedCommand) {
    const TicketId id = claimed_by_alice();
    w.advance(std::chrono::minutes{20});
    w.forget_delivered();

    w.click(kAlice, in_thread, reply_payload(id), "  Could you try the wired network for a moment?  ");
    auto to_mario = w.received("telegram", "777001");
    ASSERT_EQ(to_mario.size(), 1u);
    EXPECT_EQ(to_mario[0].message.text,
              "*Alice Romano* (IT service desk, " + id.str() + "): Could you try the wired network for a moment?");
    auto confirmation = w.received("slack", "C0SERVICEDESK");
    ASSERT_EQ(confirmation.size(), 1u);
    EXPECT_EQ(confirmation[0].message.text, "✓ Sent to Mario Bianchi: Could you try the wired network for a moment?");
    EXPECT_EQ(confirmation[0].message.to.thread, thread);
    EXPECT_EQ(w.ticket(id).first_response_at, w.now());
    EXPECT_EQ(w.journal_count(id, "relay_out"), 1);
    const auto journal = w.journal(id);
    EXPECT_TRUE(contains(journal.back().details, "\"first_response\":true")) << journal.back().details;

    // The same words typed as a command produce the same two messages.
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "reply " + id.str() + " Could you try the wired network for a moment?");
    EXPECT_EQ(w.received("telegram", "777001").at(0).message.text, to_mario[0].message.text);
    EXPECT_EQ(w.received("slack", "C0SERVICEDESK").at(0).message.text, confirmation[0].message.text);
    EXPECT_EQ(w.journal_count(id, "relay_out"), 2);
}

TEST_F(ReplyButton, WorksFromTheWebChatAgentsRoomAndInTheRequestersLanguage) {
    const TicketId id = w.report(kMario, "email", "P4", "Outlook asks for my password", "it");
    w.text(kBrunoWeb, kWebAgents, "claim " + id.str());
    w.forget_delivered();
    w.click(kBrunoWeb, kWebAgents, reply_payload(id), "Hai cambiato la password di recente?");
    auto to_mario = w.received("telegram", "777001");
    ASSERT_EQ(to_mario.size(), 1u);
    EXPECT_EQ(to_mario[0].message.text, "*Bruno Esposito* (service desk IT, " + id.str() + "): Hai cambiato la password di recente?");
    ASSERT_EQ(w.received("webchat", "agents").size(), 1u);
    EXPECT_TRUE(contains(w.received("webchat", "agents")[0].message.text, "✓ Sent to Mario Bianchi"));
}

TEST_F(ReplyButton, WithoutATextTheAgentIsToldHowToTypeTheReply) {
    const TicketId id = claimed_by_alice();
    w.forget_delivered();
    const auto journal_before = w.journal(id).size();
    w.click(kAlice, in_thread, reply_payload(id));
    w.click(kAlice, in_thread, reply_payload(id), "   ");
    // Some platforms report the pressed button's label as the text: that is not a reply either.
    w.click(kAlice, in_thread, reply_payload(id), "Reply");
    w.click(kAlice, in_thread, reply_payload(id), "Rispondi");
    EXPECT_TRUE(w.received("telegram", "777001").empty());
    EXPECT_EQ(w.journal(id).size(), journal_before);
    EXPECT_FALSE(w.ticket(id).first_response_at);
    auto hints = w.received("slack", "C0SERVICEDESK");
    ASSERT_EQ(hints.size(), 4u);
    for (const auto& h : hints) {
        EXPECT_EQ(h.message.text, "To write to the requester of " + id.str() + ", type `r your text` in the ticket's thread or `reply " +
                                      id.str() + " your text`.");
        EXPECT_EQ(h.message.to.thread, thread);
    }
}

TEST(ReplyButtonItalian, TheHintIsInTheAgentsLanguage) {
    DeskSettings settings = default_settings();
    settings.agent_locale = "it";
    DeskWorld w(shipped_desk_config(settings));
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    w.click(kAlice, kDeskSlack, claim_payload(id));
    w.forget_delivered();
    w.click(kAlice, kDeskSlack, reply_payload(id));
    auto hint = w.received("slack", "C0SERVICEDESK");
    ASSERT_EQ(hint.size(), 1u);
    EXPECT_TRUE(contains(hint[0].message.text, "digita `r testo` nel thread del ticket oppure `reply " + id.str())) << hint[0].message.text;
}

TEST_F(ReplyButton, SameRefusalsAsTheTypedCommand) {
    const TicketId id = w.report(kMario, "network", "P3", "VPN drops");
    w.forget_delivered();
    // An old card's button on a ticket nobody has claimed (any more).
    w.click(kAlice, kDeskSlack, reply_payload(id), "Hello?");
    EXPECT_TRUE(contains(w.received("slack", "C0SERVICEDESK").at(0).message.text, "Claim " + id.str() + " first"));
    // Someone who is not an agent.
    const Identity stranger{"slack", "U0STRANGER"};
    w.click(stranger, kDeskSlack, reply_payload(id), "I am the help desk, send me your password");
    EXPECT_TRUE(contains(w.received("slack", "C0SERVICEDESK").at(1).message.text, "only for the IT service desk team"));
    EXPECT_EQ(w.journal_count(id, "refused"), 0);  // a stranger writes nothing into the ticket's journal
    // Too long, and not UTF-8.
    w.click(kAlice, kDeskSlack, claim_payload(id));
    w.forget_delivered();
    w.click(kAlice, kDeskSlack, reply_payload(id), std::string(20000, 'x'));
    w.click(kAlice, kDeskSlack, reply_payload(id), "caf\xc3\x28 broken");
    auto answers = w.received("slack", "C0SERVICEDESK");
    ASSERT_EQ(answers.size(), 2u);
    for (const auto& a : answers) EXPECT_TRUE(contains(a.message.text, "too long or not valid UTF-8")) << a.message.text;
    EXPECT_TRUE(w.received("telegram", "777001").empty());
    EXPECT_EQ(w.journal_count(id, "relay_out"), 0);
    // A ticket that does not exist.
    w.click(kAlice, kDeskSlack, reply_payload(TicketId(TicketType::incident, 999999)), "Hello");
    EXPECT_TRUE(contains(w.received("slack", "C0SERVICEDESK").at(2).message.text, "can't find INC-999999"));
}

TEST_F(ReplyButton, ARestrictedTicketsReplyIsNotQuotedInTheBroadRoom) {
    const std::string secret = "payroll-2026.xlsx";
    const TicketId id = w.report(kMario, "data_breach", "P1", "Sent " + secret + " outside");
    w.click(kDana, kSecurity, claim_payload(id));
    const auto card = latest_card(w, id, "slack", "C0SECURITY");
    EXPECT_EQ(payloads(card), std::vector<std::string>{reply_payload(id)});  // L3: nothing to escalate to
    w.forget_delivered();
    w.click(kDana, kSecurity, reply_payload(id), "Please delete " + secret + " from your Sent folder.");
    EXPECT_TRUE(contains(w.received("telegram", "777001").at(0).message.text, secret));
    auto room = w.received("slack", "C0SECURITY");
    ASSERT_EQ(room.size(), 1u);
    EXPECT_EQ(room[0].message.text, "✓ Sent to Mario Bianchi.");
    EXPECT_EQ(w.journal_count(id, "relay_out"), 1);
}
