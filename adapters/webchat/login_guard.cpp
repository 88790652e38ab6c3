#include "adapters/webchat/login_guard.hpp"

#include <iterator>

namespace frontline::webchat {

namespace {
/// Past this many keys, those with a full bucket (nothing to remember) are forgotten.
constexpr std::size_t kMaxKeys = 4096;
}  // namespace

net::TokenBucket& LoginGuard::bucket(const std::string& key, net::SteadyTime now) {
    auto it = buckets_.find(key);
    if (it != buckets_.end()) return it->second;
    if (buckets_.size() >= kMaxKeys) {
        for (auto b = buckets_.begin(); b != buckets_.end();)
            b = b->second.available(now) >= options_.burst ? buckets_.erase(b) : std::next(b);
    }
    return buckets_.emplace(key, net::TokenBucket(options_.burst, options_.per_minute / 60.0, now)).first->second;
}

bool LoginGuard::allowed(const std::string& key, net::SteadyTime now) {
    auto it = buckets_.find(key);
    return it == buckets_.end() || it->second.available(now) >= 1;
}

void LoginGuard::failed(const std::string& key, net::SteadyTime now) { bucket(key, now).try_take(now); }

}  // namespace frontline::webchat
