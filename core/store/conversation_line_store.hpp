#pragma once
// Conversation history: the lines a chat conversation showed, numbered by seq per conversation, so
// a page that comes back (after a reload, a lost network or a restart of the service) asks for
// "everything after N" and gets each line once. The entry is opaque text here: its shape belongs to
// the adapter that stores it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace frontline {

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
    virtual ~ConversationLineStore() = default;
    /// Appends a line with the conversation's next seq, unless one with `line_id` is stored: then
    /// that one is returned unchanged. Call inside a transaction when several appends go together.
    virtual Result<AppendedLine> append(const std::string& conversation, const std::string& line_id, const std::string& entry,
                                TimePoint at) = 0;
    /// Up to `limit` lines with seq > `seq`, oldest first.
    virtual Result<std::vector<StoredLine>> after(const std::string& conversation, std::int64_t seq, std::size_t limit) = 0;
    /// For each (conversation, seq) of `from`: its lines with a higher seq, oldest first, at most
    /// `limit` per conversation. One call for many conversations: a process follows what other
    /// processes on the store add to the conversations it has pages open for. This default asks
    /// after() once per conversation.
    virtual Result<std::vector<std::pair<std::string, StoredLine>>> after_each(
        const std::vector<std::pair<std::string, std::int64_t>>& from, std::size_t limit);
    /// The highest seq of the conversation; 0 when it has no line.
    virtual Result<std::int64_t> last_seq(const std::string& conversation) = 0;
    /// Deletes lines created before `cutoff`, except each conversation's newest line: it carries the
    /// numbering on, so a page that still shows seq N never sees a later line numbered N or lower.
    /// Deletes at most `limit` lines per call; returns how many (fewer than `limit`: done).
    virtual Result<std::size_t> prune(TimePoint cutoff, std::size_t limit) = 0;
};

}  // namespace frontline
