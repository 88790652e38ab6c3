#pragma once
// A LineHistory in this process's memory: for tests, and for tools that build a web chat adapter
// for a moment (check-config's room check). Not durable: the service uses the store's.
#include <map>

#include "adapters/webchat/line_history.hpp"

namespace frontline::webchat {

class MemoryLineHistory final : public LineHistory {
public:
    net::awaitable<Result<KeptLine>> append(std::string conversation, Entry e) override;
    net::awaitable<Result<std::vector<Entry>>> after(std::string conversation, std::int64_t seq,
                                                     std::size_t limit) override;
    net::awaitable<Result<std::int64_t>> last_seq(std::string conversation) override;

    /// Lines kept for `conversation` (for tests).
    std::size_t size(const std::string& conversation) const;
    /// How many after() calls were answered (for tests: resume is paged).
    std::size_t reads() const { return reads_; }

private:
    std::map<std::string, std::vector<Entry>> lines_;
    std::size_t reads_ = 0;
};

}  // namespace frontline::webchat
