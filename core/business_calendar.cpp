// Working-time arithmetic walks local dates: each date's stretches become UTC instants through the
// zone (so a stretch that spans a daylight-saving switch is an hour shorter or longer, as the clock
// on the office wall says), then instants are clipped and summed.
#include "core/business_calendar.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

namespace frontline {

using std::chrono::days;
using std::chrono::sys_days;

namespace {

// A calendar with no working day at all is refused when read; this only stops a walk that could
// never end on a calendar built in code with every date a holiday.
constexpr int kMaxDaysWalked = 366 * 20;

const std::array<const char*, 7> kDayNames = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// The UTC instant shown as local time `l`. A local time seen twice in autumn maps to its first
// occurrence; one skipped in spring is read with the standard (smaller) offset, which lands after the
// switch, so a stretch starting in the gap starts when the clocks show the next real time.
TimePoint utc_of_local(const TimeZone& z, std::chrono::local_seconds l) {
    const TimePoint guess{l.time_since_epoch()};
    // The offsets a day either side cover any switch near `l`; a reading is valid when the zone
    // agrees with the offset it was made with.
    std::optional<TimePoint> earliest;
    Seconds smallest = z.offset_at(guess);
    for (Seconds probe : {Seconds{-86400}, Seconds{0}, Seconds{86400}}) {
        const Seconds off = z.offset_at(guess + probe);
        smallest = std::min(smallest, off);
        const TimePoint u{l.time_since_epoch() - off};
        if (z.offset_at(u) == off && (!earliest || u < *earliest)) earliest = u;
    }
    return earliest ? *earliest : TimePoint{l.time_since_epoch() - smallest};
}

std::optional<Seconds> parse_clock(const std::string& s) {
    int h = 0;
    int m = 0;
    char tail = 0;
    if (s.size() != 5 || std::sscanf(s.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2) return std::nullopt;
    if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
    return Seconds{h * 3600 + m * 60};
}

std::optional<sys_days> parse_date(const std::string& s) {
    int y = 0;
    unsigned mo = 0;
    unsigned d = 0;
    char tail = 0;
    if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &mo, &d, &tail) != 3) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{mo}, std::chrono::day{d}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days{ymd};
}

Error bad(const std::string& where, const std::string& what) { return make_error(Errc::parse, where + ": " + what); }

}  // namespace

BusinessCalendar BusinessCalendar::around_the_clock() {
    std::array<std::vector<WorkingHours>, 7> week;
    for (auto& d : week) d = {WorkingHours{Seconds{0}, Seconds{86400}}};
    BusinessCalendar c(TimeZone::utc(), week, {});
    c.always_ = true;
    return c;
}

BusinessCalendar::BusinessCalendar(TimeZone zone, std::array<std::vector<WorkingHours>, 7> week, std::set<sys_days> holidays)
    : zone_(std::move(zone)), week_(std::move(week)), holidays_(std::move(holidays)) {}

Result<BusinessCalendar> BusinessCalendar::from_json(const nlohmann::json& j, const std::string& where, const ZoneSource& zones) {
    if (!j.is_object()) return bad(where, "expected an object with time_zone, hours and holidays");
    TimeZone zone = TimeZone::utc();
    if (j.contains("time_zone")) {
        if (!j["time_zone"].is_string() || !is_zone_name(j["time_zone"].get<std::string>()))
            return bad(where + ".time_zone", "expected an IANA zone name such as \"Europe/Rome\"");
        const std::string name = j["time_zone"].get<std::string>();
        if (name != "UTC") {
            auto bytes = zones(name);
            if (!bytes) return bad(where + ".time_zone", "unknown time zone '" + name + "': " + bytes.error().message);
            auto parsed = TimeZone::from_tzif(*bytes, name);
            if (!parsed) return bad(where + ".time_zone", parsed.error().message);
            zone = std::move(*parsed);
        }
    }
    if (!j.contains("hours") || !j["hours"].is_object())
        return bad(where + ".hours", "expected working hours by day, e.g. {\"mon\": \"09:00-18:00\"}");
    std::array<std::vector<WorkingHours>, 7> week;
    bool any = false;
    for (const auto& [day, spec] : j["hours"].items()) {
        const auto it = std::find(kDayNames.begin(), kDayNames.end(), day);
        const std::string key = where + ".hours." + day;
        if (it == kDayNames.end()) return bad(key, "unknown day; use mon, tue, wed, thu, fri, sat, sun");
        if (!spec.is_string()) return bad(key, "expected \"HH:MM-HH:MM\", several separated by commas");
        auto& stretches = week[static_cast<std::size_t>(it - kDayNames.begin())];
        std::string text = spec.get<std::string>();
        std::size_t pos = 0;
        while (pos <= text.size()) {
            const std::size_t comma = std::min(text.find(',', pos), text.size());
            const std::string part = text.substr(pos, comma - pos);
            const std::size_t dash = part.find('-');
            auto start = dash == std::string::npos ? std::nullopt : parse_clock(part.substr(0, dash));
            auto end = dash == std::string::npos ? std::nullopt : parse_clock(part.substr(dash + 1));
            if (!start || !end || *start >= *end)
                return bad(key, "'" + part + "' is not a stretch like 09:00-18:00 (start before end)");
            if (!stretches.empty() && stretches.back().end > *start)
                return bad(key, "stretches must be in order and must not overlap");
            stretches.push_back({*start, *end});
            any = true;
            pos = comma + 1;
        }
    }
    if (!any) return bad(where + ".hours", "no working day at all: an SLA clock on this calendar would never run");
    std::set<sys_days> holidays;
    if (j.contains("holidays")) {
        if (!j["holidays"].is_array()) return bad(where + ".holidays", "expected a list of dates \"YYYY-MM-DD\"");
        for (const auto& h : j["holidays"]) {
            auto d = h.is_string() ? parse_date(h.get<std::string>()) : std::nullopt;
            if (!d) return bad(where + ".holidays", "'" + h.dump() + "' is not a date \"YYYY-MM-DD\"");
            holidays.insert(*d);
        }
    }
    return BusinessCalendar(std::move(zone), std::move(week), std::move(holidays));
}

sys_days BusinessCalendar::local_date_of(TimePoint t) const {
    return std::chrono::floor<days>(sys_days{} + (zone_.local_time(t).time_since_epoch()));
}

std::vector<std::pair<TimePoint, TimePoint>> BusinessCalendar::stretches_of(sys_days date) const {
    std::vector<std::pair<TimePoint, TimePoint>> out;
    if (holidays_.count(date)) return out;
    const auto weekday = std::chrono::weekday{date}.c_encoding();
    const std::chrono::local_seconds midnight{date.time_since_epoch()};
    for (const auto& w : week_[weekday]) {
        const TimePoint s = always_ ? TimePoint{midnight.time_since_epoch() + w.start} : utc_of_local(zone_, midnight + w.start);
        const TimePoint e = always_ ? TimePoint{midnight.time_since_epoch() + w.end} : utc_of_local(zone_, midnight + w.end);
        if (s < e) out.emplace_back(s, e);
    }
    return out;
}

TimePoint BusinessCalendar::add(TimePoint from, Seconds working) const {
    if (always_ || working.count() <= 0) return from + std::max(working, Seconds{0});
    sys_days date = local_date_of(from) - days{1};  // a stretch of yesterday may still be running
    for (int walked = 0; walked < kMaxDaysWalked; ++walked, date += days{1}) {
        for (const auto& [s, e] : stretches_of(date)) {
            if (e <= from) continue;
            const TimePoint start = std::max(s, from);
            const Seconds available = e - start;
            if (working <= available) return start + working;
            working -= available;
        }
    }
    return TimePoint::max();
}

Seconds BusinessCalendar::between(TimePoint a, TimePoint b) const {
    if (b <= a) return Seconds{0};
    if (always_) return b - a;
    Seconds total{0};
    const sys_days last = local_date_of(b) + days{1};
    for (sys_days date = local_date_of(a) - days{1}; date <= last; date += days{1})
        for (const auto& [s, e] : stretches_of(date)) {
            const TimePoint lo = std::max(s, a);
            const TimePoint hi = std::min(e, b);
            if (lo < hi) total += hi - lo;
        }
    return total;
}

}  // namespace frontline
