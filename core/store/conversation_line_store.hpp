#pragma once
// Conversation history: the lines a chat conversation showed, numbered by seq per conversation, so
// a page that comes back (after a reload, a lost network or a restart of the service) asks for
// "everything after N" and gets each line once. The entry is opaque text here: its shape belongs to
// the adapter that stores it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace frontline {

class Store;

/// One stored line.
struct StoredLine {
    std::int64_t seq = 0;
    std::string line_id;
    std::string entry;
};

/// What an append kept: the new line, or the line already stored under that id.
struct AppendedLine {
    StoredLine line;
    bool added = false;
};

class ConversationLineStore {
public:
    explicit ConversationLineStore(Store& store) : store_(store) {}
    /// Appends a line with the conversation's next seq, unless one with `line_id` is stored: then
    /// that one is returned unchanged. Call inside a transaction when several appends go together.
    Result<AppendedLine> append(const std::string& conversation, const std::string& line_id, const std::string& entry,
                                TimePoint at);
    /// Up to `limit` lines with seq > `seq`, oldest first.
    Result<std::vector<StoredLine>> after(const std::string& conversation, std::int64_t seq, std::size_t limit);
    /// The highest seq of the conversation; 0 when it has no line.
    Result<std::int64_t> last_seq(const std::string& conversation);
    /// Deletes lines created before `cutoff`, except each conversation's newest line: it carries the
    /// numbering on, so a page that still shows seq N never sees a later line numbered N or lower.
    /// Deletes at most `limit` lines per call; returns how many (fewer than `limit`: done).
    Result<std::size_t> prune(TimePoint cutoff, std::size_t limit);

private:
    Store& store_;
};

}  // namespace frontline
