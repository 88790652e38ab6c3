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
    pacer.pause("slack", t0 + 30s);
    EXPECT_EQ(pacer.try_acquire(kChat, OutboxPriority::urgent, t0), 30s);
    EXPECT_EQ(pacer.try_acquire(Address{"telegram", "1", {}}, OutboxPriority::direct, t0), Clock::duration::zero());
    EXPECT_EQ(pacer.try_acquire(kChat, OutboxPriority::urgent, t0 + 30s), Clock::duration::zero());
}

}  // namespace
}  // namespace frontline
