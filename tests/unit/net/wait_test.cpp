#include "adapters/net/wait.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "tests/support/run_coroutine.hpp"

namespace frontline::net {
namespace {

using namespace std::chrono_literals;

awaitable<Result<int>> answer_after(std::chrono::steady_clock::duration delay) {
    if (auto waited = co_await wait_for(delay); !waited) co_return waited.error();
    co_return 42;
}

TEST(WithDeadline, AFastOperationWins) {
    boost::asio::io_context io;
    auto r = testkit::run_coroutine(io, with_deadline(answer_after(0ms), 60s, "fast"));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(*r, 42);
}

TEST(WithDeadline, ASlowOperationIsCancelledAndReportedAsTimeout) {
    boost::asio::io_context io;
    auto r = testkit::run_coroutine(io, with_deadline(answer_after(60s), 10ms, "hello frame"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::timeout);
    EXPECT_NE(r.error().message.find("hello frame"), std::string::npos);
    // The losing operation was cancelled, not left running: nothing is pending any more.
    io.restart();
    EXPECT_EQ(io.poll(), 0u);
}

TEST(WaitUntil, ATimeInThePastCompletesAtOnce) {
    boost::asio::io_context io;
    auto r = testkit::run_coroutine(io, wait_until(std::chrono::steady_clock::now() - 1h));
    EXPECT_TRUE(r);
}

}  // namespace
}  // namespace frontline::net
