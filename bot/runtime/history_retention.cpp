#include "bot/runtime/history_retention.hpp"

#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/runtime/runtime_log.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/store/conversation_line_store.hpp"

namespace asio = boost::asio;

namespace frontline {

namespace {
constexpr std::size_t kChunk = 1000;
}  // namespace

HistoryRetention::HistoryRetention(asio::any_io_executor ex, StoreWorker& store, const Clock& clock, std::chrono::days keep)
    : store_(store), clock_(clock), keep_(keep), timer_(ex) {}

asio::awaitable<void> HistoryRetention::run() {
    while (!stopped_) {
        co_await prune_once();
        timer_.expires_after(std::chrono::hours(24));
        co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

void HistoryRetention::stop() {
    stopped_ = true;
    timer_.cancel();
}

asio::awaitable<void> HistoryRetention::prune_once() {
    const TimePoint cutoff = clock_.now() - keep_;
    std::size_t total = 0;
    while (!stopped_) {
        auto n = co_await store_.run([cutoff](Store& s) { return s.lines().prune(cutoff, kChunk); });
        if (!n) {
            log_line(LogLevel::warn, "webchat", "history retention: " + n.error().message);
            co_return;
        }
        total += *n;
        if (*n < kChunk) break;
    }
    if (total > 0)
        log_line(LogLevel::info, "webchat", "history retention: deleted " + std::to_string(total) + " lines older than " +
                                                std::to_string(keep_.count()) + " days");
}

}  // namespace frontline
