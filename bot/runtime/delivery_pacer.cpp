#include "bot/runtime/delivery_pacer.hpp"

#include <algorithm>

namespace frontline {

const DeliveryPacer::Limits& DeliveryPacer::limits_of(const std::string& platform) const {
    auto it = per_platform_.find(platform);
    return it == per_platform_.end() ? fallback_ : it->second;
}

DeliveryPacer::Bucket& DeliveryPacer::bucket(std::map<std::string, Bucket>& m, const std::string& key, double burst,
                                             double rate, Clock::time_point now) {
    auto it = m.find(key);
    if (it == m.end()) it = m.emplace(key, Bucket(burst, rate, now)).first;
    return it->second;
}

DeliveryPacer::Clock::duration DeliveryPacer::try_acquire(const Address& to, OutboxPriority priority,
                                                          Clock::time_point now, bool conversation_token) {
    if (auto p = paused_until_.find(to.platform); p != paused_until_.end()) {
        if (now < p->second) return p->second - now;
        paused_until_.erase(p);
    }
    const Limits& l = limits_of(to.platform);
    if (conversations_.size() > kMaxTrackedConversations) forget_idle_conversations(now);
    Bucket& platform = bucket(platforms_, to.platform, l.platform_burst, l.platform_per_second, now);
    Bucket& conversation = bucket(conversations_, to.platform + '\n' + to.conversation_id, l.conversation_burst,
                                  l.conversation_per_second, now);
    // Bulk must leave `bulk_reserve` tokens behind, so a ping that comes next still goes at once.
    const double need = priority == OutboxPriority::bulk ? 1 + std::min(l.bulk_reserve, l.platform_burst - 1) : 1;
    const Clock::duration wait = std::max<Clock::duration>(
        platform.wait_time(now, need), conversation_token ? conversation.wait_time(now, 1) : std::chrono::milliseconds(0));
    if (wait > Clock::duration::zero()) return wait;
    platform.try_take(now, 1);
    if (conversation_token) conversation.try_take(now, 1);
    return Clock::duration::zero();
}

bool DeliveryPacer::try_take_conversation(const Address& to, Clock::time_point now) {
    const Limits& l = limits_of(to.platform);
    Bucket& conversation = bucket(conversations_, to.platform + '\n' + to.conversation_id, l.conversation_burst,
                                  l.conversation_per_second, now);
    return conversation.try_take(now, 1);
}

void DeliveryPacer::forget_idle_conversations(Clock::time_point now) {
    // A full bucket holds no information: dropping it is the same as starting it afresh.
    for (auto it = conversations_.begin(); it != conversations_.end();) {
        const std::string platform = it->first.substr(0, it->first.find('\n'));
        it = it->second.available(now) >= limits_of(platform).conversation_burst ? conversations_.erase(it)
                                                                                 : std::next(it);
    }
}

void DeliveryPacer::pause(const std::string& platform, Clock::time_point until, Clock::time_point now) {
    auto& current = paused_until_[platform];
    // One 429 halves the rate once, however many calls in flight come back refused with it.
    const bool new_pause = until > current;
    current = std::max(current, until);
    if (!new_pause) return;
    const Limits& l = limits_of(platform);
    Bucket& b = bucket(platforms_, platform, l.platform_burst, l.platform_per_second, now);
    b.set_rate(std::max(l.platform_min_per_second, b.rate() / 2), now);
}

void DeliveryPacer::accepted(const std::string& platform, Clock::time_point now) {
    const Limits& l = limits_of(platform);
    const double ceiling = l.platform_max_per_second > 0 ? l.platform_max_per_second : 2 * l.platform_per_second;
    Bucket& b = bucket(platforms_, platform, l.platform_burst, l.platform_per_second, now);
    if (b.rate() < ceiling) b.set_rate(std::min(ceiling, b.rate() + l.increase_per_accepted), now);
}

double DeliveryPacer::rate_of(const std::string& platform) const {
    const auto it = platforms_.find(platform);
    return it == platforms_.end() ? limits_of(platform).platform_per_second : it->second.rate();
}

}  // namespace frontline
