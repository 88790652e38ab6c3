#pragma once
// IANA time zones from TZif data (RFC 8536), because GCC 12's libstdc++ has no std::chrono::tzdb.
// Pure: the bytes are handed in (bot/ reads them from /usr/share/zoneinfo); this answers "what is the
// UTC offset, and the local time, at instant T" from the file's transitions and, past the last one,
// from its POSIX TZ footer (Debian's "slim" files stop listing transitions around 2007).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/posix_tz.hpp"
#include "core/result.hpp"

namespace frontline {

/// One time zone, immutable once parsed; cheap to share between threads.
class TimeZone {
public:
    /// Coordinated Universal Time: offset 0, no daylight time.
    static TimeZone utc();
    /// Parses TZif data (versions 1 to 4); errors start with `name` and say what is malformed.
    static Result<TimeZone> from_tzif(std::string_view bytes, std::string name);

    const std::string& name() const { return name_; }
    /// The footer's TZ string ("CET-1CEST,M3.5.0,M10.5.0/3"); empty for version 1 data or none.
    const std::string& footer() const { return footer_; }

    ZoneState state_at(TimePoint t) const;
    Seconds offset_at(TimePoint t) const { return state_at(t).offset; }
    /// The wall-clock time in this zone at `t`.
    std::chrono::local_seconds local_time(TimePoint t) const {
        return std::chrono::local_seconds{t.time_since_epoch() + offset_at(t)};
    }

private:
    std::string name_;
    std::vector<std::int64_t> transitions_;  ///< UTC seconds, strictly ascending
    std::vector<std::uint8_t> type_after_;   ///< index into types_ from each transition on
    std::vector<ZoneState> types_;
    std::string footer_;
    std::optional<PosixTz> rule_;
};

/// An IANA name such as "Europe/Rome" or "Etc/GMT+5": letters, digits, '_', '+', '-' in parts
/// separated by '/'. No dots and no leading '/', so a name can never leave the zoneinfo folder.
bool is_zone_name(std::string_view name);

/// Gives the TZif bytes of a zone by name: Errc::not_found when there is no such zone, any other
/// error when it cannot be read. bot/ reads files; tests may hand in bytes of their own.
using ZoneSource = std::function<Result<std::string>(const std::string& name)>;

}  // namespace frontline
