#include "adapters/net/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

namespace frontline::net {

namespace {

BackoffPolicy sane(BackoffPolicy policy) {
    policy.jitter = std::clamp(policy.jitter, 0.0, 1.0);
    policy.multiplier = std::max(policy.multiplier, 1.0);
    policy.max = std::max(policy.max, policy.initial);
    return policy;
}

}  // namespace

std::chrono::milliseconds backoff_delay(BackoffPolicy policy, int failures, double r) {
    policy = sane(policy);
    const double cap = static_cast<double>(policy.max.count());
    // pow() of a large failure count overflows to inf; min() brings it back to the cap.
    const double base =
        std::min(cap, static_cast<double>(policy.initial.count()) * std::pow(policy.multiplier, std::max(failures, 0)));
    const double delay = base * (1.0 - policy.jitter * std::clamp(r, 0.0, 1.0));
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(delay)));
}

Backoff::Backoff(BackoffPolicy policy, Random random) : policy_(sane(policy)), random_(std::move(random)) {
    if (!random_) {
        auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
        random_ = [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
    }
}

std::chrono::milliseconds Backoff::next() {
    const auto delay = backoff_delay(policy_, attempts_, random_());
    if (attempts_ < 1'000'000) ++attempts_;
    return delay;
}

}  // namespace frontline::net
