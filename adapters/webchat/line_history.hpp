#pragma once
// Where the web chat keeps its conversations' lines: durably, outside the process's memory, so the
// adapter holds only what open pages need and a page resumes ("everything after N") after a reload,
// a lost network or a restart of the service. The service's implementation is over the store
// (bot/runtime/stored_line_history); MemoryLineHistory serves tests and short-lived tools.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/net/net.hpp"
#include "adapters/webchat/protocol.hpp"
#include "core/result.hpp"

namespace frontline::webchat {

/// The line an append kept (with its seq), and whether it was new.
struct KeptLine {
    Entry entry;
    bool added = false;
};

class LineHistory {
public:
    virtual ~LineHistory() = default;
    /// Appends `e` with the conversation's next seq, unless a line with its id is kept already: then
    /// that line. Completes once the line is durable (a crash after it does not lose it).
    virtual net::awaitable<Result<KeptLine>> append(std::string conversation, Entry e) = 0;
    /// Up to `limit` lines with seq > `seq`, oldest first.
    virtual net::awaitable<Result<std::vector<Entry>>> after(std::string conversation, std::int64_t seq,
                                                             std::size_t limit) = 0;
    /// For each (conversation, seq) of `from`, its lines after seq, oldest first, at most `limit`
    /// each: what other processes on a shared store added (WebchatOptions::follow_every). This
    /// default asks after() per conversation.
    virtual net::awaitable<Result<std::vector<std::pair<std::string, Entry>>>> after_each(
        std::vector<std::pair<std::string, std::int64_t>> from, std::size_t limit);
    /// The conversation's highest seq; 0 when it has none.
    virtual net::awaitable<Result<std::int64_t>> last_seq(std::string conversation) = 0;
};

/// A line as a history stores it (JSON, without its seq, which the history assigns).
std::string encode_line(const Entry& e);
/// The stored line back, with `seq`; nullopt when the text is not a stored line.
std::optional<Entry> decode_line(std::string_view stored, std::int64_t seq);

}  // namespace frontline::webchat
