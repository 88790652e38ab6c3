#pragma once
// Waiting on the coroutine's own executor, and racing an operation against a deadline (Boost 1.81
// has no cancel_after: a steady_timer races the operation with awaitable operators).
#include <chrono>
#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/net/net.hpp"
#include "core/result.hpp"

namespace frontline::net {

/// Sleeps on a steady_timer; Errc::cancelled when the coroutine is cancelled first.
awaitable<Status> wait_until(std::chrono::steady_clock::time_point when);
/// Same, relative to now.
awaitable<Status> wait_for(std::chrono::steady_clock::duration delay);

/// Runs `operation` but gives up after `limit`: the operation is cancelled and Errc::timeout
/// names `what`. The operation must honour cancellation (every Asio/Beast operation does).
template <class T>
awaitable<Result<T>> with_deadline(awaitable<Result<T>> operation, std::chrono::steady_clock::duration limit, std::string what) {
    using namespace boost::asio::experimental::awaitable_operators;
    asio::steady_timer timer(co_await asio::this_coro::executor, limit);
    auto winner = co_await (std::move(operation) || timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (winner.index() == 0) co_return std::get<0>(std::move(winner));
    co_return make_error(Errc::timeout, what + ": no answer in time");
}

}  // namespace frontline::net
