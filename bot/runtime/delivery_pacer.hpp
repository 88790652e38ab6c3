#pragma once
// Who may send now: a token bucket per platform and one per conversation (Slack ~1 msg/s per
// channel, Telegram ~1/s per chat and ~30/s overall), plus a platform-wide pause after a 429.
// The platform-wide rate adapts (additive increase, multiplicative decrease): it grows while the
// platform accepts calls, up to its ceiling, and halves on a 429, down to its floor. Bulk messages
// leave a reserve in the platform bucket so pings and direct answers never queue behind a
// broadcast. Time is passed in: tests never sleep.
#include <chrono>
#include <map>
#include <string>
#include <utility>

#include "adapters/net/rate_limiter.hpp"
#include "core/message.hpp"

namespace frontline {

struct PaceLimits {
    double platform_per_second = 25;   ///< where the platform-wide rate starts
    double platform_burst = 25;
    double conversation_per_second = 1;
    double conversation_burst = 5;
    double bulk_reserve = 5;  ///< platform tokens bulk traffic may not take
    double platform_max_per_second = 0;  ///< the ceiling it grows to; 0: twice the start
    double platform_min_per_second = 1;  ///< the floor a 429 halves it to at most
    double increase_per_accepted = 0.5;  ///< calls per second added by each accepted call
};

class DeliveryPacer {
public:
    using Clock = std::chrono::steady_clock;
    using Limits = PaceLimits;

    explicit DeliveryPacer(std::map<std::string, Limits> per_platform = {}, Limits fallback = {})
        : per_platform_(std::move(per_platform)), fallback_(fallback) {}

    /// Takes a token for a message to `to` and returns zero, or returns how long to wait (nothing taken).
    /// Without `conversation` (an edit on a platform that paces only new posts per conversation)
    /// only the platform-wide rate is asked.
    Clock::duration try_acquire(const Address& to, OutboxPriority priority, Clock::time_point now,
                                bool conversation = true);
    /// Takes one token of `to`'s conversation if it has one now (a post folded behind an edit
    /// that did not take one); false, and nothing taken, otherwise.
    bool try_take_conversation(const Address& to, Clock::time_point now);
    /// The platform said "too many requests": nobody sends there before `until` (its Retry-After),
    /// and its rate halves.
    void pause(const std::string& platform, Clock::time_point until, Clock::time_point now);
    /// The platform accepted a call: its rate grows a little, up to the ceiling.
    void accepted(const std::string& platform, Clock::time_point now);
    /// The platform-wide rate now (calls per second).
    double rate_of(const std::string& platform) const;

private:
    using Bucket = net::TokenBucket;
    static constexpr std::size_t kMaxTrackedConversations = 4096;
    void forget_idle_conversations(Clock::time_point now);
    const Limits& limits_of(const std::string& platform) const;
    static Bucket& bucket(std::map<std::string, Bucket>& m, const std::string& key, double burst, double rate,
                          Clock::time_point now);

    std::map<std::string, Limits> per_platform_;
    Limits fallback_;
    std::map<std::string, Bucket> platforms_;
    std::map<std::string, Bucket> conversations_;  ///< key: platform, newline, conversation id
    std::map<std::string, Clock::time_point> paused_until_;
};

}  // namespace frontline
