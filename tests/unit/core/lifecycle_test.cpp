#include "core/lifecycle.hpp"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

namespace frontline {
namespace {

using S = TicketStatus;
using A = ActorKind;
using namespace std::chrono_literals;

const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 9h;

Ticket ticket_in(S status) {
    Ticket t;
    t.id = TicketId{TicketType::incident, 42};
    t.status = status;
    t.reported_at = kNow - 1h;
    if (status == S::resolved) t.resolved_at = kNow - 10min;
    return t;
}

Actor actor_of(A kind) {
    switch (kind) {
        case A::bot: return Actor::bot();
        case A::system: return Actor::system();
        case A::requester: return Actor::requester({"slack", "U1"});
        case A::agent: return Actor::agent("alice", Tier::l2);
    }
    return Actor::bot();
}

const S kAll[] = {S::new_, S::in_diagnosis, S::escalated, S::in_progress, S::pending_user, S::resolved, S::closed, S::cancelled};
const A kActors[] = {A::bot, A::requester, A::agent, A::system};

// The lifecycle of the foundation issue, written out once more by hand: (from, to, actors).
const std::set<std::tuple<S, S, A>>& expected_allowed() {
    static const std::set<std::tuple<S, S, A>> allowed = [] {
        std::set<std::tuple<S, S, A>> s;
        auto add = [&](S f, S t, std::initializer_list<A> who) { for (A a : who) s.insert({f, t, a}); };
        add(S::new_, S::in_diagnosis, {A::bot});
        add(S::new_, S::escalated, {A::bot});
        add(S::in_diagnosis, S::escalated, {A::bot});
        add(S::in_diagnosis, S::resolved, {A::bot});
        add(S::escalated, S::in_progress, {A::agent});
        add(S::escalated, S::resolved, {A::agent, A::system});  // an alert rule with auto_resolve
        add(S::in_progress, S::escalated, {A::agent, A::system});
        add(S::in_progress, S::pending_user, {A::agent});
        add(S::pending_user, S::in_progress, {A::agent, A::requester, A::bot});
        add(S::in_progress, S::resolved, {A::agent, A::system});
        add(S::pending_user, S::resolved, {A::agent, A::system});
        add(S::resolved, S::closed, {A::requester, A::agent, A::system, A::bot});
        add(S::resolved, S::in_progress, {A::requester, A::agent, A::bot});
        add(S::new_, S::cancelled, {A::requester, A::bot, A::agent, A::system});
        add(S::in_diagnosis, S::cancelled, {A::requester, A::bot, A::agent, A::system});
        add(S::escalated, S::cancelled, {A::requester, A::agent});
        add(S::in_progress, S::cancelled, {A::requester, A::agent});
        add(S::pending_user, S::cancelled, {A::requester, A::agent});
        return s;
    }();
    return allowed;
}

TEST(Lifecycle, EveryPairAndActorIsAllowedOrRefusedAsSpecified) {
    int allowed = 0, refused = 0;
    for (S from : kAll)
        for (S to : kAll)
            for (A who : kActors) {
                Ticket t = ticket_in(from);
                const Ticket before = t;
                auto r = transition(t, to, actor_of(who), kNow);
                const bool expect = expected_allowed().count({from, to, who}) > 0;
                EXPECT_EQ(r.ok(), expect) << to_string(from) << " -> " << to_string(to) << " by " << actor_of(who).label();
                if (r) {
                    ++allowed;
                    EXPECT_EQ(t.status, to);
                    EXPECT_EQ(r->kind, "status");
                    EXPECT_EQ(r->actor, actor_of(who).label());
                } else {
                    ++refused;
                    EXPECT_EQ(t.status, before.status) << "a refused transition changed the ticket";
                    EXPECT_EQ(t.resolved_at, before.resolved_at);
                    EXPECT_FALSE(r.error().message.empty());
                }
            }
    EXPECT_EQ(allowed, static_cast<int>(expected_allowed().size()));
    EXPECT_EQ(allowed + refused, 8 * 8 * 4);
}

TEST(Lifecycle, RefusalsSayWhy) {
    Ticket t = ticket_in(S::closed);
    auto r = transition(t, S::escalated, Actor::agent("alice", Tier::l2), kNow);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::invalid_transition);
    EXPECT_NE(r.error().message.find("closed -> escalated"), std::string::npos);

    Ticket e = ticket_in(S::escalated);
    auto forbidden = transition(e, S::in_progress, Actor::requester({"slack", "U1"}), kNow);
    ASSERT_FALSE(forbidden);
    EXPECT_EQ(forbidden.error().code, Errc::forbidden);
}

TEST(Lifecycle, L1AgentsCannotClaim) {
    Ticket t = ticket_in(S::escalated);
    EXPECT_FALSE(transition(t, S::in_progress, Actor::agent("trainee", Tier::l1), kNow));
    EXPECT_TRUE(transition(t, S::in_progress, Actor::agent("bob", Tier::l3), kNow));
    EXPECT_EQ(t.claimed_at, kNow);
}

TEST(Lifecycle, ReopenOnlyWithinTheWindow) {
    LifecyclePolicy policy;
    policy.reopen_window = 24h;
    Ticket recent = ticket_in(S::resolved);
    recent.resolved_at = kNow - 23h;
    EXPECT_TRUE(transition(recent, S::in_progress, Actor::requester({"slack", "U1"}), kNow, policy));
    EXPECT_FALSE(recent.resolved_at.has_value());

    Ticket old = ticket_in(S::resolved);
    old.resolved_at = kNow - 25h;
    auto r = transition(old, S::in_progress, Actor::requester({"slack", "U1"}), kNow, policy);
    ASSERT_FALSE(r);
    EXPECT_EQ(old.status, S::resolved);
}

TEST(Lifecycle, AClosedTicketReopensWithinTheWindowOfItsResolution) {
    LifecyclePolicy policy;
    policy.reopen_window = 24h;
    Ticket closed = ticket_in(S::closed);
    closed.resolved_at = kNow - 23h;
    closed.closed_at = kNow - 22h;
    ASSERT_TRUE(transition(closed, S::in_progress, Actor::requester({"slack", "U1"}), kNow, policy));
    EXPECT_FALSE(closed.closed_at.has_value());
    EXPECT_FALSE(closed.resolved_at.has_value());

    Ticket late = ticket_in(S::closed);
    late.resolved_at = kNow - 25h;
    EXPECT_FALSE(transition(late, S::in_progress, Actor::agent("alice", Tier::l2), kNow, policy));

    // Withdrawn, never resolved: nothing to reopen.
    Ticket withdrawn = ticket_in(S::cancelled);
    EXPECT_FALSE(transition(withdrawn, S::in_progress, Actor::requester({"slack", "U1"}), kNow, policy));
}

TEST(Lifecycle, SelfHelpResolutionIsFirstContact) {
    Ticket t = ticket_in(S::in_diagnosis);
    ASSERT_TRUE(transition(t, S::resolved, Actor::bot(), kNow));
    EXPECT_TRUE(t.first_contact_resolution);
    EXPECT_EQ(t.resolved_at, kNow);

    Ticket agent_solved = ticket_in(S::in_progress);
    ASSERT_TRUE(transition(agent_solved, S::resolved, Actor::agent("alice", Tier::l2), kNow));
    EXPECT_FALSE(agent_solved.first_contact_resolution);
}

TEST(Lifecycle, PendingUserPausesTheSlaClock) {
    Ticket t = ticket_in(S::in_progress);
    t.sla.resolution_due = kNow + 4h;
    ASSERT_TRUE(transition(t, S::pending_user, Actor::agent("alice", Tier::l2), kNow));
    EXPECT_EQ(t.sla.paused_since, kNow);
    ASSERT_TRUE(transition(t, S::in_progress, Actor::requester({"slack", "U1"}), kNow + 2h));
    EXPECT_FALSE(t.sla.paused_since.has_value());
    EXPECT_EQ(t.sla.paused_total, 2h);
    EXPECT_EQ(t.sla.resolution_due, kNow + 6h);
}

TEST(Lifecycle, JournalDetailsNameBothStates) {
    Ticket t = ticket_in(S::new_);
    auto r = transition(t, S::in_diagnosis, Actor::bot(), kNow);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->details, R"({"from":"new","to":"in_diagnosis"})");
    EXPECT_EQ(r->at, kNow);
    EXPECT_EQ(r->ticket, t.id);
}

}  // namespace
}  // namespace frontline
