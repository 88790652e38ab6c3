#pragma once
// Jittered exponential backoff with a cap, for reconnects and retries. Pure: the random source is
// injectable and waiting is the caller's business (see wait.hpp).
#include <chrono>
#include <functional>

namespace frontline::net {

struct BackoffPolicy {
    std::chrono::milliseconds initial{500};
    std::chrono::milliseconds max{60'000};
    double multiplier = 2.0;
    /// Share of each delay that is random: a delay d becomes uniform in [d * (1 - jitter), d], so
    /// many clients that failed together do not come back together.
    double jitter = 0.5;
};

/// The delay after `failures` failures in a row (0: the first retry waits about `initial`):
/// initial * multiplier^failures capped at `max`, then jittered down by `r` (uniform in [0, 1)).
/// Stateless, for callers that keep the failure count themselves (the outbox keeps it per row).
std::chrono::milliseconds backoff_delay(BackoffPolicy policy, int failures, double r);

class Backoff {
public:
    /// Uniform in [0, 1).
    using Random = std::function<double()>;

    /// Without `random`, a generator seeded from std::random_device is used.
    explicit Backoff(BackoffPolicy policy = {}, Random random = {});

    /// The delay before the next attempt; grows by `multiplier` per call up to `max`.
    std::chrono::milliseconds next();
    /// Call after a success: the next failure waits `initial` again.
    void reset() { attempts_ = 0; }
    /// Failures since the last reset.
    int attempts() const { return attempts_; }

private:
    BackoffPolicy policy_;
    Random random_;
    int attempts_ = 0;
};

}  // namespace frontline::net
