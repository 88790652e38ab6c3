#pragma once
// Slows down guessing at the agents' view: failed logins are counted per peer address and per agent
// id in token buckets, and a key whose bucket is empty is refused before its token is even checked.
// Successful logins cost nothing, so an agent reloading the page is never locked out by themselves.
#include <chrono>
#include <cstddef>
#include <map>
#include <string>

#include "adapters/net/rate_limiter.hpp"

namespace frontline::webchat {

struct LoginGuardOptions {
    double burst = 5;                 ///< failures allowed at once per key
    double per_minute = 5;            ///< failures allowed per minute per key, sustained
};

class LoginGuard {
public:
    explicit LoginGuard(LoginGuardOptions options = {}) : options_(options) {}

    /// False while `key` has used up its failures.
    bool allowed(const std::string& key, net::SteadyTime now);
    /// Counts one failed attempt against `key`.
    void failed(const std::string& key, net::SteadyTime now);
    std::size_t tracked_keys() const { return buckets_.size(); }

private:
    net::TokenBucket& bucket(const std::string& key, net::SteadyTime now);

    LoginGuardOptions options_;
    std::map<std::string, net::TokenBucket> buckets_;
};

}  // namespace frontline::webchat
