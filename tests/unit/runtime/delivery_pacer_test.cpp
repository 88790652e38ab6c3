// Pacing per platform and per conversation, the bulk reserve and 429 pauses; time passed in.
#include <gtest/gtest.h>

#include "bot/runtime/delivery_pacer.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;
using Clock = DeliveryPacer::Clock;

const Address kChat{"slack", "C1", {}};

TEST(DeliveryPacer, AConversationGetsItsBurstThenWaitsForTheRate) {
    DeliveryPacer pacer({{"slack", PaceLimits{100, 100, 1, 3, 0}}});
    const auto t0 = Clock::time_point{} + 1h;
    for (int i = 0; i < 3; ++i) EXPECT_EQ(pacer.try_acquire(kChat, OutboxPriority::direct, t0), Clock::duration::zero());
    const auto wait = pacer.try_acquire(kChat, OutboxPriority::direct, t0);
    EXPECT_GT(wait, 900ms);
    EXPECT_LE(wait, 1000ms);
    // Another conversation is not held up by this one.
    EXPECT_EQ(pacer.try_acquire(Address{"slack", "C2", {}}, OutboxPriority::direct, t0), Clock::duration::zero());
    EXPECT_EQ(pacer.try_acquire(kChat, OutboxPriority::direct, t0 + 1s), Clock::duration::zero());
}

TEST(DeliveryPacer, BulkLeavesAReserveForDirectAnswers) {
    DeliveryPacer pacer({{"slack", PaceLimits{1, 4, 100, 100, 2}}});
    const auto t0 = Clock::time_point{} + 1h;
    int bulk_sent = 0;
    for (int i = 0; i < 10; ++i)
        if (pacer.try_acquire(Address{"slack", "B" + std::to_string(i), {}}, OutboxPriority::bulk, t0) == Clock::duration::zero())
            ++bulk_sent;
    EXPECT_EQ(bulk_sent, 2);  // 4 tokens, 2 kept back
    EXPECT_EQ(pacer.try_acquire(kChat, OutboxPriority::urgent, t0), Clock::duration::zero());
    EXPECT_EQ(pacer.try_acquire(kChat, OutboxPriority::direct, t0), Clock::duration::zero());
    EXPECT_GT(pacer.try_acquire(kChat, OutboxPriority::direct, t0), Clock::duration::zero());
}

TEST(DeliveryPacer, APauseHoldsTheWholePlatformUntilItEnds) {
    DeliveryPacer pacer;
    const auto t0 = Clock::time_point{} + 1h;
    pacer.pause("slack", t0 + 30s, t0);
    EXPECT_EQ(pacer.try_acquire(kChat, OutboxPriority::urgent, t0), 30s);
    EXPECT_EQ(pacer.try_acquire(Address{"telegram", "1", {}}, OutboxPriority::direct, t0), Clock::duration::zero());
    EXPECT_EQ(pacer.try_acquire(kChat, OutboxPriority::urgent, t0 + 30s), Clock::duration::zero());
}

TEST(DeliveryPacer, ThePlatformRateGrowsWhileAcceptedAndHalvesOnA429HonouringRetryAfter) {
    PaceLimits l;
    l.platform_per_second = 10;
    l.platform_burst = 1;
    l.platform_max_per_second = 14;
    l.platform_min_per_second = 2;
    l.increase_per_accepted = 1;
    l.conversation_per_second = 1000;
    l.conversation_burst = 1000;
    DeliveryPacer pacer({{"slack", l}});
    const auto t0 = Clock::time_point{} + 1h;
    EXPECT_DOUBLE_EQ(pacer.rate_of("slack"), 10);

    // Accepted calls: +1/s each, up to the ceiling.
    for (int i = 0; i < 6; ++i) pacer.accepted("slack", t0);
    EXPECT_DOUBLE_EQ(pacer.rate_of("slack"), 14);
    // The bucket refills at the new rate: one token every 1/14 s.
    ASSERT_EQ(pacer.try_acquire(kChat, OutboxPriority::direct, t0), Clock::duration::zero());
    EXPECT_EQ(pacer.try_acquire(kChat, OutboxPriority::direct, t0), std::chrono::milliseconds(72));

    // A 429 with Retry-After 5 s: nothing before then, and the rate halves (once for the burst of
    // refusals the same 429 brings back).
    pacer.pause("slack", t0 + 5s, t0);
    pacer.pause("slack", t0 + 5s, t0);
    EXPECT_DOUBLE_EQ(pacer.rate_of("slack"), 7);
    EXPECT_EQ(pacer.try_acquire(kChat, OutboxPriority::direct, t0 + 1s), 4s);
    EXPECT_EQ(pacer.try_acquire(kChat, OutboxPriority::direct, t0 + 5s), Clock::duration::zero());
    // Three more 429s: never below the floor.
    pacer.pause("slack", t0 + 6s, t0 + 5s);
    pacer.pause("slack", t0 + 7s, t0 + 6s);
    pacer.pause("slack", t0 + 8s, t0 + 7s);
    EXPECT_DOUBLE_EQ(pacer.rate_of("slack"), 2);
    // And it grows back as calls are accepted again.
    pacer.accepted("slack", t0 + 9s);
    EXPECT_DOUBLE_EQ(pacer.rate_of("slack"), 3);
    EXPECT_DOUBLE_EQ(pacer.rate_of("telegram"), PaceLimits{}.platform_per_second) << "other platforms untouched";
}

}  // namespace
}  // namespace frontline
