#include <gtest/gtest.h>

#include "backend_under_test.hpp"
#include "store_test_support.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 9h;

// Every assertion here holds on both backends (backend_under_test.hpp).
class Persons : public testing::BackendTest {};
FRONTLINE_ON_BOTH_BACKENDS(Persons);
class Sessions : public testing::BackendTest {};
FRONTLINE_ON_BOTH_BACKENDS(Sessions);

TEST_P(Persons, UpsertCreatesThenUpdatesWithoutErasingKnownFields) {
    auto* store = &backend().persons();
    auto p = store->upsert_person({"slack", "U1"}, "Ada", "ada@example.com");
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->name, "Ada");
    auto again = store->upsert_person({"slack", "U1"}, "", "");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, p->id);
    EXPECT_EQ(again->contact, "ada@example.com");
    auto renamed = store->upsert_person({"slack", "U1"}, "Ada Lovelace", "");
    EXPECT_EQ(renamed->name, "Ada Lovelace");
}

TEST_P(Persons, LocaleIsRememberedAndIdentitiesLinkAcrossPlatforms) {
    auto* store = &backend().persons();
    ASSERT_TRUE(store->upsert_person({"slack", "U1"}, "Giulia", ""));
    ASSERT_TRUE(store->set_locale({"slack", "U1"}, "it"));
    ASSERT_TRUE(store->link_identity({"slack", "U1"}, {"telegram", "555"}));
    auto via_telegram = store->find_person({"telegram", "555"});
    ASSERT_TRUE(via_telegram && *via_telegram);
    EXPECT_EQ((*via_telegram)->name, "Giulia");
    EXPECT_EQ((*via_telegram)->locale, "it");
    EXPECT_EQ((*via_telegram)->identities.size(), 2u);
    EXPECT_FALSE(store->set_locale({"slack", "nobody"}, "it"));
    EXPECT_FALSE(store->link_identity({"slack", "nobody"}, {"matrix", "@x:hs"}));
}

TEST_P(Persons, TheTimeZoneIsRememberedAndABadOneChangesNothing) {
    auto* store = &backend().persons();
    ASSERT_TRUE(store->upsert_person({"webchat", "w1"}, "Ada", ""));
    ASSERT_TRUE(store->set_time_zone({"webchat", "w1"}, "America/New_York"));
    EXPECT_EQ((*store->find_person({"webchat", "w1"}))->timezone, "America/New_York");
    auto bad = store->set_time_zone({"webchat", "w1"}, "../../etc/passwd");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::invalid_argument);
    auto nobody = store->set_time_zone({"webchat", "nobody"}, "Europe/Rome");
    ASSERT_FALSE(nobody);
    EXPECT_EQ(nobody.error().code, Errc::not_found);
    EXPECT_EQ((*store->find_person({"webchat", "w1"}))->timezone, "America/New_York");
}

TEST_P(Persons, BadIdentitiesAndNamesAreRefused) {
    auto* store = &backend().persons();
    EXPECT_FALSE(store->upsert_person({"", "U1"}, "x", ""));
    EXPECT_FALSE(store->upsert_person({"slack", ""}, "x", ""));
    EXPECT_FALSE(store->upsert_person({"slack", "U1"}, "bad \xff name", ""));
    EXPECT_FALSE(store->upsert_person({"slack", "U1"}, std::string(1 << 20, 'n'), ""));
    EXPECT_FALSE(store->find_person({"slack", "U1"})->has_value()) << "nothing was written";
}

TEST_P(Sessions, SaveLoadEraseAndSurviveReopen) {
    const Identity user{"webchat", "abc"};
    {
        auto* store = &backend().sessions();
        EXPECT_FALSE(store->load_session(user)->has_value());
        ASSERT_TRUE(store->save_session({user, R"({"node":"vpn_since"})", kT0}));
        ASSERT_TRUE(store->save_session({user, R"({"node":"vpn_error"})", kT0 + 1min}));
    }
    backend().reopen();
    auto* store = &backend().sessions();
    auto s = store->load_session(user);
    ASSERT_TRUE(s && *s);
    EXPECT_EQ((*s)->state, R"({"node":"vpn_error"})");
    EXPECT_EQ((*s)->updated_at, kT0 + 1min);
    ASSERT_TRUE(store->erase_session(user));
    EXPECT_FALSE(store->load_session(user)->has_value());
}

TEST_P(Sessions, AFlowVersionIsKeptWhileAConversationStandsOnIt) {
    auto* store = &backend().sessions();
    ASSERT_TRUE(store->keep_flow_version("vpn", "v1", R"({"nodes":1})", kT0));
    ASSERT_TRUE(store->keep_flow_version("vpn", "v1", R"({"nodes":"edited"})", kT0 + 1min)) << "kept once: no error";
    ASSERT_TRUE(store->keep_flow_version("vpn", "v2", R"({"nodes":2})", kT0 + 2min));
    auto v1 = store->find_flow_version("vpn", "v1");
    ASSERT_TRUE(v1 && *v1);
    EXPECT_EQ(**v1, R"({"nodes":1})") << "a version's text never changes once kept";
    EXPECT_FALSE(store->find_flow_version("vpn", "v9")->has_value());

    ASSERT_TRUE(store->save_session({{"webchat", "a"}, R"({"flow":"vpn","flow_version":"v1","node":"since"})", kT0}));
    ASSERT_TRUE(store->save_session({{"slack", "U1"}, R"({"flow":"vpn","flow_version":"v1"})", kT0}));
    auto uses = store->flow_versions();
    ASSERT_TRUE(uses) << uses.error().message;
    ASSERT_EQ(uses->size(), 2u);
    EXPECT_EQ(uses->at(0).version, "v1");
    EXPECT_EQ(uses->at(0).conversations, 2);
    EXPECT_EQ(uses->at(1).version, "v2");
    EXPECT_EQ(uses->at(1).conversations, 0);

    auto forgotten = store->forget_unused_flow_versions();
    ASSERT_TRUE(forgotten);
    EXPECT_EQ(*forgotten, 1);
    EXPECT_FALSE(store->find_flow_version("vpn", "v2")->has_value());
    EXPECT_TRUE(store->find_flow_version("vpn", "v1")->has_value()) << "two conversations still stand on it";
    EXPECT_FALSE(store->keep_flow_version("vpn", "v3", "bad \xff text", kT0));
    EXPECT_FALSE(store->find_flow_version("vpn", "v3")->has_value()) << "bad input changes nothing";
}

}  // namespace
}  // namespace frontline

namespace frontline {
namespace {

using namespace std::chrono_literals;

const TimePoint kLinkT0 = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 9h;

class LinkCodes : public testing::BackendTest {};
FRONTLINE_ON_BOTH_BACKENDS(LinkCodes);
class IdentityLinks : public testing::BackendTest {};
FRONTLINE_ON_BOTH_BACKENDS(IdentityLinks);

LinkCode code_for(const Identity& owner, const std::string& code, TimePoint at) {
    return LinkCode{code, owner, Address{owner.platform, "chat-" + owner.user_id, ""}, at, at + 10min};
}

Ticket ticket_of(TicketRepository& store, const Identity& requester, const std::string& title) {
    auto id = store.allocate_id(TicketType::incident);
    Ticket t = testing::sample_ticket(*id, kLinkT0, title);
    t.requester = {"someone", requester, "", ""};
    EXPECT_TRUE(store.save_ticket(t));
    return t;
}

TEST_P(LinkCodes, AValidCodeIsUsedOnceAndSurvivesAReopen) {
    const Identity slack{"slack", "U1"}, web{"webchat", "v7"}, tg{"telegram", "9"};
    {
        auto* store = &backend().persons();
        ASSERT_TRUE(store->save_link_code(code_for(slack, "K7PQ2MXZ", kLinkT0)));
    }
    backend().reopen();
    auto* store = &backend().persons();
    auto own = store->redeem_link_code("K7PQ2MXZ", slack, kLinkT0 + 1min);
    ASSERT_TRUE(own);
    EXPECT_EQ(own->check, LinkCodeCheck::own) << "typed in its own chat: not used up";
    auto first = store->redeem_link_code("K7PQ2MXZ", web, kLinkT0 + 2min);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->check, LinkCodeCheck::valid);
    EXPECT_EQ(first->code->owner, slack);
    EXPECT_EQ(first->code->where.conversation_id, "chat-U1");
    EXPECT_EQ(store->redeem_link_code("K7PQ2MXZ", tg, kLinkT0 + 3min)->check, LinkCodeCheck::used);
    EXPECT_EQ(store->redeem_link_code("K7PQ2MXZ", web, kLinkT0 + 3min)->check, LinkCodeCheck::used);
    EXPECT_EQ(store->redeem_link_code("NOPE2345", web, kLinkT0)->check, LinkCodeCheck::unknown);
    EXPECT_EQ(store->redeem_link_code("", web, kLinkT0)->check, LinkCodeCheck::unknown);
}

TEST_P(LinkCodes, AnExpiredCodeOrAReplacedOneLinksNothing) {
    auto* store = &backend().persons();
    const Identity slack{"slack", "U1"}, web{"webchat", "v7"};
    ASSERT_TRUE(store->save_link_code(code_for(slack, "AAAA2222", kLinkT0)));
    EXPECT_EQ(store->redeem_link_code("AAAA2222", web, kLinkT0 + 10min)->check, LinkCodeCheck::expired);
    EXPECT_EQ(store->redeem_link_code("AAAA2222", web, kLinkT0 + 9min)->check, LinkCodeCheck::valid)
        << "the expired attempt did not use it up";
    ASSERT_TRUE(store->save_link_code(code_for(slack, "BBBB3333", kLinkT0)));
    ASSERT_TRUE(store->save_link_code(code_for(slack, "CCCC4444", kLinkT0 + 1min)));
    EXPECT_EQ(store->redeem_link_code("BBBB3333", web, kLinkT0 + 2min)->check, LinkCodeCheck::unknown)
        << "asking again replaces the code not typed yet";
    EXPECT_EQ(store->redeem_link_code("CCCC4444", web, kLinkT0 + 2min)->check, LinkCodeCheck::valid);
    EXPECT_FALSE(store->save_link_code(code_for({"", "x"}, "DDDD5555", kLinkT0)));
}

TEST_P(IdentityLinks, LinkingMergesTwoPersonsWithTheirTicketsAndLogsIt) {
    auto* store = &backend().persons();
    const Identity slack{"slack", "U1"}, web{"webchat", "v7"}, tg{"telegram", "9"};
    ASSERT_TRUE(store->upsert_person(slack, "Maria Rossi", ""));
    ASSERT_TRUE(store->upsert_person(web, "maria", "maria@example.com"));
    ASSERT_TRUE(store->set_locale(web, "it"));
    ASSERT_TRUE(store->link_identity(web, tg));
    const Ticket on_slack = ticket_of(backend().tickets(), slack, "VPN drops");
    const Ticket on_web = ticket_of(backend().tickets(), web, "Printer jams");
    const Ticket on_tg = ticket_of(backend().tickets(), tg, "Phone lost");
    const auto web_person = (*store->find_person(web))->id;

    auto linked = store->link_person_identity(slack, web, "code", kLinkT0);
    ASSERT_TRUE(linked) << linked.error().message;
    EXPECT_FALSE(linked->already);
    ASSERT_TRUE(linked->merged_person);
    EXPECT_EQ(*linked->merged_person, web_person);
    EXPECT_EQ(linked->moved.size(), 2u) << "the merged person's every identity moved";

    auto p = store->find_person(tg);
    ASSERT_TRUE(p && *p);
    EXPECT_EQ((*p)->id, linked->person_id);
    EXPECT_EQ((*p)->name, "Maria Rossi") << "the survivor's name stays";
    EXPECT_EQ((*p)->contact, "maria@example.com") << "the survivor's blank is filled";
    EXPECT_EQ((*p)->locale, "it");
    EXPECT_EQ((*p)->identities.size(), 3u);

    // Each identity now lists the person's three tickets.
    for (const auto& who : {slack, web, tg}) {
        TicketFilter f;
        f.requester = who;
        auto mine = backend().tickets().list_tickets(f);
        ASSERT_TRUE(mine);
        EXPECT_EQ(mine->size(), 3u) << who.platform;
    }
    // Someone else's tickets are not theirs.
    TicketFilter other;
    other.requester = Identity{"slack", "U2"};
    EXPECT_TRUE(backend().tickets().list_tickets(other)->empty());

    auto log = backend().rows("SELECT actor, person_id, merged_person FROM identity_links ORDER BY seq");
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0][0], "system") << "the first link, by link_identity";
    EXPECT_EQ(log[1][0], "code");
    EXPECT_EQ(log[1][1], std::to_string(linked->person_id));
    EXPECT_EQ(log[1][2], std::to_string(web_person));
    EXPECT_EQ(backend().count("persons"), 1);
    (void)on_slack;
    (void)on_web;
    (void)on_tg;
}

TEST_P(IdentityLinks, LinkingTheSamePersonAgainChangesNothing) {
    auto* store = &backend().persons();
    const Identity slack{"slack", "U1"}, web{"webchat", "v7"};
    ASSERT_TRUE(store->upsert_person(slack, "Maria", ""));
    ASSERT_TRUE(store->link_person_identity(slack, web, "code", kLinkT0));
    auto again = store->link_person_identity(web, slack, "agent:alice", kLinkT0);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->already);
    EXPECT_TRUE(again->moved.empty());
    EXPECT_FALSE(store->link_person_identity({"slack", "nobody"}, web, "code", kLinkT0)) << "no person to link to";
}

TEST_P(IdentityLinks, WhereAPersonLastWroteIsRemembered) {
    const Identity slack{"slack", "U1"}, web{"webchat", "v7"};
    {
        auto* store = &backend().persons();
        ASSERT_TRUE(store->note_seen(slack, {"slack", "D01", ""}));
        auto p = store->find_person(slack);
        ASSERT_TRUE(p && *p) << "a person is made for someone new";
        ASSERT_TRUE((*p)->last_identity);
        EXPECT_EQ(*(*p)->last_identity, slack);
        ASSERT_TRUE(store->link_identity(slack, web));
        ASSERT_TRUE(store->note_seen(web, {"webchat", "conv-9", ""}));
    }
    backend().reopen();
    auto* store = &backend().persons();
    auto p = store->find_person(slack);
    ASSERT_TRUE(p && *p);
    EXPECT_EQ(*(*p)->last_identity, web);
    EXPECT_EQ((*p)->last_address, (Address{"webchat", "conv-9", ""}));
    EXPECT_FALSE(store->note_seen({"slack", ""}, {"slack", "D01", ""}));
}

TEST_P(IdentityLinks, APlaceThePersonChoseHoldsUntilTheyLetUpdatesFollowThemAgain) {
    const Identity slack{"slack", "U1"}, web{"webchat", "v7"};
    const Address slack_dm{"slack", "D01", ""}, web_chat{"webchat", "conv-9", ""};
    {
        auto* store = &backend().persons();
        ASSERT_TRUE(store->note_seen(slack, slack_dm));
        ASSERT_TRUE(store->link_identity(slack, web));
        ASSERT_TRUE(store->choose_updates_place(slack, slack_dm, true));
        ASSERT_TRUE(store->note_seen(web, web_chat));  // writing elsewhere does not move the choice
    }
    backend().reopen();
    auto* store = &backend().persons();
    auto p = store->find_person(web);
    ASSERT_TRUE(p && *p);
    EXPECT_TRUE((*p)->updates_pinned);
    EXPECT_EQ(*(*p)->last_identity, slack);
    EXPECT_EQ((*p)->last_address, slack_dm);
    ASSERT_TRUE(store->choose_updates_place(web, web_chat, false));
    ASSERT_TRUE(store->note_seen(slack, slack_dm));
    p = store->find_person(web);
    EXPECT_FALSE((*p)->updates_pinned);
    EXPECT_EQ(*(*p)->last_identity, slack) << "following where they last wrote again";
    EXPECT_FALSE(store->choose_updates_place({"slack", ""}, slack_dm, true)) << "an identity without a user is refused";
}

}  // namespace
}  // namespace frontline
