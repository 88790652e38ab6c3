#include "adapters/net/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace frontline::net {

namespace {
constexpr std::size_t kForgetThreshold = 4096;

std::chrono::milliseconds ceil_ms(SteadyTime from, SteadyTime to) {
    if (to <= from) return std::chrono::milliseconds::zero();
    return std::chrono::ceil<std::chrono::milliseconds>(to - from);
}
}  // namespace

TokenBucket::TokenBucket(double capacity, double per_second, SteadyTime now)
    : capacity_(std::max(capacity, 1.0)), per_second_(std::max(per_second, 1e-9)), tokens_(capacity_), last_(now) {}

void TokenBucket::refill(SteadyTime now) {
    if (now <= last_) return;  // time never runs backwards for a bucket
    const double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(capacity_, tokens_ + elapsed * per_second_);
    last_ = now;
}

bool TokenBucket::try_take(SteadyTime now, double n) {
    refill(now);
    if (tokens_ + 1e-9 < n) return false;
    tokens_ = std::max(0.0, tokens_ - n);
    return true;
}

std::chrono::milliseconds TokenBucket::wait_time(SteadyTime now, double n) {
    refill(now);
    if (tokens_ + 1e-9 >= n) return std::chrono::milliseconds::zero();
    const double seconds = (n - tokens_) / per_second_;
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(seconds * 1000.0)));
}

double TokenBucket::available(SteadyTime now) {
    refill(now);
    return tokens_;
}

void TokenBucket::set_rate(double per_second, SteadyTime now) {
    refill(now);
    per_second_ = std::max(per_second, 1e-9);
}

RateLimiter::RateLimiter(RateLimit per_key, std::optional<RateLimit> global) : per_key_(per_key) {
    if (global) global_.emplace(global->burst, global->per_second, SteadyTime{});
}

std::chrono::milliseconds RateLimiter::try_acquire(const std::string& key, SteadyTime now) {
    if (now < global_paused_until_) return ceil_ms(now, global_paused_until_);
    auto found = keys_.find(key);
    if (found == keys_.end()) {
        forget_idle_keys(now);
        found = keys_.emplace(key, KeyState{TokenBucket(per_key_.burst, per_key_.per_second, now), {}}).first;
    }
    KeyState& state = found->second;
    if (now < state.paused_until) return ceil_ms(now, state.paused_until);
    const auto key_wait = state.bucket.wait_time(now);
    const auto global_wait = global_ ? global_->wait_time(now) : std::chrono::milliseconds::zero();
    const auto wait = std::max(key_wait, global_wait);
    if (wait > std::chrono::milliseconds::zero()) return wait;
    (void)state.bucket.try_take(now);
    if (global_) (void)global_->try_take(now);
    return std::chrono::milliseconds::zero();
}

void RateLimiter::pause(const std::string& key, SteadyTime until) {
    auto found = keys_.find(key);
    if (found == keys_.end())
        found = keys_.emplace(key, KeyState{TokenBucket(per_key_.burst, per_key_.per_second, until), {}}).first;
    found->second.paused_until = std::max(found->second.paused_until, until);
}

void RateLimiter::pause_all(SteadyTime until) { global_paused_until_ = std::max(global_paused_until_, until); }

void RateLimiter::forget_idle_keys(SteadyTime now) {
    if (keys_.size() < kForgetThreshold) return;
    // A full bucket that is not paused behaves exactly like a new one: dropping it loses nothing.
    for (auto it = keys_.begin(); it != keys_.end();) {
        KeyState& state = it->second;
        const bool idle = state.paused_until <= now && state.bucket.available(now) >= per_key_.burst - 1e-9;
        it = idle ? keys_.erase(it) : std::next(it);
    }
}

}  // namespace frontline::net
