#pragma once
// The web chat's history over the store (core/store/conversation_line_store). Appends are group
// committed: the lines that arrive while a commit is running go together in the next one, so many
// conversations delivering at once cost one fsync per batch, not one per line. Each append completes
// only once its line is committed (durable), so the outbox marks a line delivered only when a page
// can still read it after a crash.
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "adapters/webchat/line_history.hpp"
#include "core/clock.hpp"

namespace frontline {

class StoreWorker;

class StoredLineHistory final : public webchat::LineHistory {
public:
    StoredLineHistory(boost::asio::any_io_executor ex, StoreWorker& store, const Clock& clock);
    ~StoredLineHistory() override;

    boost::asio::awaitable<Result<webchat::KeptLine>> append(std::string conversation, webchat::Entry e) override;
    boost::asio::awaitable<Result<std::vector<webchat::Entry>>> after(std::string conversation, std::int64_t seq,
                                                                      std::size_t limit) override;
    boost::asio::awaitable<Result<std::vector<std::pair<std::string, webchat::Entry>>>> after_each(
        std::vector<std::pair<std::string, std::int64_t>> from, std::size_t limit) override;
    boost::asio::awaitable<Result<std::int64_t>> last_seq(std::string conversation) override;

private:
    struct Batch;
    boost::asio::awaitable<void> flush();

    boost::asio::any_io_executor ex_;
    StoreWorker& store_;
    const Clock& clock_;
    std::shared_ptr<Batch> collecting_;
    bool flushing_ = false;
};

}  // namespace frontline
