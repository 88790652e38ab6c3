#pragma once
// The recent lines of one web chat conversation, numbered by seq, so a page that reloads or
// reconnects asks "everything after N" and gets each line exactly once. Entries are deduplicated
// by id: a message redelivered by the outbox, or resent by the page, is not appended twice.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "adapters/webchat/protocol.hpp"

namespace frontline::webchat {

class ConversationLog {
public:
    explicit ConversationLog(std::size_t capacity = 500) : capacity_(capacity) {}
    /// Appends `e` with the next seq unless an entry with its id is kept; returns the entry kept.
    /// `added` tells which happened.
    const Entry& append(Entry e, bool& added);
    /// The kept entries with seq > `seq`, oldest first.
    std::vector<Entry> after(std::int64_t seq) const;
    const Entry* find(const std::string& id) const;
    std::int64_t last_seq() const { return next_seq_ - 1; }
    std::size_t size() const { return entries_.size(); }

private:
    std::size_t capacity_;
    std::int64_t next_seq_ = 1;
    std::deque<Entry> entries_;
};

}  // namespace frontline::webchat
