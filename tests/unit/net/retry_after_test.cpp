#include "adapters/net/retry_after.hpp"

#include <gtest/gtest.h>

namespace frontline::net {
namespace {

using namespace std::chrono_literals;
using std::chrono::seconds;

// Sun, 06 Nov 1994 08:49:37 GMT, the example date of RFC 9110.
const auto kRfcDate = std::chrono::sys_days{std::chrono::year{1994} / 11 / 6} + 8h + 49min + 37s;
const std::chrono::system_clock::time_point kNow = kRfcDate - 120s;

TEST(RetryAfter, DelaySeconds) {
    EXPECT_EQ(parse_retry_after("120", kNow), seconds(120));
    EXPECT_EQ(parse_retry_after(" 0 ", kNow), seconds(0));
}

TEST(RetryAfter, HttpDateInAllThreeForms) {
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kNow), seconds(120));
    EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", kNow), seconds(120));
    EXPECT_EQ(parse_retry_after("Sun Nov  6 08:49:37 1994", kNow), seconds(120));
}

TEST(RetryAfter, ADateInThePastMeansNow) {
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kNow + 1h), seconds(0));
}

TEST(RetryAfter, GarbageIsRejected) {
    for (const char* bad : {"", "soon", "-5", "1.5", "12abc", "Sun, 32 Nov 1994 08:49:37 GMT",
                            "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:00:00 GMT", "Sun, 06 Nov 1994 08:49:37 CET"}) {
        EXPECT_FALSE(parse_retry_after(bad, kNow).has_value()) << bad;
    }
}

TEST(RetryAfter, AbsurdlyLargeDelayIsClampedNotOverflowed) {
    const auto d = parse_retry_after("99999999999999999999", kNow);
    ASSERT_TRUE(d.has_value());
    EXPECT_GT(*d, seconds(1'000'000));
}

TEST(RetryAfter, ReadFromHeadersIgnoringCase) {
    Headers h;
    EXPECT_FALSE(retry_after(h, kNow).has_value());
    h.set("retry-after", "7");
    EXPECT_EQ(retry_after(h, kNow), seconds(7));
}

}  // namespace
}  // namespace frontline::net
