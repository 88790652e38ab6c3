// One person across platforms (issue 17): `link` on Telegram prints a one-time code, the code typed
// in the web chat links the two (both told), the code survives a restart, and from then on the
// person's tickets are shared and updates go where they last wrote. Wrong, expired, reused and own
// codes get a polite answer and change nothing; linking two persons who both have tickets merges
// them (journalled); agents link with `link-identity`, which nobody else may use.
#include <gtest/gtest.h>

#include <regex>

#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "tests/unit/handoff/shipped_people.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using namespace frontline::handoff::testing_support::shipped;

namespace {

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

const Identity kMarioWeb{"webchat", "mario-web"};
const Address kMarioWebChat{"webchat", "conv-mario", ""};
const Identity kLuca{"webchat", "luca"};
const Address kLucaChat{"webchat", "conv-luca", ""};

DeskConfig config_with_codes() {
    DeskConfig c = shipped_desk_config();
    // Deterministic "random" bits: every code differs, and the test reads each from the answer.
    auto next = std::make_shared<std::uint64_t>(0x5eed);
    c.random_bits = [next] { return *next = *next * 6364136223846793005ULL + 1442695040888963407ULL; };
    return c;
}

class IdentityLinking : public ::testing::Test {
protected:
    std::vector<Delivered> got(const Address& a) const { return w.received(a.platform, a.conversation_id); }

    std::string last_text(const Address& a) const {
        auto all = got(a);
        return all.empty() ? std::string() : all.back().message.text;
    }

    /// `link` typed by `who`; the code shown in the answer.
    std::string ask_code(const Identity& who, const Address& where) {
        w.text(who, where, "link");
        static const std::regex shown(R"(\*([A-Z2-9]{4}-[A-Z2-9]{4})\*)");
        std::smatch m;
        const std::string text = last_text(where);
        if (!std::regex_search(text, m, shown)) throw std::runtime_error("no code in: " + text);
        return m[1].str();
    }

    std::size_t identities_of(const Identity& who) {
        auto p = w.store().find_person(who);
        return p && *p ? (*p)->identities.size() : 0;
    }

    DeskWorld w{config_with_codes()};
};

}  // namespace

TEST_F(IdentityLinking, ACodeFromTelegramTypedInTheWebChatLinksThemAndUpdatesFollowThePerson) {
    const TicketId vpn = w.report(kMario, "network", "P3", "VPN drops every five minutes");
    const std::string code = ask_code(kMario, kMarioChat);
    EXPECT_TRUE(contains(last_text(kMarioChat), "Within 10 min")) << last_text(kMarioChat);

    // A restart between the two platforms: the code is in the store.
    w.restart_store();
    w.forget_delivered();
    w.text(kMarioWeb, kMarioWebChat, "link " + code);
    EXPECT_TRUE(contains(last_text(kMarioWebChat), "this chat and your other one (Telegram) are now linked")) << last_text(kMarioWebChat);
    EXPECT_TRUE(contains(last_text(kMarioChat), "linked with your other one (web chat)")) << last_text(kMarioChat);
    EXPECT_EQ(identities_of(kMarioWeb), 2u);
    EXPECT_EQ(w.engine().calls, 1) << "only the report reached the L1 engine";

    // The Telegram ticket is the person's in the web chat too: their words there reach it.
    w.forget_delivered();
    w.text(kMarioWeb, kMarioWebChat, "it dropped again at 10:15");
    EXPECT_EQ(w.journal_count(vpn, "relay_in"), 1);

    // The agent's answer goes where Mario last wrote: the web chat.
    w.text(kAlice, kDeskSlack, "claim " + vpn.str());
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "reply " + vpn.str() + " Please restart the VPN client");
    ASSERT_FALSE(got(kMarioWebChat).empty());
    EXPECT_TRUE(contains(last_text(kMarioWebChat), "Please restart the VPN client"));
    EXPECT_TRUE(got(kMarioChat).empty());

    // Back on Telegram: the next answer follows him there.
    w.text(kMario, kMarioChat, "done, restarting now");
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "reply " + vpn.str() + " Thanks, tell me how it goes");
    EXPECT_TRUE(contains(last_text(kMarioChat), "Thanks, tell me how it goes"));
    EXPECT_TRUE(got(kMarioWebChat).empty());

    // Mario chooses the web chat for updates: they stay there even after he writes on Telegram.
    w.text(kMarioWeb, kMarioWebChat, "updates here");
    EXPECT_TRUE(contains(last_text(kMarioWebChat), "from now on I'll send updates on your tickets here (web chat)"))
        << last_text(kMarioWebChat);
    w.text(kMario, kMarioChat, "still slow on Telegram");
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "reply " + vpn.str() + " I'm looking at the gateway logs");
    EXPECT_TRUE(contains(last_text(kMarioWebChat), "gateway logs"));
    EXPECT_TRUE(got(kMarioChat).empty());
    // "aggiornamenti dove scrivo" lets them follow him again, from where he says it.
    w.text(kMario, kMarioChat, "aggiornamenti dove scrivo");
    // (answered in the person's language, English here: the Italian words are understood too)
    EXPECT_TRUE(contains(last_text(kMarioChat), "wherever you last wrote to us")) << last_text(kMarioChat);
    w.forget_delivered();
    w.text(kAlice, kDeskSlack, "reply " + vpn.str() + " The gateway is fine, checking your client");
    EXPECT_TRUE(contains(last_text(kMarioChat), "checking your client"));
    EXPECT_TRUE(got(kMarioWebChat).empty());

    // The resolution question is answered from the web chat, as the same person.
    w.text(kMarioWeb, kMarioWebChat, "ok");
    w.text(kAlice, kDeskSlack, "resolve " + vpn.str() + " fixed VPN client updated");
    w.text(kMarioWeb, kMarioWebChat, "yes");
    EXPECT_EQ(w.ticket(vpn).status, TicketStatus::closed);
}

TEST_F(IdentityLinking, WrongExpiredReusedAndOwnCodesChangeNothing) {
    w.text(kMarioWeb, kMarioWebChat, "link ABCD-EFGH");
    EXPECT_TRUE(contains(last_text(kMarioWebChat), "I don't recognise that code")) << last_text(kMarioWebChat);

    const std::string code = ask_code(kMario, kMarioChat);
    w.text(kMario, kMarioChat, code);
    EXPECT_TRUE(contains(last_text(kMarioChat), "That's the code for this very chat"));

    w.advance(std::chrono::minutes{11});
    w.text(kMarioWeb, kMarioWebChat, code);
    EXPECT_TRUE(contains(last_text(kMarioWebChat), "That code has expired (codes work for 10 min)")) << last_text(kMarioWebChat);
    EXPECT_EQ(identities_of(kMarioWeb), 1u);
    EXPECT_EQ(identities_of(kMario), 1u);

    const std::string fresh = ask_code(kMario, kMarioChat);
    EXPECT_NE(fresh, code);
    w.text(kMarioWeb, kMarioWebChat, "collega " + fresh);
    EXPECT_EQ(identities_of(kMario), 2u);
    w.text(kLuca, kLucaChat, fresh);
    EXPECT_TRUE(contains(last_text(kLucaChat), "That code has already been used")) << last_text(kLucaChat);
    EXPECT_EQ(identities_of(kLuca), 1u) << "Luca stays himself";
    EXPECT_EQ(identities_of(kMario), 2u);
}

TEST_F(IdentityLinking, ItalianSpeakersAreAnsweredInItalian) {
    w.report(kMario, "network", "P3", "La VPN cade", "it");
    ASSERT_TRUE(w.store().set_locale(kMario, "it"));
    w.forget_delivered();
    w.text(kMario, kMarioChat, "collega");
    EXPECT_TRUE(contains(last_text(kMarioChat), "Ecco il tuo codice di collegamento")) << last_text(kMarioChat);
    w.text(kMario, kMarioChat, "collega ZZZZ-2222");
    EXPECT_TRUE(contains(last_text(kMarioChat), "Non riconosco questo codice")) << last_text(kMarioChat);
}

TEST_F(IdentityLinking, TwoPersonsWithTicketsAreMergedAndEachMovedTicketIsJournalled) {
    const TicketId vpn = w.report(kMario, "network", "P3", "VPN drops every five minutes");
    const TicketId printer = w.report(kMarioWeb, "hardware", "P4", "Printer jams");
    const std::string code = ask_code(kMario, kMarioChat);
    w.text(kMarioWeb, kMarioWebChat, code);
    EXPECT_EQ(w.journal_count(printer, "requester_linked"), 1) << "the web chat person's ticket moved";
    EXPECT_EQ(w.journal_count(vpn, "requester_linked"), 0) << "the survivor's tickets stay where they were";

    // Both tickets are the person's on either platform.
    w.forget_delivered();
    w.text(kMario, kMarioChat, "status");
    EXPECT_TRUE(contains(last_text(kMarioChat), vpn.str())) << last_text(kMarioChat);
    EXPECT_TRUE(contains(last_text(kMarioChat), printer.str())) << last_text(kMarioChat);
}

TEST_F(IdentityLinking, AgentsLinkWithLinkIdentityAndNobodyElseMay) {
    const TicketId vpn = w.report(kMario, "network", "P3", "VPN drops every five minutes");
    w.forget_delivered();
    w.text(kMario, kMarioChat, "link-identity telegram:777001 webchat:luca");
    EXPECT_TRUE(contains(last_text(kMarioChat), "only for the IT service desk team")) << last_text(kMarioChat);
    EXPECT_EQ(identities_of(kMario), 1u);
    EXPECT_EQ(w.engine().calls, 1) << "the refused command did not reach the L1 bot either";

    w.text(kAlice, kDeskSlack, "link-identity telegram:777001 webchat:mario-web");
    const auto room = got(kDeskSlack);
    ASSERT_FALSE(room.empty());
    EXPECT_TRUE(contains(room.back().message.text, "telegram:777001 and webchat:mario-web are now one person. Their tickets: " + vpn.str()))
        << room.back().message.text;
    EXPECT_EQ(identities_of(kMarioWeb), 2u);

    w.text(kAlice, kDeskSlack, "link-identity webchat:mario-web telegram:777001");
    EXPECT_TRUE(contains(got(kDeskSlack).back().message.text, "were already one person"));

    w.text(kAlice, kDeskSlack, "link-identity telegram:777001");
    EXPECT_TRUE(contains(got(kDeskSlack).back().message.text, "link-identity slack:U012AB webchat:visitor-7"));
}

TEST_F(IdentityLinking, TheCardAndShowSayHowToReachTheRequester) {
    InboundEvent e;
    e.event_id = "ev-contact";
    e.from = kMario;
    e.where = kMarioChat;
    e.text = "report network P3 VPN drops every five minutes";
    e.display_name = "Mario Bianchi";
    e.contact = "mario@example.com";
    e.phone = "+39 333 123 4567";
    e.received_at = w.now();
    w.send(e);
    std::string cards;
    for (const auto& d : w.all_delivered())
        if (d.message.message_key.find("/card/") != std::string::npos) cards += d.message.text + "\n";
    EXPECT_TRUE(contains(cards, "Requester: Mario Bianchi (telegram) · mario@example.com · +39 333 123 4567")) << cards;
    w.text(kAlice, kDeskSlack, "show INC-000001");
    EXPECT_TRUE(contains(got(kDeskSlack).back().message.text, "Requester: Mario Bianchi (telegram) · mario@example.com · +39 333 123 4567"))
        << got(kDeskSlack).back().message.text;
}
