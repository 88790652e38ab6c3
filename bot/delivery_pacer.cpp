#include "bot/delivery_pacer.hpp"

#include <algorithm>
#include <cmath>

namespace frontline {

const DeliveryPacer::Limits& DeliveryPacer::limits_of(const std::string& platform) const {
    auto it = per_platform_.find(platform);
    return it == per_platform_.end() ? fallback_ : it->second;
}

void DeliveryPacer::refill(Bucket& b, double rate, double burst, Clock::time_point now) {
    if (b.tokens < 0) {
        b.tokens = burst;
    } else if (now > b.updated) {
        const double elapsed = std::chrono::duration<double>(now - b.updated).count();
        b.tokens = std::min(burst, b.tokens + elapsed * rate);
    }
    b.updated = std::max(b.updated, now);
}

DeliveryPacer::Clock::duration DeliveryPacer::time_to(const Bucket& b, double need, double rate) {
    if (b.tokens >= need) return Clock::duration::zero();
    const double seconds = (need - b.tokens) / std::max(rate, 1e-6);
    return std::max<Clock::duration>(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)),
                                     std::chrono::milliseconds(1));
}

DeliveryPacer::Clock::duration DeliveryPacer::try_acquire(const Address& to, OutboxPriority priority,
                                                          Clock::time_point now) {
    if (auto p = paused_until_.find(to.platform); p != paused_until_.end()) {
        if (now < p->second) return p->second - now;
        paused_until_.erase(p);
    }
    const Limits& l = limits_of(to.platform);
    if (conversations_.size() > kMaxTrackedConversations) forget_idle_conversations(now);
    Bucket& platform = platforms_[to.platform];
    Bucket& conversation = conversations_[{to.platform, to.conversation_id}];
    refill(platform, l.platform_per_second, l.platform_burst, now);
    refill(conversation, l.conversation_per_second, l.conversation_burst, now);
    const double need = priority == OutboxPriority::bulk ? 1 + std::min(l.bulk_reserve, l.platform_burst - 1) : 1;
    const auto wait = std::max(time_to(platform, need, l.platform_per_second),
                               time_to(conversation, 1, l.conversation_per_second));
    if (wait > Clock::duration::zero()) return wait;
    platform.tokens -= 1;
    conversation.tokens -= 1;
    return Clock::duration::zero();
}

void DeliveryPacer::forget_idle_conversations(Clock::time_point now) {
    // A full bucket holds no information: dropping it is the same as starting it afresh.
    for (auto it = conversations_.begin(); it != conversations_.end();) {
        const Limits& l = limits_of(it->first.first);
        refill(it->second, l.conversation_per_second, l.conversation_burst, now);
        it = it->second.tokens >= l.conversation_burst ? conversations_.erase(it) : std::next(it);
    }
}

void DeliveryPacer::pause(const std::string& platform, Clock::time_point until) {
    auto& current = paused_until_[platform];
    current = std::max(current, until);
}

}  // namespace frontline
