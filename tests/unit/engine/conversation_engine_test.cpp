// The conversation engine on a real SQLite file with the tests' small config: logging, replies,
// deterministic idempotency keys, bad input that changes nothing, persistence, timers, data breach.
#include <map>
#include <set>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/runtime/apply_one.hpp"
#include "core/engine/conversation_engine.hpp"
#include "core/store/sqlite_store.hpp"
#include "core/ticket_json.hpp"
#include "core/timer_keys.hpp"
#include "small_config.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

const TimePoint kStart = TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 11 / 27}} + std::chrono::hours{9};

class EngineTest : public ::testing::Test {
protected:
    EngineTest() { reopen(); }

    void reopen() { reopen(engine_test::small_engine_config()); }
    /// A new process on the same database, with `config` (e.g. a flow file edited meanwhile).
    void reopen(EngineConfig config) {
        store_.reset();
        auto s = SqliteStore::open(dir_.file("frontline.db"));
        if (!s) throw std::runtime_error(s.error().message);
        store_ = std::move(*s);
        engine_ = std::make_unique<ConversationEngine>(std::move(config), PriorityMatrix(), SlaPolicy(), LifecyclePolicy());
    }

    InboundEvent event(const std::string& text, const std::string& user = "U1") {
        InboundEvent e;
        e.event_id = "ev" + std::to_string(++events_);
        e.from = {"slack", user};
        e.where = {"slack", "D-" + user, ""};
        e.text = text;
        e.display_name = "Ada Lovelace";
        e.contact = "ada@example.com";
        e.locale_hint = "en";
        return e;
    }

    /// Through the engine loop's batch, as the service applies it: inbox, outbox, timers, commit.
    Effects send(const InboundEvent& e) {
        auto applied = apply_one(*store_, *engine_, e, now_);
        EXPECT_TRUE(applied.status) << applied.status.error().message;
        return std::move(applied.effects);
    }
    Effects say(const std::string& text, const std::string& user = "U1") { return send(event(text, user)); }

    /// Fires `t` as given, even when the timer table holds a newer one under its key (stale timers).
    Effects fire(const TimerRequest& t) {
        auto applied = apply_timer(*store_, *engine_, t, now_);
        EXPECT_TRUE(applied.status) << applied.status.error().message;
        return std::move(applied.effects);
    }

    Ticket ticket(const std::string& id) {
        auto t = store_->find_ticket(*TicketId::parse(id));
        EXPECT_TRUE(t && *t);
        return **t;
    }

    /// Everything the engine could have changed for a user: session, tickets, journal.
    std::string snapshot(const std::string& user = "U1") {
        auto s = store_->load_session({"slack", user});
        std::string out = "(no session)";
        if (s && *s) {
            // Which message carries the live buttons is bookkeeping, not the conversation's state:
            // a question asked again after bad input moves it without the conversation moving.
            auto state = nlohmann::json::parse((*s)->state);
            for (const char* k : {"asked_key", "asked_text", "asked_step"}) state.erase(k);
            out = state.dump();
        }
        auto all = store_->list_tickets({});
        for (const auto& t : *all) {
            out += ticket_to_json(t).dump();
            out += std::to_string(store_->journal_of(t.id)->size());
        }
        return out;
    }

    testkit::TempDir dir_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<ConversationEngine> engine_;
    TimePoint now_ = kStart;
    int events_ = 0;
};

TEST_F(EngineTest, LogsAtOnceTellsTheIdAndRepliesWhereTheUserWrote) {
    auto fx = say("my vpn is not working");
    ASSERT_GE(fx.messages.size(), 3u);
    for (const auto& m : fx.messages) EXPECT_EQ(m.to, (Address{"slack", "D-U1", ""}));
    EXPECT_NE(fx.messages[0].text.find("INC-000001"), std::string::npos) << fx.messages[0].text;
    // Confident about the category: it says so and asks who is affected, with buttons.
    EXPECT_EQ(fx.messages.back().choices.size(), 3u);
    EXPECT_EQ(fx.messages.back().choices[0].payload, "impact|low");
    const Ticket t = ticket("INC-000001");
    EXPECT_EQ(t.status, TicketStatus::new_);
    EXPECT_EQ(t.category, "net");
    EXPECT_EQ(t.requester.name, "Ada Lovelace");
    EXPECT_EQ(t.requester.contact, "ada@example.com");
    EXPECT_EQ(t.description, "my vpn is not working");
    EXPECT_EQ(t.reported_at, kStart);
    EXPECT_EQ(t.locale, "en");
}

TEST_F(EngineTest, IdempotencyKeysDependOnlyOnTheEvent) {
    const InboundEvent e = event("my vpn is not working");
    Effects first;
    // Run it, then roll back as if the commit never happened; the redelivery must say the same.
    (void)store_->in_transaction([&]() -> Status {
        auto repos = store_->repositories();
        first = *engine_->handle(e, repos, now_);
        return make_error(Errc::cancelled, "rolled back on purpose");
    });
    const Effects again = send(e);
    ASSERT_EQ(first.messages.size(), again.messages.size());
    std::set<std::string> keys;
    for (std::size_t i = 0; i < first.messages.size(); ++i) {
        EXPECT_EQ(first.messages[i].idempotency_key, again.messages[i].idempotency_key);
        EXPECT_EQ(first.messages[i].text, again.messages[i].text);
        keys.insert(again.messages[i].idempotency_key);
    }
    EXPECT_EQ(keys.size(), again.messages.size()) << "keys must be unique within an event";
}

TEST_F(EngineTest, BadInputGetsAPoliteAnswerAndChangesNothing) {
    say("my vpn is not working");
    say("1");  // only me
    const std::string before = snapshot();
    auto choice_event = [&](const std::string& payload) {
        InboundEvent e = event("");
        e.kind = InboundKind::choice;
        e.payload = payload;
        return e;
    };
    const std::vector<InboundEvent> bad = {
        event("\xC3\x28 broken"), event(""), event("   "), event(std::string(10000, 'x')),
        event("\xF0\x9F\x98\xA1\xF0\x9F\x98\xA1"), event("/frobnicate now"), event("7"), event("perhaps"),
        choice_event("impact|high"),   // a button of an earlier question
        choice_event("urgency|weird"), // a forged value
    };
    for (const auto& e : bad) {
        const Effects fx = send(e);
        ASSERT_FALSE(fx.messages.empty()) << "no answer to '" << e.text.substr(0, 20) << "'";
        EXPECT_TRUE(fx.escalations.empty());
        EXPECT_TRUE(fx.arm.empty());
        // The question is asked again, with its buttons.
        EXPECT_EQ(fx.messages.back().choices.size(), 3u) << fx.messages.back().text;
        EXPECT_EQ(fx.messages.back().choices[0].payload, "urgency|low");
        EXPECT_EQ(snapshot(), before) << "changed by '" << e.text.substr(0, 20) << "'";
    }
}

TEST_F(EngineTest, ResumesMidConversationAfterARestart) {
    say("my vpn is not working");
    say("2");  // my team
    reopen();  // a new process: new store connection, new engine
    auto fx = say("I'm blocked");
    ASSERT_FALSE(fx.messages.empty());
    const Ticket t = ticket("INC-000001");
    EXPECT_EQ(t.impact, Level::medium);
    EXPECT_EQ(t.urgency, Level::medium);
    EXPECT_EQ(t.priority, Priority::p3);
    EXPECT_EQ(t.status, TicketStatus::in_diagnosis);
    EXPECT_EQ(fx.messages.back().text, "Which connection?");
}

/// The small config with the network flow edited: its first question renamed and reworded.
EngineConfig edited_network_flow() {
    auto c = engine_test::small_config();
    auto& nodes = c.net_flow["nodes"];
    nodes["q_link"] = nodes["q_conn"];
    nodes["q_link"]["text"] = "t.q_link";
    nodes.erase("q_conn");
    c.net_flow["start"] = "q_link";
    c.en_texts["t.q_link"] = "How are you connected?";
    c.it_texts["t.q_link"] = "Come sei collegato?";
    auto config = build_engine_config(c.texts());
    if (!config) throw std::runtime_error(config.error().message);
    return std::move(*config);
}

std::map<std::string, int> net_versions_in_use(Store& store) {
    std::map<std::string, int> out;
    auto versions = store.flow_versions();
    EXPECT_TRUE(versions) << versions.error().message;
    if (!versions) return out;
    for (const auto& v : *versions)
        if (v.flow == "net") out[v.version] = v.conversations;
    return out;
}

TEST_F(EngineTest, AFlowEditedUnderARunningConversationLetsItFinishOnTheVersionItStartedOn) {
    say("my vpn is not working");
    say("2");
    ASSERT_EQ(say("I'm blocked").messages.back().text, "Which connection?");  // standing on q_conn
    const std::string old_version = engine_test::small_engine_config().flows.at("net").version;
    const EngineConfig edited = edited_network_flow();
    const std::string new_version = edited.flows.at("net").version;
    ASSERT_NE(old_version, new_version);

    reopen(edited);  // a release with the edited flow: q_conn no longer exists in the file
    auto fx = say("vpn");
    EXPECT_TRUE(fx.escalations.empty());  // not handed to people as "flow_changed"
    EXPECT_EQ(fx.messages.back().text, "Since when?") << fx.messages.back().text;
    EXPECT_EQ(ticket("INC-000001").status, TicketStatus::in_diagnosis);

    // A conversation that starts now gets the edited flow.
    say("my vpn is not working", "U2");
    say("2", "U2");
    EXPECT_EQ(say("I'm blocked", "U2").messages.back().text, "How are you connected?");
    EXPECT_EQ(net_versions_in_use(*store_), (std::map<std::string, int>{{old_version, 1}, {new_version, 1}}));

    // The old conversation finishes on its version, through a restart too...
    reopen(edited);
    say("since today");
    fx = say("yes");
    ASSERT_EQ(fx.escalations.size(), 1u);
    EXPECT_EQ(fx.escalations[0].reason, "flow_end");
    ASSERT_EQ(ticket("INC-000001").symptoms.size(), 3u);
    EXPECT_EQ(ticket("INC-000001").symptoms[0].question, "q_conn");
    // ...and then its version is no longer needed: the sweep at start drops it, keeps the other.
    EXPECT_EQ(store_->forget_unused_flow_versions().value(), 1);
    EXPECT_EQ(net_versions_in_use(*store_), (std::map<std::string, int>{{new_version, 1}}));
}

TEST_F(EngineTest, AConversationWhoseFlowVersionCannotBeFollowedGoesToPeople) {
    say("my vpn is not working");
    say("2");
    say("I'm blocked");
    // The stored text of the version is gone (a database edited by hand): the ticket is handed
    // to people, as it was before flows were versioned, instead of asking a question that no
    // longer exists.
    store_.reset();
    {
        SQLite::Database db(dir_.file("frontline.db").string(), SQLite::OPEN_READWRITE);
        db.exec("DELETE FROM flow_versions");
    }
    reopen(edited_network_flow());
    auto fx = say("vpn");
    ASSERT_EQ(fx.escalations.size(), 1u);
    EXPECT_EQ(fx.escalations[0].reason, "flow_changed");
}

TEST_F(EngineTest, ASessionSavedBeforeFlowsWereVersionedGoesOnWithTheCurrentFlow) {
    say("my vpn is not working");
    say("2");
    say("I'm blocked");
    auto stored = store_->load_session({"slack", "U1"}).value();
    auto state = nlohmann::json::parse(stored->state);
    state.erase("flow_version");
    stored->state = state.dump();
    ASSERT_TRUE(store_->save_session(*stored));
    EXPECT_EQ(say("vpn").messages.back().text, "Since when?");
}

TEST_F(EngineTest, AWholeFlowRecordsEverySymptomInOrderAndEscalates) {
    say("my vpn is not working");
    say("3");       // whole company
    say("3");       // business stopped -> P1
    say("vpn");     // choice by label
    say("x");       // too short: asked again
    say("since today");
    auto fx = say("yes");  // others affected -> escalate
    ASSERT_EQ(fx.escalations.size(), 1u);
    EXPECT_EQ(fx.escalations[0].ticket.str(), "INC-000001");
    EXPECT_EQ(fx.escalations[0].tier, Tier::l3);  // P1 goes straight to L3
    EXPECT_EQ(fx.escalations[0].reason, "flow_end");
    // The promise of an agent is named, so the desk can withdraw it when no room can show the card.
    ASSERT_FALSE(fx.escalations[0].promise_key.empty());
    EXPECT_EQ(fx.escalations[0].promise_key, fx.messages.back().idempotency_key);
    EXPECT_NE(fx.messages.back().text.find("INC-000001"), std::string::npos) << fx.messages.back().text;
    EXPECT_EQ(fx.cancel.size(), 2u);  // the session timers
    const Ticket t = ticket("INC-000001");
    EXPECT_EQ(t.status, TicketStatus::escalated);
    EXPECT_EQ(t.priority, Priority::p1);
    ASSERT_EQ(t.symptoms.size(), 3u);
    EXPECT_EQ(t.symptoms[0].question, "q_conn");
    EXPECT_EQ(t.symptoms[0].answer, "VPN");
    EXPECT_EQ(t.symptoms[1].answer, "since today");
    EXPECT_EQ(t.symptoms[2].label, "Others too?");
    EXPECT_EQ(t.symptoms[2].answer, "Yes");
    EXPECT_NE(fx.messages.back().text.find("1 hour"), std::string::npos) << fx.messages.back().text;
    EXPECT_FALSE(store_->load_session({"slack", "U1"}).value().has_value());
}

TEST_F(EngineTest, DataBreachIsRestrictedP1AtL3WithoutSelfHelp) {
    auto fx = say("we had a data breach, customer data leaked");
    const Ticket t = ticket("INC-000001");
    EXPECT_TRUE(t.restricted);
    EXPECT_EQ(t.priority, Priority::p1);
    EXPECT_EQ(t.status, TicketStatus::in_diagnosis);
    EXPECT_EQ(fx.messages.back().text, "What happened?");  // no impact/urgency questions
    for (const auto& m : fx.messages) EXPECT_TRUE(m.restricted);
    fx = say("payroll export sent to the wrong customer");
    ASSERT_EQ(fx.escalations.size(), 1u);
    EXPECT_EQ(fx.escalations[0].tier, Tier::l3);
    EXPECT_EQ(ticket("INC-000001").tier, Tier::l3);
}

TEST_F(EngineTest, IdleReminderOnceThenAbandonCancelsTheDraft) {
    auto fx = say("my vpn is not working");
    ASSERT_EQ(fx.arm.size(), 2u);
    const TimerRequest idle = fx.arm[0];
    const TimerRequest abandon = fx.arm[1];
    EXPECT_EQ(idle.kind, timers::kSessionIdle);
    EXPECT_EQ(idle.key, "idle:slack:U1");
    EXPECT_EQ(idle.due, kStart + std::chrono::minutes{30});
    EXPECT_EQ(abandon.due, kStart + std::chrono::hours{4});

    now_ = idle.due;
    auto reminder = fire(idle);
    // The question is asked again: the old one loses its buttons, the reminder carries them.
    ASSERT_EQ(reminder.messages.size(), 2u);
    EXPECT_EQ(reminder.messages[0].replaces, fx.messages.back().message_key);
    EXPECT_NE(reminder.messages[1].text.find("Are you still there?"), std::string::npos);
    EXPECT_EQ(reminder.messages[1].choices.size(), 3u);
    EXPECT_TRUE(fire(idle).messages.empty()) << "one reminder only";

    now_ = abandon.due;
    auto gone = fire(abandon);
    // The goodbye, and the reminder's buttons retired: nobody is waiting for them any more.
    ASSERT_EQ(gone.messages.size(), 2u);
    EXPECT_TRUE(gone.messages[0].replaces.empty());
    EXPECT_EQ(gone.messages[1].replaces, reminder.messages[1].message_key);
    EXPECT_TRUE(gone.messages[1].choices.empty());
    EXPECT_EQ(ticket("INC-000001").status, TicketStatus::cancelled);
    EXPECT_FALSE(store_->load_session({"slack", "U1"}).value().has_value());
}

TEST_F(EngineTest, AStaleTimerDoesNothing) {
    auto fx = say("my vpn is not working");
    const TimerRequest old_idle = fx.arm[0];
    say("1");  // the user answered: the armed timer moved on
    now_ = old_idle.due;
    EXPECT_TRUE(fire(old_idle).messages.empty());
    EXPECT_EQ(ticket("INC-000001").status, TicketStatus::new_);
}

TEST_F(EngineTest, StatusShowsOnlyTheUsersOwnTickets) {
    say("my vpn is not working", "U1");
    say("my wifi is broken", "U2");
    auto fx = say("status", "U2");
    ASSERT_GE(fx.messages.size(), 1u);
    EXPECT_NE(fx.messages[0].text.find("INC-000002"), std::string::npos) << fx.messages[0].text;
    EXPECT_EQ(fx.messages[0].text.find("INC-000001"), std::string::npos) << fx.messages[0].text;
}

TEST_F(EngineTest, ItalianWordsGetItalianAnswersAndTheChoiceIsRemembered) {
    InboundEvent e = event("la vpn non funziona");
    e.locale_hint.clear();
    auto fx = send(e);
    EXPECT_NE(fx.messages[0].text.find("Ho registrato"), std::string::npos) << fx.messages[0].text;
    auto person = store_->find_person({"slack", "U1"});
    ASSERT_TRUE(person && *person);
    EXPECT_EQ((*person)->locale, "it");
    EXPECT_EQ(ticket("INC-000001").locale, "it");
}

/// The messages of `fx` that are updates in place.
std::vector<OutboundMessage> replacements(const Effects& fx) {
    std::vector<OutboundMessage> out;
    for (const auto& m : fx.messages)
        if (!m.replaces.empty()) out.push_back(m);
    return out;
}

InboundEvent pressed(InboundEvent e, const std::string& payload) {
    e.kind = InboundKind::choice;
    e.payload = payload;
    e.text.clear();
    return e;
}

TEST_F(EngineTest, TheHandOffMessageOffersAnotherProblemAndItsButtonStartsAFreshIntake) {
    say("my vpn is not working");
    say("3");
    say("3");
    say("vpn");
    say("since today");
    auto fx = say("yes");  // escalated
    ASSERT_EQ(fx.escalations.size(), 1u);
    const OutboundMessage handed = fx.messages.back();
    ASSERT_EQ(handed.choices.size(), 1u);
    EXPECT_EQ(handed.choices[0].label, "Report another problem");
    // A lasting button, not the live question: it is not named for an update, so no later turn
    // retires it.
    EXPECT_TRUE(handed.message_key.empty());

    fx = send(pressed(event(""), handed.choices[0].payload));
    ASSERT_FALSE(fx.messages.empty());
    EXPECT_EQ(fx.messages.back().text, "Of course, let's look at the new problem separately. What's happening?");
    say("my wifi keeps dropping in the meeting room");
    EXPECT_EQ(store_->list_tickets({})->size(), 2u) << "a second ticket, logged at once";
    EXPECT_EQ(ticket("INC-000001").status, TicketStatus::escalated) << "the first ticket is untouched";
}

TEST_F(EngineTest, AnAnsweredQuestionLosesItsButtonsAndShowsTheChosenAnswer) {
    auto fx = say("my vpn is not working");
    const OutboundMessage impact = fx.messages.back();
    ASSERT_FALSE(impact.message_key.empty()) << "a question with buttons is named, so it can be updated";
    EXPECT_EQ(impact.message_key, impact.idempotency_key);

    fx = send(pressed(event(""), "impact|high"));
    ASSERT_GE(fx.messages.size(), 2u);
    // First the update in place, then whatever comes next: per-conversation order keeps it so.
    const OutboundMessage& update = fx.messages[0];
    EXPECT_EQ(update.replaces, impact.message_key);
    EXPECT_EQ(update.to, impact.to);
    EXPECT_TRUE(update.choices.empty());
    EXPECT_EQ(update.text, "Who is affected?\nYour answer: *The whole company*") << update.text;
    EXPECT_FALSE(update.idempotency_key.empty());
    EXPECT_NE(update.idempotency_key, impact.idempotency_key);
    const OutboundMessage urgency = fx.messages.back();
    EXPECT_EQ(urgency.choices.front().payload, "urgency|low");

    // A typed answer ("1") retires the buttons the same way, with the label of what it matched.
    fx = say("1");
    ASSERT_EQ(replacements(fx).size(), 1u);
    EXPECT_EQ(replacements(fx)[0].replaces, urgency.message_key);
    EXPECT_NE(replacements(fx)[0].text.find("Your answer: *"), std::string::npos) << replacements(fx)[0].text;
}

TEST_F(EngineTest, OnlyTheLatestQuestionKeepsItsButtons) {
    auto fx = say("my vpn is not working");
    const std::string first = fx.messages.back().message_key;
    // A wrong answer: the question is asked again with an apology; the earlier copy loses its
    // buttons without an answer, and the apology does not become part of the question.
    fx = say("purple");
    ASSERT_EQ(replacements(fx).size(), 1u);
    EXPECT_EQ(replacements(fx)[0].replaces, first);
    EXPECT_EQ(replacements(fx)[0].text, "Who is affected?");
    const std::string second = fx.messages.back().message_key;
    EXPECT_NE(second, first);

    // A button of the retired copy is stale: refused politely, and the live copy moves on again.
    fx = send(pressed(event(""), "urgency|low"));
    ASSERT_EQ(replacements(fx).size(), 1u);
    EXPECT_EQ(replacements(fx)[0].replaces, second);

    // Cancelling ends the conversation: no buttons stay behind.
    const std::string third = fx.messages.back().message_key;
    fx = say("cancel");
    ASSERT_EQ(replacements(fx).size(), 1u);
    EXPECT_EQ(replacements(fx)[0].replaces, third);
    for (const auto& m : fx.messages) EXPECT_TRUE(m.choices.empty());
}

TEST_F(EngineTest, ButtonsInAnotherConversationAreLeftAlone) {
    say("my vpn is not working");
    // The user answers from elsewhere (a channel, then a DM): the old message cannot be updated
    // from the new conversation, so no update is addressed there.
    InboundEvent e = event("3");
    e.where = {"slack", "C-GENERAL", ""};
    auto fx = send(e);
    EXPECT_TRUE(replacements(fx).empty());
    for (const auto& m : fx.messages) EXPECT_EQ(m.to, e.where);
}

TEST_F(EngineTest, ASessionSavedBeforeButtonsWereRetiredStillLoads) {
    say("my vpn is not working");
    auto saved = store_->load_session({"slack", "U1"});
    ASSERT_TRUE(saved && *saved);
    auto j = nlohmann::json::parse((*saved)->state);
    j.erase("asked_key");
    j.erase("asked_text");
    j.erase("asked_step");
    ASSERT_TRUE(store_->save_session({{"slack", "U1"}, j.dump(), now_}));
    auto fx = say("3");
    EXPECT_TRUE(replacements(fx).empty()) << "nothing known to retire";
    EXPECT_EQ(fx.messages.back().choices.front().payload, "urgency|low") << "the conversation goes on";
}

}  // namespace
}  // namespace frontline
