#include "adapters/net/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace frontline::net {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

const SteadyTime t0 = SteadyTime{} + 1000s;

TEST(TokenBucket, StartsFullAndRefillsAtItsRate) {
    TokenBucket bucket(3, 1.0, t0);
    EXPECT_TRUE(bucket.try_take(t0));
    EXPECT_TRUE(bucket.try_take(t0));
    EXPECT_TRUE(bucket.try_take(t0));
    EXPECT_FALSE(bucket.try_take(t0));
    EXPECT_EQ(bucket.wait_time(t0), milliseconds(1000));
    EXPECT_EQ(bucket.wait_time(t0 + 400ms), milliseconds(600));
    EXPECT_TRUE(bucket.try_take(t0 + 1s));
    EXPECT_FALSE(bucket.try_take(t0 + 1s));
}

TEST(TokenBucket, NeverHoldsMoreThanItsCapacity) {
    TokenBucket bucket(2, 10.0, t0);
    EXPECT_DOUBLE_EQ(bucket.available(t0 + 1h), 2.0);
    EXPECT_TRUE(bucket.try_take(t0 + 1h, 2));
    EXPECT_FALSE(bucket.try_take(t0 + 1h));
}

TEST(TokenBucket, ATimeGoingBackwardsChangesNothing) {
    TokenBucket bucket(1, 1.0, t0);
    EXPECT_TRUE(bucket.try_take(t0));
    EXPECT_FALSE(bucket.try_take(t0 - 10s));
    EXPECT_EQ(bucket.wait_time(t0), milliseconds(1000));
}

TEST(RateLimiter, KeysHaveTheirOwnBuckets) {
    RateLimiter limiter({1, 1.0});
    EXPECT_EQ(limiter.try_acquire("C1", t0), 0ms);
    EXPECT_EQ(limiter.try_acquire("C1", t0), 1000ms);
    EXPECT_EQ(limiter.try_acquire("C2", t0), 0ms);  // a busy channel does not hold up another
    EXPECT_EQ(limiter.try_acquire("C1", t0 + 1s), 0ms);
}

TEST(RateLimiter, AGlobalLimitCapsAllKeysTogether) {
    RateLimiter limiter({5, 5.0}, RateLimit{2, 1.0});
    EXPECT_EQ(limiter.try_acquire("a", t0), 0ms);
    EXPECT_EQ(limiter.try_acquire("b", t0), 0ms);
    EXPECT_EQ(limiter.try_acquire("c", t0), 1000ms);
    // The refused key did not lose a token: it goes as soon as the global bucket refills.
    EXPECT_EQ(limiter.try_acquire("c", t0 + 1s), 0ms);
}

TEST(RateLimiter, RetryAfterPausesOneKeyOrEverything) {
    RateLimiter limiter({10, 10.0});
    limiter.pause("C1", t0 + 30s);
    EXPECT_EQ(limiter.try_acquire("C1", t0), 30'000ms);
    EXPECT_EQ(limiter.try_acquire("C2", t0), 0ms);
    EXPECT_EQ(limiter.try_acquire("C1", t0 + 30s), 0ms);
    limiter.pause_all(t0 + 60s);
    EXPECT_EQ(limiter.try_acquire("C2", t0 + 50s), 10'000ms);
    // A shorter pause never shortens a longer one.
    limiter.pause_all(t0 + 55s);
    EXPECT_EQ(limiter.try_acquire("C2", t0 + 50s), 10'000ms);
}

TEST(RateLimiter, IdleKeysAreForgottenAsTheMapGrows) {
    RateLimiter limiter({1, 100.0});
    for (int i = 0; i < 10'000; ++i) EXPECT_EQ(limiter.try_acquire("user-" + std::to_string(i), t0 + milliseconds(i)), 0ms);
    EXPECT_LT(limiter.tracked_keys(), 5000u);
}

}  // namespace
}  // namespace frontline::net
