#pragma once
// Leader leases: work that must have one owner among the processes sharing a store (Telegram's
// getUpdates allows one poller per bot, Matrix /sync, the periodic sweeps) runs only in the process
// holding its lease. The holder renews it well before it expires; when the holder dies, another
// process takes the lease once it has expired. With SQLite (one process) the lease is always
// granted to that process, through the same table.
#include <chrono>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace frontline {

struct LeaseHolder {
    std::string holder;
    TimePoint expires{};
};

class LeaderLeases {
public:
    virtual ~LeaderLeases() = default;
    /// Takes or renews lease `name` for `holder` until `now + ttl`: true when `holder` holds it now
    /// (it was free, expired, or already theirs); false when another holder's lease runs past `now`.
    virtual Result<bool> hold(const std::string& name, const std::string& holder, TimePoint now,
                              Seconds ttl) = 0;
    /// Gives the lease up at once (an orderly shutdown) when `holder` holds it; otherwise nothing.
    virtual Status release(const std::string& name, const std::string& holder) = 0;
    /// Who holds `name` and until when; nullopt when nobody ever held it.
    virtual Result<std::optional<LeaseHolder>> holder_of(const std::string& name) = 0;
};

}  // namespace frontline
