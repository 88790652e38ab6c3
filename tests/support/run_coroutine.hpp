#pragma once
// Runs a coroutine to completion on a test's io_context, one handler at a time, so in-process
// servers on the same io_context keep serving while the test's client coroutine runs.
#include <exception>
#include <optional>
#include <stdexcept>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace frontline::testkit {

/// Keeps the result out of co_spawn, whose completion signature would need a default-constructible T.
template <class T>
boost::asio::awaitable<void> store_result(boost::asio::awaitable<T> coroutine, std::optional<T>* out) {
    out->emplace(co_await std::move(coroutine));
}

/// The coroutine's result; rethrows its exception.
template <class T>
T run_coroutine(boost::asio::io_context& io, boost::asio::awaitable<T> coroutine) {
    std::optional<T> result;
    std::exception_ptr failure;
    bool done = false;
    boost::asio::co_spawn(io, store_result(std::move(coroutine), &result), [&](std::exception_ptr e) {
        failure = e;
        done = true;
    });
    io.restart();
    while (!done && io.run_one() > 0) {
    }
    if (failure) std::rethrow_exception(failure);
    if (!done || !result) throw std::logic_error("run_coroutine: the io_context ran out of work first");
    return std::move(*result);
}

/// Overload for coroutines without a result.
inline void run_coroutine(boost::asio::io_context& io, boost::asio::awaitable<void> coroutine) {
    std::exception_ptr failure;
    bool done = false;
    boost::asio::co_spawn(io, std::move(coroutine), [&](std::exception_ptr e) {
        failure = e;
        done = true;
    });
    io.restart();
    while (!done && io.run_one() > 0) {
    }
    if (failure) std::rethrow_exception(failure);
    if (!done) throw std::logic_error("run_coroutine: the io_context ran out of work first");
}

}  // namespace frontline::testkit
