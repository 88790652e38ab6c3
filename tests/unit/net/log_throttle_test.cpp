#include <gtest/gtest.h>

#include "adapters/net/log_throttle.hpp"

namespace frontline::net {
namespace {

TEST(LogThrottle, OneLinePerIntervalSayingHowManyWereHeldBack) {
    LogThrottle throttle(std::chrono::seconds(10));
    const auto t0 = LogThrottle::Clock::time_point{} + std::chrono::hours(1);
    EXPECT_EQ(throttle.admit("accept: Too many open files", t0).value_or(""), "accept: Too many open files");
    for (int i = 1; i <= 99; ++i) EXPECT_FALSE(throttle.admit("accept: Too many open files", t0 + std::chrono::milliseconds(i * 100)));
    auto next = throttle.admit("accept: Too many open files", t0 + std::chrono::seconds(10));
    ASSERT_TRUE(next);
    EXPECT_EQ(*next, "accept: Too many open files (99 more like it not logged)");
    EXPECT_FALSE(throttle.admit("x", t0 + std::chrono::seconds(11)));
}

}  // namespace
}  // namespace frontline::net
