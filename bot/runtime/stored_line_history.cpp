#include "bot/runtime/stored_line_history.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/runtime/store_worker.hpp"
#include "core/store/conversation_line_store.hpp"

namespace asio = boost::asio;

namespace frontline {

using webchat::Entry;
using webchat::KeptLine;

namespace {

/// A stored line back as the adapter's entry; a row that does not decode is a corrupt store.
Result<Entry> entry_of(const StoredLine& line) {
    auto e = webchat::decode_line(line.entry, line.seq);
    if (!e) return make_error(Errc::storage, "conversation line " + line.line_id + ": not a stored line");
    return std::move(*e);
}

}  // namespace

struct StoredLineHistory::Batch {
    struct Line {
        std::string conversation;
        std::string id;
        std::string entry;
        Result<AppendedLine> kept = make_error(Errc::storage, "not committed");
    };
    explicit Batch(asio::any_io_executor ex) : done(ex, asio::steady_timer::time_point::max()) {}
    std::vector<Line> lines;
    bool finished = false;
    asio::steady_timer done;  ///< cancelled when the batch is committed: wakes every waiter
};

StoredLineHistory::StoredLineHistory(asio::any_io_executor ex, StoreWorker& store, const Clock& clock)
    : ex_(ex), store_(store), clock_(clock) {}

StoredLineHistory::~StoredLineHistory() = default;

asio::awaitable<Result<KeptLine>> StoredLineHistory::append(std::string conversation, Entry e) {
    if (!collecting_) collecting_ = std::make_shared<Batch>(ex_);
    auto batch = collecting_;
    const std::size_t index = batch->lines.size();
    batch->lines.push_back({std::move(conversation), e.id, webchat::encode_line(e), AppendedLine{}});
    if (!flushing_) {
        flushing_ = true;
        asio::co_spawn(ex_, flush(), asio::detached);
    }
    while (!batch->finished) co_await batch->done.async_wait(asio::as_tuple(asio::use_awaitable));
    const auto& kept = batch->lines[index].kept;
    if (!kept) co_return kept.error();
    auto entry = entry_of(kept->line);
    if (!entry) co_return entry.error();
    co_return KeptLine{std::move(*entry), kept->added};
}

asio::awaitable<void> StoredLineHistory::flush() {
    while (collecting_) {
        auto batch = std::move(collecting_);
        collecting_.reset();
        auto job = [lines = batch->lines, at = clock_.now()](Store& s) mutable {
            // Not synced (one fsync less per group on the store's only thread, which every other
            // store job waits behind). A process crash loses nothing: the commit is in the WAL.
            // A power cut keeps a prefix of the WAL's commits (each frame's checksum chains to the
            // one before), so it can lose this line only together with everything committed after
            // it: an echoed user line stays in the inbox and the ticket (that batch was synced),
            // and a bot line loses its "delivered" mark with it and is delivered again, under its
            // idempotency key, to the same place in the history.
            // Applied by conversation (in arrival order within each): a store shared by several
            // processes locks each conversation's numbering until the commit, and groups that
            // took those locks in different orders could wait on each other for good.
            std::vector<std::size_t> order(lines.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
            std::stable_sort(order.begin(), order.end(),
                             [&](std::size_t a, std::size_t b) { return lines[a].conversation < lines[b].conversation; });
            auto status = s.in_unsynced_transaction([&]() -> Status {
                ConversationLineStore& history = s.lines();
                for (std::size_t i : order) {
                    auto& l = lines[i];
                    l.kept = history.append(l.conversation, l.id, l.entry, at);
                    if (!l.kept) return l.kept.error();
                }
                return {};
            });
            // Rolled back: no line of the batch is kept, whatever each append said before.
            if (!status)
                for (auto& l : lines) l.kept = status.error();
            return lines;
        };
        batch->lines = co_await store_.run(std::move(job));
        batch->finished = true;
        batch->done.cancel();
    }
    flushing_ = false;
}

asio::awaitable<Result<std::vector<Entry>>> StoredLineHistory::after(std::string conversation, std::int64_t seq,
                                                                     std::size_t limit) {
    // A named job, not a lambda inside the co_await: GCC 12 destroyed a string moved into such a
    // temporary twice (a double free seen under valgrind).
    auto job = [conversation, seq, limit](Store& s) { return s.lines().after(conversation, seq, limit); };
    auto lines = co_await store_.run(std::move(job));
    if (!lines) co_return lines.error();
    std::vector<Entry> out;
    out.reserve(lines->size());
    for (const auto& l : *lines) {
        auto e = entry_of(l);
        if (!e) co_return e.error();
        out.push_back(std::move(*e));
    }
    co_return out;
}

asio::awaitable<Result<std::vector<std::pair<std::string, Entry>>>> StoredLineHistory::after_each(
    std::vector<std::pair<std::string, std::int64_t>> from, std::size_t limit) {
    auto job = [from = std::move(from), limit](Store& s) { return s.lines().after_each(from, limit); };
    auto lines = co_await store_.run(std::move(job));
    if (!lines) co_return lines.error();
    std::vector<std::pair<std::string, Entry>> out;
    out.reserve(lines->size());
    for (const auto& [conversation, line] : *lines) {
        auto e = entry_of(line);
        if (!e) co_return e.error();
        out.emplace_back(conversation, std::move(*e));
    }
    co_return out;
}

asio::awaitable<Result<std::int64_t>> StoredLineHistory::last_seq(std::string conversation) {
    auto job = [conversation](Store& s) { return s.lines().last_seq(conversation); };
    auto last = co_await store_.run(std::move(job));
    co_return last;
}

}  // namespace frontline
