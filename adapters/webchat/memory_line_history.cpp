#include "adapters/webchat/memory_line_history.hpp"

#include <algorithm>

namespace frontline::webchat {

net::awaitable<Result<KeptLine>> MemoryLineHistory::append(std::string conversation, Entry e) {
    auto& lines = lines_[conversation];
    auto it = std::find_if(lines.begin(), lines.end(), [&](const Entry& kept) { return kept.id == e.id; });
    if (it != lines.end()) co_return KeptLine{*it, false};
    e.seq = lines.empty() ? 1 : lines.back().seq + 1;
    lines.push_back(e);
    co_return KeptLine{std::move(e), true};
}

net::awaitable<Result<std::vector<Entry>>> MemoryLineHistory::after(std::string conversation, std::int64_t seq,
                                                                    std::size_t limit) {
    ++reads_;
    std::vector<Entry> out;
    if (auto it = lines_.find(conversation); it != lines_.end())
        for (const auto& e : it->second)
            if (e.seq > seq && out.size() < limit) out.push_back(e);
    co_return out;
}

net::awaitable<Result<std::int64_t>> MemoryLineHistory::last_seq(std::string conversation) {
    auto it = lines_.find(conversation);
    co_return it == lines_.end() || it->second.empty() ? std::int64_t{0} : it->second.back().seq;
}

std::size_t MemoryLineHistory::size(const std::string& conversation) const {
    auto it = lines_.find(conversation);
    return it == lines_.end() ? 0 : it->second.size();
}

}  // namespace frontline::webchat
