#pragma once
// Token buckets per key (a Slack channel, a Telegram chat, a Matrix room) with an optional global
// bucket, plus pauses from Retry-After. Pure: time is passed in, so tests never sleep.
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

namespace frontline::net {

using SteadyTime = std::chrono::steady_clock::time_point;

/// `capacity` tokens at most, refilled at `per_second`; starts full.
class TokenBucket {
public:
    TokenBucket(double capacity, double per_second, SteadyTime now);

    /// Takes `n` tokens if they are there.
    bool try_take(SteadyTime now, double n = 1);
    /// How long until `n` tokens are there (zero when they already are).
    std::chrono::milliseconds wait_time(SteadyTime now, double n = 1);
    double available(SteadyTime now);
    /// Changes the refill rate from `now` on (tokens earned so far at the old rate are kept).
    void set_rate(double per_second, SteadyTime now);
    double rate() const { return per_second_; }

private:
    void refill(SteadyTime now);

    double capacity_;
    double per_second_;
    double tokens_;
    SteadyTime last_;
};

struct RateLimit {
    double burst = 1;                   ///< tokens available at once
    double per_second = 1;              ///< sustained rate
};

/// Decides when each key may send next.
class RateLimiter {
public:
    explicit RateLimiter(RateLimit per_key, std::optional<RateLimit> global = std::nullopt);

    /// Zero: go now (a token is taken from the key's and the global bucket). Otherwise how long to
    /// wait before asking again; nothing is taken.
    std::chrono::milliseconds try_acquire(const std::string& key, SteadyTime now);
    /// The platform said 429 for this key: nothing goes to it before `until`.
    void pause(const std::string& key, SteadyTime until);
    /// A global limit: nothing goes anywhere before `until`.
    void pause_all(SteadyTime until);
    /// Keys currently tracked (idle, full buckets are dropped as the map grows).
    std::size_t tracked_keys() const { return keys_.size(); }

private:
    struct KeyState {
        TokenBucket bucket;
        SteadyTime paused_until{};
    };
    void forget_idle_keys(SteadyTime now);

    RateLimit per_key_;
    std::optional<TokenBucket> global_;
    SteadyTime global_paused_until_{};
    std::map<std::string, KeyState, std::less<>> keys_;
};

}  // namespace frontline::net
