#include "adapters/webchat/conversation_log.hpp"

#include <algorithm>

namespace frontline::webchat {

const Entry& ConversationLog::append(Entry e, bool& added) {
    if (const Entry* existing = find(e.id)) {
        added = false;
        return *existing;
    }
    e.seq = next_seq_++;
    entries_.push_back(std::move(e));
    while (entries_.size() > capacity_) entries_.pop_front();
    added = true;
    return entries_.back();
}

std::vector<Entry> ConversationLog::after(std::int64_t seq) const {
    std::vector<Entry> out;
    for (const auto& e : entries_)
        if (e.seq > seq) out.push_back(e);
    return out;
}

const Entry* ConversationLog::find(const std::string& id) const {
    // Newest first: redeliveries and resends concern recent entries.
    auto it = std::find_if(entries_.rbegin(), entries_.rend(), [&](const Entry& e) { return e.id == id; });
    return it == entries_.rend() ? nullptr : &*it;
}

}  // namespace frontline::webchat
