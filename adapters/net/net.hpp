#pragma once
// Short names shared by the network layer: one io_context thread, C++20 coroutines.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

namespace frontline::net {

namespace asio = boost::asio;
template <class T>
using awaitable = asio::awaitable<T>;
using Executor = asio::any_io_executor;

}  // namespace frontline::net
