#include "adapters/net/retry_after.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <vector>

namespace frontline::net {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<int> number(std::string_view s, std::size_t min_digits, std::size_t max_digits) {
    if (s.size() < min_digits || s.size() > max_digits) return std::nullopt;
    int value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return value;
}

std::optional<unsigned> month_of(std::string_view name) {
    static constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (unsigned i = 0; i < kMonths.size(); ++i)
        if (kMonths[i] == name) return i + 1;
    return std::nullopt;
}

/// "HH:MM:SS" as seconds since midnight.
std::optional<int> time_of_day(std::string_view s) {
    if (s.size() != 8 || s[2] != ':' || s[5] != ':') return std::nullopt;
    auto h = number(s.substr(0, 2), 2, 2), m = number(s.substr(3, 2), 2, 2), sec = number(s.substr(6, 2), 2, 2);
    if (!h || !m || !sec || *h > 23 || *m > 59 || *sec > 60) return std::nullopt;
    return *h * 3600 + *m * 60 + *sec;
}

std::optional<std::chrono::sys_seconds> make_time(int year, unsigned month, int day, int seconds_of_day) {
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::sys_days{ymd} + std::chrono::seconds{seconds_of_day};
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    while (!s.empty()) {
        const auto at = s.find(sep);
        const auto part = s.substr(0, at);
        if (!part.empty()) parts.push_back(part);
        if (at == std::string_view::npos) break;
        s.remove_prefix(at + 1);
    }
    return parts;
}

}  // namespace

std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view value) {
    const auto parts = split(trim(value), ' ');
    if (parts.size() == 6 && parts[0].size() == 4 && parts[0][3] == ',' && parts[5] == "GMT") {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        auto day = number(parts[1], 2, 2);
        auto month = month_of(parts[2]);
        auto year = number(parts[3], 4, 4);
        auto tod = time_of_day(parts[4]);
        if (!day || !month || !year || !tod) return std::nullopt;
        return make_time(*year, *month, *day, *tod);
    }
    if (parts.size() == 4 && parts[0].size() > 4 && parts[0].back() == ',' && parts[3] == "GMT") {
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT. Two-digit years: RFC 9110 says a year that looks
        // more than 50 years in the future is in the past; 70..99 -> 19xx covers that for now.
        const auto date = split(parts[1], '-');
        if (date.size() != 3) return std::nullopt;
        auto day = number(date[0], 2, 2);
        auto month = month_of(date[1]);
        auto year = number(date[2], 2, 2);
        auto tod = time_of_day(parts[2]);
        if (!day || !month || !year || !tod) return std::nullopt;
        return make_time(*year < 70 ? 2000 + *year : 1900 + *year, *month, *day, *tod);
    }
    if (parts.size() == 5 && parts[0].size() == 3) {
        // asctime: Sun Nov  6 08:49:37 1994 (the day is space-padded, hence split() skipping blanks)
        auto month = month_of(parts[1]);
        auto day = number(parts[2], 1, 2);
        auto tod = time_of_day(parts[3]);
        auto year = number(parts[4], 4, 4);
        if (!day || !month || !year || !tod) return std::nullopt;
        return make_time(*year, *month, *day, *tod);
    }
    return std::nullopt;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
    value = trim(value);
    if (!value.empty() && value.front() >= '0' && value.front() <= '9') {
        // delay-seconds = 1*DIGIT; ten digits is already three centuries, more is nonsense.
        auto seconds = number(value, 1, 10);
        if (!seconds) {
            if (value.size() > 10 && value.find_first_not_of("0123456789") == std::string_view::npos)
                return std::chrono::seconds{std::numeric_limits<int>::max()};
            return std::nullopt;
        }
        return std::chrono::seconds{*seconds};
    }
    const auto date = parse_http_date(value);
    if (!date) return std::nullopt;
    const auto now_s = std::chrono::time_point_cast<std::chrono::seconds>(now);
    if (*date <= now_s) return std::chrono::seconds{0};
    return std::chrono::duration_cast<std::chrono::seconds>(*date - now_s);
}

std::optional<std::chrono::seconds> retry_after(const Headers& headers, std::chrono::system_clock::time_point now) {
    const auto value = headers.get("Retry-After");
    if (!value) return std::nullopt;
    return parse_retry_after(*value, now);
}

}  // namespace frontline::net
