// Two agents press Claim at the same moment, through two store connections on one SQLite file in
// two threads: exactly one wins, the other is told who has it. 100 times.
#include <gtest/gtest.h>

#include <barrier>
#include <thread>

#include "bot/runtime/apply_one.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;

namespace {

struct Attempt {
    Status status;
    Effects effects;
};

Attempt claim(Store& store, EventHandler& desk, const InboundEvent& e, TimePoint now) {
    auto applied = apply_one(store, desk, e, now);
    return Attempt{std::move(applied.status), std::move(applied.effects)};
}

InboundEvent claim_event(const std::string& id, const Identity& who, const Address& where, const TicketId& ticket) {
    InboundEvent e;
    e.event_id = id;
    e.kind = InboundKind::choice;
    e.from = who;
    e.where = where;
    e.payload = claim_payload(ticket);
    return e;
}

bool says(const Effects& fx, const std::string& needle) {
    for (const auto& m : fx.messages)
        if (m.text.find(needle) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(ClaimRace, ExactlyOneOfTwoRacingAgentsWinsEveryTime) {
    DeskWorld w(shipped_desk_config());
    auto second = SqliteStore::open(w.db_path());
    ASSERT_TRUE(second) << second.error().message;
    const Identity alice{"slack", "U0ALICE"};
    const Identity bruno{"webchat", "bruno"};
    int alice_wins = 0, bruno_wins = 0;
    for (int round = 0; round < 100; ++round) {
        const TicketId id = w.report(Identity{"telegram", std::to_string(1000 + round)}, "network", "P3", "VPN drops");
        Attempt a, b;
        std::barrier start(2);
        std::thread ta([&] {
            start.arrive_and_wait();
            a = claim(w.store(), w.desk(), claim_event("a" + std::to_string(round), alice, {"slack", "C0SERVICEDESK", ""}, id), w.now());
        });
        std::thread tb([&] {
            start.arrive_and_wait();
            b = claim(**second, w.desk(), claim_event("b" + std::to_string(round), bruno, {"webchat", "agents", ""}, id), w.now());
        });
        ta.join();
        tb.join();
        ASSERT_TRUE(a.status) << a.status.error().message;
        ASSERT_TRUE(b.status) << b.status.error().message;

        const Ticket t = w.ticket(id);
        ASSERT_EQ(t.status, TicketStatus::in_progress);
        ASSERT_TRUE(t.assignee == "alice" || t.assignee == "bruno") << t.assignee;
        const bool alice_won = t.assignee == "alice";
        (alice_won ? alice_wins : bruno_wins)++;
        const Attempt& loser = alice_won ? b : a;
        const Attempt& winner = alice_won ? a : b;
        EXPECT_TRUE(says(loser.effects, alice_won ? "already being handled by Alice Romano" : "already being handled by Bruno Esposito"));
        EXPECT_TRUE(says(winner.effects, "is yours"));
        EXPECT_EQ(w.journal_count(id, "claim"), 1);
        // The requester heard about exactly one claim.
        int told = 0;
        for (const auto& fx : {a.effects, b.effects})
            for (const auto& m : fx.messages) told += m.to.platform == "telegram" && m.to.conversation_id == std::to_string(1000 + round);
        EXPECT_EQ(told, 1);
    }
    EXPECT_EQ(alice_wins + bruno_wins, 100);
    RecordProperty("alice_wins", alice_wins);
    RecordProperty("bruno_wins", bruno_wins);
}
