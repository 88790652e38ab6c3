#include "adapters/net/wait.hpp"

namespace frontline::net {

awaitable<Status> wait_until(std::chrono::steady_clock::time_point when) {
    asio::steady_timer timer(co_await asio::this_coro::executor, when);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return make_error(Errc::cancelled, "wait cancelled");
    co_return Status{};
}

awaitable<Status> wait_for(std::chrono::steady_clock::duration delay) {
    co_return co_await wait_until(std::chrono::steady_clock::now() + delay);
}

}  // namespace frontline::net
