// Incidents opened by monitoring (issue 20) on the shipped configuration: the Desk as the service
// builds it over the real conversation engine, Alertmanager notifications decoded from captured
// payloads (tests/fixtures/alertmanager) and applied through the engine loop's batch.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "adapters/alertmanager/alert_payload.hpp"
#include "bot/config/config.hpp"
#include "bot/config/desk_factory.hpp"
#include "tests/integration/handoff/desk_world.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;

namespace {

const Identity kBruno{"webchat", "bruno"};
const Identity kChiara{"webchat", "chiara"};  // L3: a P1 goes straight to L3
const Address kAgents{"webchat", "agents", ""};

bool contains(const std::string& s, const std::string& n) { return s.find(n) != std::string::npos; }

std::string dump(const std::vector<Delivered>& ds) {
    std::string out;
    for (const auto& d : ds) out += "[" + d.message.to.platform + ":" + d.message.to.conversation_id + "] " + d.message.text + "\n";
    return out;
}

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(FRONTLINE_SOURCE_DIR) + "/tests/fixtures/alertmanager/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The VPN rule: critical VPN alerts are P1 network/vpn incidents; `auto_resolve` as asked, and
/// `extra` (e.g. a "team") added to the rule.
std::unique_ptr<DeskWorld> world(bool auto_resolve, const std::string& extra = "") {
    auto dir = std::make_unique<testkit::TempDir>();
    const std::string rules = R"([{"name": "vpn", "match": {"service": "vpn", "severity": "critical"},
        "category": "network/vpn", "affected_service": "VPN", "impact": "high", "urgency": "high", "auto_resolve": )" +
                              std::string(auto_resolve ? "true" : "false") + extra + "}]";
    auto cfg = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
                            {"store.path=" + dir->file("frontline.db").string(), "alertmanager.rules=" + rules,
                             R"(alertmanager.default={"category": "outage/internal_service", "impact": "medium", "urgency": "medium"})"});
    if (!cfg) throw std::runtime_error(cfg.error().message);
    const PlatformCapabilities webchat{.buttons = true, .threads = false, .edits = true, .ephemeral = false,
                                       .reaches_offline_users = false};
    auto desk = make_desk(*cfg, {{"webchat", webchat}});
    if (!desk) throw std::runtime_error(desk.error().message);
    return std::make_unique<DeskWorld>(std::move(*desk), std::move(dir));
}

int alert_events = 0;

/// One Alertmanager notification as the webhook hands it to the engine loop. Each call is a new
/// delivery (its own event id): what the inbox does with a byte-identical retry is the webhook's test.
Effects notify(DeskWorld& w, const std::string& fixture_name) {
    auto notice = alertmanager::parse_webhook_payload(fixture(fixture_name));
    if (!notice) throw std::runtime_error(notice.error().message);
    InboundEvent e;
    e.event_id = "am-" + std::to_string(++alert_events);
    e.kind = InboundKind::alert;
    e.from = {"alertmanager", notice->receiver};
    e.alert = std::make_shared<const AlertNotice>(std::move(*notice));
    e.received_at = w.now();
    return w.send(e);
}

std::vector<Ticket> all_tickets(DeskWorld& w) {
    auto list = w.store().list_tickets(TicketFilter{});
    if (!list) throw std::runtime_error(list.error().message);
    return *list;
}

std::vector<Ticket> monitoring_tickets(DeskWorld& w) {
    std::vector<Ticket> out;
    for (auto& t : all_tickets(w))
        if (t.requester.identity.platform == "alertmanager") out.push_back(t);
    return out;
}

/// A web chat user reporting a VPN problem, up to the first thing the flow asks after the priority.
std::vector<Delivered> report_vpn_problem(DeskWorld& w, const std::string& user) {
    const Identity who{"webchat", user};
    const Address chat{"webchat", user, ""};
    w.text(who, chat, "The VPN won't connect, it times out");
    w.text(who, chat, "2");  // my team
    w.text(who, chat, "2");  // blocked
    return w.received("webchat", user);
}

}  // namespace

TEST(AlertIncidents, FiringOpensOneEscalatedIncidentWithTheAlertOnItsCard) {
    auto world_ = world(false);
    DeskWorld& w = *world_;
    notify(w, "vpn_firing.json");
    auto opened = monitoring_tickets(w);
    ASSERT_EQ(opened.size(), 1u);
    const Ticket& t = opened[0];
    EXPECT_EQ(t.status, TicketStatus::escalated);
    EXPECT_EQ(t.category, "network");
    EXPECT_EQ(t.subcategory, "vpn");
    EXPECT_EQ(t.affected_service, "VPN");
    EXPECT_EQ(t.priority, Priority::p1);
    EXPECT_EQ(t.title, "VPN gateway unreachable");
    EXPECT_TRUE(t.address.platform.empty());  // nobody to answer: monitoring is not a chat
    EXPECT_EQ(w.journal_count(t.id, "alert"), 1);
    EXPECT_EQ(w.journal_count(t.id, "escalation_ping"), 1);

    // The card in the agents' room: labels, annotations with the runbook as a plain URL, the start.
    auto room = w.received("webchat", "agents");
    ASSERT_EQ(room.size(), 1u) << dump(w.all_delivered());
    const std::string& card = room[0].message.text;
    EXPECT_TRUE(contains(card, t.id.str())) << card;
    EXPECT_TRUE(contains(card, "The VPN gateway vpn-gw-1 has not answered probes")) << card;
    EXPECT_TRUE(contains(card, "Runbook: https://wiki.example.org/runbooks/vpn-gateway")) << card;
    EXPECT_TRUE(contains(card, "service=vpn")) << card;
    EXPECT_TRUE(contains(card, "severity=critical")) << card;
    EXPECT_TRUE(contains(card, "2026-12-06T21:58:03Z")) << card;
    ASSERT_FALSE(room[0].message.choices.empty());
    EXPECT_EQ(room[0].message.choices[0].payload, claim_payload(t.id));
    // Only the agents hear of it: nothing is addressed anywhere else.
    for (const auto& d : w.all_delivered()) EXPECT_EQ(d.message.to.conversation_id, "agents") << d.message.text;
}

/// The team named in the journal's escalation pings of `id`, in order.
std::vector<std::string> pinged_teams(DeskWorld& w, const TicketId& id) {
    std::vector<std::string> teams;
    for (const auto& e : w.journal(id))
        if (e.kind == "escalation_ping") teams.push_back(nlohmann::json::parse(e.details).value("team", ""));
    return teams;
}

TEST(AlertIncidents, ARuleNamingATeamSendsTheIncidentToThatTeamAtEveryTier) {
    // Without a team the escalation rules decide: a P1 goes to the default route's L3 team.
    {
        auto world_ = world(false);
        notify(*world_, "vpn_firing.json");
        auto opened = monitoring_tickets(*world_);
        ASSERT_EQ(opened.size(), 1u);
        EXPECT_TRUE(opened[0].team.empty());
        EXPECT_EQ(pinged_teams(*world_, opened[0].id), std::vector<std::string>{"infrastructure"});
    }
    auto world_ = world(false, R"(, "team": "security")");
    DeskWorld& w = *world_;
    notify(w, "vpn_firing.json");
    auto opened = monitoring_tickets(w);
    ASSERT_EQ(opened.size(), 1u);
    EXPECT_EQ(opened[0].team, "security");
    EXPECT_EQ(pinged_teams(w, opened[0].id), std::vector<std::string>{"security"});
    // The team is kept with the ticket across a restart, so later re-pings and tier changes keep it.
    w.restart_store();
    EXPECT_EQ(w.ticket(opened[0].id).team, "security");
}

TEST(AlertIncidents, RepeatedFiringNeverOpensASecondIncidentAndJoinedAlertsAreJournalled) {
    auto world_ = world(false);
    DeskWorld& w = *world_;
    notify(w, "vpn_firing.json");
    const TicketId id = monitoring_tickets(w).at(0).id;
    w.forget_delivered();

    notify(w, "vpn_firing.json");  // Alertmanager's repeat_interval: nothing new
    EXPECT_EQ(all_tickets(w).size(), 1u);
    EXPECT_EQ(w.journal_count(id, "alert"), 1);
    EXPECT_TRUE(w.all_delivered().empty()) << dump(w.all_delivered());

    notify(w, "vpn_joined.json");  // a second gateway down in the same group
    EXPECT_EQ(all_tickets(w).size(), 1u);
    EXPECT_EQ(w.journal_count(id, "alert"), 2);
    auto room = w.received("webchat", "agents");
    ASSERT_EQ(room.size(), 1u) << dump(w.all_delivered());
    EXPECT_TRUE(contains(room[0].message.text, id.str()));
    EXPECT_TRUE(contains(room[0].message.text, "VPN gateway unreachable"));

    notify(w, "vpn_joined.json");
    EXPECT_EQ(w.journal_count(id, "alert"), 2);
    EXPECT_EQ(all_tickets(w).size(), 1u);
}

TEST(AlertIncidents, AnUnmatchedAlertGetsTheDefaultCategory) {
    auto world_ = world(false);
    DeskWorld& w = *world_;
    notify(w, "disk_firing.json");
    auto opened = monitoring_tickets(w);
    ASSERT_EQ(opened.size(), 1u);
    EXPECT_EQ(opened[0].category, "outage");
    EXPECT_EQ(opened[0].subcategory, "internal_service");
    EXPECT_EQ(opened[0].priority, Priority::p3);
    EXPECT_EQ(opened[0].status, TicketStatus::escalated);
}

TEST(AlertIncidents, ResolvedByDefaultIsJournalledAndTheTeamToldButAPersonResolves) {
    auto world_ = world(false);
    DeskWorld& w = *world_;
    notify(w, "vpn_firing.json");
    const TicketId id = monitoring_tickets(w).at(0).id;
    w.click(kChiara, kAgents, claim_payload(id));
    ASSERT_EQ(w.ticket(id).assignee, "chiara") << dump(w.all_delivered());
    w.forget_delivered();

    notify(w, "vpn_resolved.json");
    EXPECT_EQ(w.journal_count(id, "alert_resolved"), 1);
    EXPECT_EQ(w.ticket(id).status, TicketStatus::in_progress);
    // The assignee hears privately that the alerts cleared.
    auto told = w.received("webchat", "chiara");
    ASSERT_EQ(told.size(), 1u) << dump(w.all_delivered());
    EXPECT_TRUE(contains(told[0].message.text, "cleared")) << told[0].message.text;
    EXPECT_TRUE(contains(told[0].message.text, "resolve " + id.str())) << told[0].message.text;

    notify(w, "vpn_resolved.json");  // said once
    EXPECT_EQ(w.journal_count(id, "alert_resolved"), 1);
    EXPECT_EQ(w.received("webchat", "chiara").size(), 1u);
}

TEST(AlertIncidents, UsersMeetTheKnownOutageAtTheStartAndAreResolvedWithItWhenTheRuleSaysSo) {
    auto world_ = world(true);
    DeskWorld& w = *world_;
    notify(w, "vpn_firing.json");
    const TicketId outage = monitoring_tickets(w).at(0).id;

    // Right after the priority, before the first question of the VPN flow: the offer.
    auto seen = report_vpn_problem(w, "sara");
    ASSERT_FALSE(seen.empty());
    const auto& offer = seen.back().message;
    EXPECT_TRUE(contains(offer.text, "We already know about a problem with")) << dump(seen);
    EXPECT_TRUE(contains(offer.text, outage.str())) << offer.text;
    for (const auto& d : seen) EXPECT_FALSE(contains(d.message.text, "Which connection")) << dump(seen);
    ASSERT_EQ(offer.choices.size(), 2u);
    w.text({"webchat", "sara"}, {"webchat", "sara", ""}, "1");  // yes, link it

    TicketFilter mine;
    mine.requester = Identity{"webchat", "sara"};
    auto sara = w.store().list_tickets(mine);
    ASSERT_TRUE(sara && sara->size() == 1u);
    const TicketId child = sara->at(0).id;
    EXPECT_EQ(sara->at(0).parent, outage);
    EXPECT_EQ(sara->at(0).status, TicketStatus::escalated);
    EXPECT_TRUE(contains(w.received("webchat", "sara").back().message.text, child.str()));
    // No urgent card of its own for Sara's report: the outage's one card lists it, updated in place.
    EXPECT_EQ(w.journal_count(child, "folded"), 1);
    EXPECT_EQ(w.journal_count(child, "escalation_ping"), 0);
    bool listed = false;
    for (const auto& d : w.received("webchat", "agents")) {
        EXPECT_FALSE(contains(d.message.text, "Requester: sara")) << "Sara's report got a card: " << d.message.text;
        listed = listed || (!d.message.replaces.empty() && contains(d.message.text, "Linked reports (1): " + child.str()));
    }
    EXPECT_TRUE(listed) << dump(w.received("webchat", "agents"));

    // A second user says theirs is different: the diagnosis goes on with its first question.
    auto other = report_vpn_problem(w, "tom");
    EXPECT_TRUE(contains(other.back().message.text, outage.str()));
    w.text({"webchat", "tom"}, {"webchat", "tom", ""}, "2");
    EXPECT_TRUE(contains(w.received("webchat", "tom").back().message.text, "Which connection")) << dump(w.received("webchat", "tom"));

    // The outage's broadcasts reach the linked user.
    w.forget_delivered();
    w.text(kBruno, kAgents, "broadcast " + outage.str() + " The VPN gateways are being restarted");
    auto update = w.received("webchat", "sara");
    ASSERT_EQ(update.size(), 1u) << dump(w.all_delivered());
    EXPECT_TRUE(contains(update[0].message.text, "The VPN gateways are being restarted"));
    EXPECT_TRUE(w.received("webchat", "tom").empty());

    // Monitoring sees the alerts clear; the rule resolves the outage and its child, the user confirms.
    w.forget_delivered();
    notify(w, "vpn_resolved.json");
    EXPECT_EQ(w.ticket(outage).status, TicketStatus::resolved);
    EXPECT_EQ(w.ticket(child).status, TicketStatus::resolved);
    auto asked = w.received("webchat", "sara");
    ASSERT_EQ(asked.size(), 1u) << dump(w.all_delivered());
    EXPECT_EQ(asked[0].message.choices.size(), 2u);
    EXPECT_TRUE(contains(asked[0].message.text, child.str()));
    EXPECT_TRUE(contains(w.received("webchat", "agents").back().message.text, "resolved automatically")) << dump(w.all_delivered());
}

TEST(AlertIncidents, AGroupFiringAgainAfterItsIncidentClosedOpensANewOne) {
    auto world_ = world(true);
    DeskWorld& w = *world_;
    notify(w, "vpn_firing.json");
    const TicketId first = monitoring_tickets(w).at(0).id;
    notify(w, "vpn_resolved.json");
    ASSERT_EQ(w.ticket(first).status, TicketStatus::resolved);
    notify(w, "vpn_firing.json");
    auto opened = monitoring_tickets(w);
    ASSERT_EQ(opened.size(), 2u);
    EXPECT_NE(opened[0].id, opened[1].id);
}

TEST(AlertIncidents, RulesNamingAnUnknownCategoryStopTheDeskFromStarting) {
    testkit::TempDir dir;
    auto load = [&](const std::string& rules) {
        auto cfg = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
                                {"store.path=" + dir.file("frontline.db").string(), "alertmanager.rules=" + rules});
        if (!cfg) throw std::runtime_error(cfg.error().message);
        return validate_desk_config(*cfg);
    };
    EXPECT_TRUE(load(R"([{"match": {"service": "vpn"}, "category": "network/vpn"}])"));
    auto unknown = load(R"([{"match": {"service": "vpn"}, "category": "plumbing"}])");
    ASSERT_FALSE(unknown);
    EXPECT_TRUE(contains(unknown.error().message, "alertmanager.rules[0].category")) << unknown.error().message;
    auto sub = load(R"([{"match": {"service": "vpn"}, "category": "network/fax"}])");
    ASSERT_FALSE(sub);
    EXPECT_TRUE(contains(sub.error().message, "no subcategory 'fax'")) << sub.error().message;
    auto team = load(R"([{"match": {"service": "vpn"}, "category": "network/vpn", "team": "plumbers"}])");
    ASSERT_FALSE(team);
    EXPECT_TRUE(contains(team.error().message, "alertmanager.rules[0].team")) << team.error().message;
    EXPECT_TRUE(contains(team.error().message, "unknown team 'plumbers'")) << team.error().message;
    EXPECT_TRUE(load(R"([{"match": {"service": "vpn"}, "category": "network/vpn", "team": "infrastructure"}])"));
}
