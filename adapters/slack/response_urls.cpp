#include "adapters/slack/response_urls.hpp"

namespace frontline::slack {

void ResponseUrls::remember(const std::string& message, std::string url, Clock::time_point now) {
    if (message.empty() || url.empty()) return;
    urls_[message] = Entry{std::move(url), now, 0};
    order_.emplace_back(message, now);
    // Forget what has expired, and the oldest when too many clicks arrive within the lifetime.
    while (!order_.empty() && (now - order_.front().second >= kLifetime || urls_.size() > kMaxKept)) {
        const auto it = urls_.find(order_.front().first);
        // A later click on the same message renewed the entry: only its own queue slot retires it.
        if (it != urls_.end() && it->second.received == order_.front().second) urls_.erase(it);
        order_.pop_front();
    }
}

std::optional<std::string> ResponseUrls::take(const std::string& message, Clock::time_point now) {
    const auto it = urls_.find(message);
    if (it == urls_.end()) return std::nullopt;
    if (now - it->second.received >= kLifetime || it->second.uses >= kMaxUses) {
        urls_.erase(it);
        return std::nullopt;
    }
    ++it->second.uses;
    return it->second.url;
}

void ResponseUrls::forget(const std::string& message) { urls_.erase(message); }

}  // namespace frontline::slack
