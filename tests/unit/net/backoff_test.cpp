#include "adapters/net/backoff.hpp"

#include <gtest/gtest.h>

namespace frontline::net {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, GrowsExponentiallyUpToTheCapWithoutJitter) {
    Backoff b({milliseconds(100), milliseconds(1000), 2.0, 0.0}, [] { return 0.7; });
    EXPECT_EQ(b.next(), milliseconds(100));
    EXPECT_EQ(b.next(), milliseconds(200));
    EXPECT_EQ(b.next(), milliseconds(400));
    EXPECT_EQ(b.next(), milliseconds(800));
    EXPECT_EQ(b.next(), milliseconds(1000));
    EXPECT_EQ(b.next(), milliseconds(1000));
    EXPECT_EQ(b.attempts(), 6);
}

TEST(Backoff, JitterStaysWithinItsShareOfTheDelay) {
    double r = 0.0;
    Backoff b({milliseconds(1000), milliseconds(60'000), 2.0, 0.5}, [&] { return r; });
    EXPECT_EQ(b.next(), milliseconds(1000));  // r = 0: the full delay
    r = 0.999999;
    EXPECT_EQ(b.next(), milliseconds(1000));  // r ~ 1: half of 2000
    r = 0.5;
    EXPECT_EQ(b.next(), milliseconds(3000));  // 4000 * (1 - 0.25)
}

TEST(Backoff, DefaultRandomSourceStaysInBoundsAndNeverExceedsTheCap) {
    Backoff b({milliseconds(50), milliseconds(5000), 3.0, 1.0});
    for (int i = 0; i < 200; ++i) {
        const auto d = b.next();
        EXPECT_GE(d, milliseconds(0));
        EXPECT_LE(d, milliseconds(5000));
    }
}

TEST(Backoff, ResetStartsOverAfterASuccess) {
    Backoff b({milliseconds(10), milliseconds(1000), 2.0, 0.0}, [] { return 0.0; });
    (void)b.next();
    (void)b.next();
    (void)b.next();
    b.reset();
    EXPECT_EQ(b.attempts(), 0);
    EXPECT_EQ(b.next(), milliseconds(10));
}

TEST(Backoff, ThousandsOfFailuresStayAtTheCap) {
    Backoff b({milliseconds(10), milliseconds(30'000), 2.0, 0.0}, [] { return 0.0; });
    milliseconds last{};
    for (int i = 0; i < 5000; ++i) last = b.next();
    EXPECT_EQ(last, milliseconds(30'000));
}

TEST(Backoff, NonsensePolicyIsClampedToSomethingSafe) {
    // A cap below the start, a shrinking multiplier and jitter above 1 would make delays shrink or go negative.
    Backoff b({milliseconds(500), milliseconds(100), 0.5, 3.0}, [] { return 0.999; });
    for (int i = 0; i < 5; ++i) {
        const auto d = b.next();
        EXPECT_GE(d, milliseconds(0));
        EXPECT_LE(d, milliseconds(500));
    }
}

}  // namespace
}  // namespace frontline::net
