#pragma once
// Group commit of "delivered" marks. Every mark is a write to the outbox, and one transaction per
// mark made the dispatcher as slow as the disk's fsync (~4 ms here): a few hundred messages a
// second however fast the platform took them. Marks that arrive while a commit is running wait and
// go together in the next one; each caller resumes only once its own mark is committed, so a row
// is never looked at again as deliverable after it was delivered.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace frontline {

class StoreWorker;

class DeliveredMarks {
public:
    DeliveredMarks(boost::asio::any_io_executor ex, StoreWorker& store);
    ~DeliveredMarks();

    /// Marks row `id` delivered as `platform_id`; completes when that is committed.
    boost::asio::awaitable<Status> mark(std::int64_t id, std::string platform_id, TimePoint now);

private:
    struct Batch;
    boost::asio::awaitable<void> flush();

    boost::asio::any_io_executor ex_;
    StoreWorker& store_;
    std::shared_ptr<Batch> collecting_;
    bool flushing_ = false;
};

}  // namespace frontline
