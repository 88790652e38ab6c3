#include "adapters/net/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

namespace frontline::net {

Backoff::Backoff(BackoffPolicy policy, Random random) : policy_(policy), random_(std::move(random)) {
    policy_.jitter = std::clamp(policy_.jitter, 0.0, 1.0);
    policy_.multiplier = std::max(policy_.multiplier, 1.0);
    policy_.max = std::max(policy_.max, policy_.initial);
    if (!random_) {
        auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
        random_ = [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
    }
}

std::chrono::milliseconds Backoff::next() {
    const double cap = static_cast<double>(policy_.max.count());
    // pow() of a large attempt count overflows to inf; min() brings it back to the cap.
    const double base = std::min(cap, static_cast<double>(policy_.initial.count()) * std::pow(policy_.multiplier, attempts_));
    if (attempts_ < 1'000'000) ++attempts_;
    const double r = std::clamp(random_(), 0.0, 1.0);
    const double delay = base * (1.0 - policy_.jitter * r);
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(delay)));
}

}  // namespace frontline::net
