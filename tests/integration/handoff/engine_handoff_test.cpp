// The whole path on the shipped configuration: the real conversation engine wrapped by the Desk as
// the service builds it (make_desk), a web chat user, agents in the web chat's agents room.
#include <gtest/gtest.h>

#include <cstdlib>

#include "bot/config/config.hpp"
#include "bot/config/desk_factory.hpp"
#include "tests/integration/handoff/desk_world.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;

namespace {

bool contains(const std::string& s, const std::string& n) { return s.find(n) != std::string::npos; }

std::string dump(const std::vector<Delivered>& ds) {
    std::string out;
    for (const auto& d : ds) out += "[" + d.message.to.platform + ":" + d.message.to.conversation_id + "] " + d.message.text + "\n";
    return out;
}

std::unique_ptr<DeskWorld> shipped_world() {
    auto dir = std::make_unique<testkit::TempDir>();
    auto cfg = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
                            {"store.path=" + dir->file("frontline.db").string()});
    if (!cfg) throw std::runtime_error(cfg.error().message);
    // The shipped config enables the web chat alone; its adapter's capabilities.
    const PlatformCapabilities webchat{.buttons = true, .threads = false, .edits = true, .ephemeral = false,
                                       .reaches_offline_users = false, .profile_name = false, .profile_contact = false};
    auto desk = make_desk(*cfg, {{"webchat", webchat}});
    if (!desk) throw std::runtime_error(desk.error().message);
    return std::make_unique<DeskWorld>(std::move(*desk), std::move(dir));
}

std::optional<Ticket> escalated_ticket_of(DeskWorld& w, const Identity& user) {
    TicketFilter f;
    f.requester = user;
    auto list = w.store().list_tickets(f);
    if (!list) return std::nullopt;
    for (const auto& t : *list)
        if (t.status == TicketStatus::escalated) return t;
    return std::nullopt;
}

/// "agent", and "skip" when the web chat asks who is writing before the hand-off (first time only).
void ask_for_a_person(DeskWorld& w, const Identity& user, const Address& chat) {
    w.text(user, chat, "agent");
    if (!escalated_ticket_of(w, user)) w.text(user, chat, "skip");
}

}  // namespace

TEST(DeskOverTheRealEngine, WebChatUserToAgentAndBackUntilClosure) {
    auto world = shipped_world();
    DeskWorld& w = *world;
    const Identity user{"webchat", "session-e2e"};
    const Address chat{"webchat", "session-e2e", ""};
    const Identity bruno{"webchat", "bruno"};
    const Address agents{"webchat", "agents", ""};

    w.text(user, chat, "My VPN keeps dropping every five minutes");
    // Whatever the engine asks, "agent" is the global word for "a person, please".
    for (int i = 0; i < 3 && !escalated_ticket_of(w, user); ++i) {
        ask_for_a_person(w, user, chat);
        if (!escalated_ticket_of(w, user)) w.text(user, chat, "My VPN keeps dropping every five minutes since this morning");
    }
    auto t = escalated_ticket_of(w, user);
    ASSERT_TRUE(t) << dump(w.all_delivered());
    const TicketId id = t->id;

    // The agents' room got the card with its buttons.
    auto room = w.received("webchat", "agents");
    ASSERT_FALSE(room.empty()) << dump(w.all_delivered());
    const auto& card = room.back().message;
    EXPECT_TRUE(contains(card.text, id.str()));
    ASSERT_FALSE(card.choices.empty());
    EXPECT_EQ(card.choices[0].payload, claim_payload(id));
    // Only the web chat runs in the shipped frontline.json: nothing waits for Slack, Telegram or Matrix.
    for (const auto& d : w.all_delivered()) EXPECT_EQ(d.message.to.platform, "webchat") << d.message.text;
    w.forget_delivered();

    // Claimed with the button; the two talk through the bot.
    w.click(bruno, agents, claim_payload(id));
    EXPECT_EQ(w.ticket(id).assignee, "bruno");
    EXPECT_TRUE(contains(w.received("webchat", "session-e2e").at(0).message.text, "Bruno Esposito"));
    w.text(user, chat, "It is the office VPN, on Windows 11");
    EXPECT_TRUE(contains(dump(w.received("webchat", "agents")), "It is the office VPN, on Windows 11"));
    w.forget_delivered();
    w.text(bruno, agents, "reply " + id.str() + " Thanks: please update the VPN client from the Software Center.");
    EXPECT_TRUE(contains(dump(w.received("webchat", "session-e2e")), "Software Center"));

    // Resolved, confirmed, closed; the journal shows each step.
    w.text(bruno, agents, "resolve " + id.str() + " fixed Updated the VPN client to 5.2");
    w.forget_delivered();
    w.text(user, chat, "yes");
    EXPECT_EQ(w.ticket(id).status, TicketStatus::closed) << dump(w.all_delivered());
    std::string kinds;
    for (const auto& e : w.journal(id)) kinds += e.kind + " ";
    for (const char* k : {"escalation_ping", "claim", "relay_in", "relay_out", "resolution", "confirmed"})
        EXPECT_TRUE(contains(kinds, k)) << k << " missing from: " << kinds;
}

TEST(DeskOverTheRealEngine, TheCardNamesTheSimilarIncidentsFoundOnceWhenTheTicketReachedPeople) {
    auto world = shipped_world();
    DeskWorld& w = *world;
    const Identity bruno{"webchat", "bruno"};
    const Address agents{"webchat", "agents", ""};
    auto escalated = [&](const Identity& user) {
        const Address chat{"webchat", user.user_id, ""};
        w.text(user, chat, "My VPN keeps dropping every five minutes");
        for (int i = 0; i < 3 && !escalated_ticket_of(w, user); ++i) ask_for_a_person(w, user, chat);
        return escalated_ticket_of(w, user);
    };
    const auto first = escalated({"webchat", "session-first"});
    ASSERT_TRUE(first) << dump(w.all_delivered());
    const auto second = escalated({"webchat", "session-second"});
    ASSERT_TRUE(second) << dump(w.all_delivered());

    // Searched once, as the second ticket reached the people, and kept on it.
    ASSERT_TRUE(second->similar.has_value());
    ASSERT_FALSE(second->similar->empty());
    EXPECT_EQ(second->similar->front().id, first->id);
    ASSERT_TRUE(first->similar.has_value());
    EXPECT_TRUE(first->similar->empty());  // nothing like it was open yet

    // Every update of the card names it (a claim here) from the ticket, without searching again.
    w.forget_delivered();
    w.click(bruno, agents, claim_payload(second->id));
    std::string cards;
    for (const auto& d : w.received("webchat", "agents"))
        if (contains(d.message.text, second->id.str()) && contains(d.message.text, "Similar open incidents")) cards += d.message.text;
    EXPECT_TRUE(contains(cards, first->id.str())) << dump(w.all_delivered());
}

namespace {

std::vector<Ticket> tickets_of(DeskWorld& w, const Identity& user) {
    TicketFilter f;
    f.requester = user;
    auto list = w.store().list_tickets(f);
    return list ? *list : std::vector<Ticket>{};
}

std::string relayed_text(DeskWorld& w, const TicketId& id) {
    std::string all;
    for (const auto& j : w.journal(id))
        if (j.kind == "relay_in") all += j.details;
    return all;
}

}  // namespace

// Issue 17: "another thing: …", "new ticket" and "cancel" were each added to the open ticket.
TEST(DeskOverTheRealEngine, ANewProblemWhileATicketIsWithTheAgentsStartsASecondIntake) {
    auto world = shipped_world();
    DeskWorld& w = *world;
    const Identity user{"webchat", "session-two"};
    const Address chat{"webchat", "session-two", ""};
    w.text(user, chat, "The Wi-Fi keeps disconnecting in meeting room 3");
    for (int i = 0; i < 3 && !escalated_ticket_of(w, user); ++i) ask_for_a_person(w, user, chat);
    auto first = escalated_ticket_of(w, user);
    ASSERT_TRUE(first) << dump(w.all_delivered());

    w.forget_delivered();
    w.text(user, chat, "another thing: I need Visio installed on my laptop");
    EXPECT_FALSE(contains(relayed_text(w, first->id), "Visio"));
    EXPECT_FALSE(contains(dump(w.received("webchat", "session-two")), "added that to " + first->id.str())) << dump(w.all_delivered());
    // The engine took it: asked for a person, it logs and escalates it as a ticket of its own.
    w.text(user, chat, "agent");
    EXPECT_EQ(tickets_of(w, user).size(), 2u) << dump(w.all_delivered());

    // Announced first, told next: the description is the engine's too.
    w.forget_delivered();
    w.text(user, chat, "new ticket");
    EXPECT_TRUE(contains(dump(w.received("webchat", "session-two")), "What's happening?")) << dump(w.all_delivered());
    w.text(user, chat, "My second monitor stays black since this morning");
    w.text(user, chat, "agent");
    EXPECT_EQ(tickets_of(w, user).size(), 3u) << dump(w.all_delivered());
    EXPECT_FALSE(contains(relayed_text(w, first->id), "monitor"));
}
