#include "bot/runtime/delivered_marks.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/runtime/store_worker.hpp"
#include "core/store/outbox_store.hpp"

namespace asio = boost::asio;

namespace frontline {

struct DeliveredMarks::Batch {
    struct Mark {
        std::int64_t id;
        std::string platform_id;
        TimePoint at;
    };
    explicit Batch(asio::any_io_executor ex) : done(ex, asio::steady_timer::time_point::max()) {}
    std::vector<Mark> marks;
    Status status;
    bool finished = false;
    asio::steady_timer done;  ///< cancelled when the batch is committed: wakes every waiter
};

DeliveredMarks::DeliveredMarks(asio::any_io_executor ex, StoreWorker& store) : ex_(ex), store_(store) {}

DeliveredMarks::~DeliveredMarks() = default;

asio::awaitable<Status> DeliveredMarks::mark(std::int64_t id, std::string platform_id, TimePoint now) {
    if (!collecting_) collecting_ = std::make_shared<Batch>(ex_);
    auto batch = collecting_;
    batch->marks.push_back({id, std::move(platform_id), now});
    if (!flushing_) {
        flushing_ = true;
        asio::co_spawn(ex_, flush(), asio::detached);
    }
    while (!batch->finished) co_await batch->done.async_wait(asio::as_tuple(asio::use_awaitable));
    co_return batch->status;
}

asio::awaitable<void> DeliveredMarks::flush() {
    while (collecting_) {
        auto batch = std::move(collecting_);
        collecting_.reset();
        auto job = [marks = batch->marks](Store& s) {
            // Unsynced: a mark lost in a power cut only means the row is sent again with its key.
            return s.in_unsynced_transaction([&]() -> Status {
                OutboxStore& outbox = s.outbox();
                for (const auto& m : marks)
                    if (auto ok = outbox.mark_delivered(m.id, m.platform_id, m.at); !ok) return ok;
                return {};
            });
        };
        batch->status = co_await store_.run(std::move(job));
        batch->finished = true;
        batch->done.cancel();
    }
    flushing_ = false;
}

}  // namespace frontline
