#pragma once
// The store thread: owns the SQLite connection and runs every store job in order, so a commit's
// fsync never stalls the network thread (see docs/operations.md for the measurements).
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/store/store.hpp"

namespace frontline {

class StoreWorker {
public:
    /// Takes the store over: from now on only the worker thread touches it.
    explicit StoreWorker(std::unique_ptr<Store> store);
    ~StoreWorker();
    StoreWorker(const StoreWorker&) = delete;
    StoreWorker& operator=(const StoreWorker&) = delete;

    /// Runs `job` on the store thread, after every job queued before it.
    void post(std::function<void(Store&)> job);

    /// Runs `fn(store)` on the store thread and resumes the caller on its own executor with the result.
    template <class Fn>
    boost::asio::awaitable<std::invoke_result_t<Fn&, Store&>> run(Fn fn) {
        using R = std::invoke_result_t<Fn&, Store&>;
        auto ex = co_await boost::asio::this_coro::executor;
        co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(R)>(
            [this, ex](auto handler, Fn f) {
                auto h = std::make_shared<decltype(handler)>(std::move(handler));
                auto shared_fn = std::make_shared<Fn>(std::move(f));
                post([h, ex, shared_fn](Store& s) {
                    auto result = std::make_shared<R>((*shared_fn)(s));
                    boost::asio::post(ex, [h, result] { (*h)(std::move(*result)); });
                });
            },
            boost::asio::use_awaitable, std::move(fn));
    }

    /// Finishes the queued jobs, then stops the thread. Idempotent.
    void stop();

private:
    void loop();

    std::unique_ptr<Store> store_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void(Store&)>> jobs_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace frontline
