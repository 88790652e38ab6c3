#pragma once
// The POSIX TZ rule that ends a TZif file, e.g. "CET-1CEST,M3.5.0,M10.5.0/3": it gives local time for
// every instant after the file's last transition. Grammar of POSIX.1 (XBD 8.3) with the extensions of
// RFC 8536 section 3.3.1: quoted names like <+0530>, switch times from -167 to 167 hours.
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace frontline {

/// What a time zone says about one instant.
struct ZoneState {
    Seconds offset{0};         ///< local time = UTC + offset (Rome in summer: +7200 s)
    bool dst = false;
    std::string abbreviation;  ///< "CEST", "+0530"
};

/// The day and local time of one daylight-saving switch.
struct PosixSwitch {
    enum class Kind {
        julian_no_leap,  ///< Jn: day 1..365, February 29 is never counted
        zero_based,      ///< n: day 0..365, February 29 counts in leap years
        month_week_day,  ///< Mm.w.d: weekday d (0 = Sunday) of week w (5 = the last) of month m
    };
    Kind kind = Kind::month_week_day;
    int day = 0;
    int week = 0;
    int month = 0;
    Seconds time{2 * 3600};  ///< local time of the switch on that day; default 02:00
};

/// A parsed TZ string: a standard time and, optionally, a daylight time with its two switches.
class PosixTz {
public:
    /// Parses a TZ string; the error says what is wrong and where.
    static Result<PosixTz> parse(std::string_view tz);

    ZoneState state_at(TimePoint t) const;
    bool has_dst() const { return has_dst_; }

private:
    ZoneState std_;
    ZoneState dst_;
    bool has_dst_ = false;
    PosixSwitch start_;  ///< into daylight time, given in standard local time
    PosixSwitch end_;    ///< back to standard time, given in daylight local time
};

}  // namespace frontline
