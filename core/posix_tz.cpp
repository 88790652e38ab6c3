#include "core/posix_tz.hpp"

#include <cctype>
#include <utility>

namespace frontline {
namespace {

using namespace std::chrono;

/// A cursor over the TZ string; every error names the string and the character it stopped at.
class Parser {
public:
    explicit Parser(std::string_view s) : s_(s) {}

    bool done() const { return i_ == s_.size(); }
    char peek() const { return done() ? '\0' : s_[i_]; }
    bool eat(char c) {
        if (done() || s_[i_] != c) return false;
        ++i_;
        return true;
    }
    Error fail(const std::string& what) const {
        return make_error(Errc::parse, "TZ string '" + std::string(s_) + "': " + what + " at character " + std::to_string(i_ + 1));
    }

    /// std or dst: three or more letters, or <...> with letters, digits, '+' and '-' (RFC 8536 3.3.1).
    Result<std::string> name() {
        const bool quoted = eat('<');
        const std::size_t from = i_;
        auto allowed = [&](char c) {
            const auto u = static_cast<unsigned char>(c);
            return quoted ? (std::isalnum(u) || c == '+' || c == '-') : std::isalpha(u) != 0;
        };
        while (!done() && allowed(s_[i_])) ++i_;
        std::string n(s_.substr(from, i_ - from));
        if (quoted && !eat('>')) return fail("expected '>' after a quoted name");
        if (n.size() < 3) return fail("expected a zone name of at least three characters");
        return n;
    }

    Result<int> number(int max_digits) {
        const std::size_t from = i_;
        int n = 0;
        while (!done() && std::isdigit(static_cast<unsigned char>(s_[i_])) && static_cast<int>(i_ - from) < max_digits)
            n = n * 10 + (s_[i_++] - '0');
        if (i_ == from) return fail("expected a number");
        return n;
    }

    /// [+|-]hh[:mm[:ss]]; offsets allow hours 0..24, switch times -167..167 (RFC 8536 3.3.1).
    Result<Seconds> hms(int max_hours) {
        int sign = 1;
        if (eat('-')) sign = -1;
        else eat('+');
        auto h = number(3);
        if (!h) return h.error();
        if (*h > max_hours) return fail("hours out of range (0 to " + std::to_string(max_hours) + ")");
        int parts[2] = {0, 0};
        for (int& part : parts) {
            if (!eat(':')) break;
            auto v = number(2);
            if (!v) return v.error();
            if (*v > 59) return fail("minutes and seconds go up to 59");
            part = *v;
        }
        return Seconds{sign * (*h * 3600 + parts[0] * 60 + parts[1])};
    }

    Result<PosixSwitch> date() {
        PosixSwitch sw;
        auto in_range = [&](Result<int> v, int lo, int hi, const char* what) -> Result<int> {
            if (!v) return v.error();
            if (*v < lo || *v > hi) return fail(std::string(what) + " out of range");
            return *v;
        };
        if (eat('J')) {
            sw.kind = PosixSwitch::Kind::julian_no_leap;
            auto n = in_range(number(3), 1, 365, "Jn day");
            if (!n) return n.error();
            sw.day = *n;
        } else if (eat('M')) {
            sw.kind = PosixSwitch::Kind::month_week_day;
            auto m = in_range(number(2), 1, 12, "month");
            if (!m) return m.error();
            if (!eat('.')) return fail("expected '.' after the month");
            auto w = in_range(number(1), 1, 5, "week");
            if (!w) return w.error();
            if (!eat('.')) return fail("expected '.' after the week");
            auto d = in_range(number(1), 0, 6, "weekday");
            if (!d) return d.error();
            sw.month = *m;
            sw.week = *w;
            sw.day = *d;
        } else if (std::isdigit(static_cast<unsigned char>(peek()))) {
            sw.kind = PosixSwitch::Kind::zero_based;
            auto n = in_range(number(3), 0, 365, "day");
            if (!n) return n.error();
            sw.day = *n;
        } else {
            return fail("expected a switch date Jn, n or Mm.w.d");
        }
        if (eat('/')) {
            auto t = hms(167);
            if (!t) return t.error();
            sw.time = *t;
        }
        return sw;
    }

private:
    std::string_view s_;
    std::size_t i_ = 0;
};

sys_days day_of(const PosixSwitch& s, year y) {
    switch (s.kind) {
        case PosixSwitch::Kind::julian_no_leap: {
            int n = s.day - 1;
            if (y.is_leap() && s.day >= 60) ++n;  // J60 is March 1 in every year
            return sys_days{y / January / 1} + days{n};
        }
        case PosixSwitch::Kind::zero_based:
            return sys_days{y / January / 1} + days{s.day};
        case PosixSwitch::Kind::month_week_day: {
            const month m{static_cast<unsigned>(s.month)};
            const weekday wd{static_cast<unsigned>(s.day)};
            if (s.week == 5) return sys_days{y / m / wd[last]};
            return sys_days{y / m / wd[static_cast<unsigned>(s.week)]};
        }
    }
    return sys_days{};
}

}  // namespace

Result<PosixTz> PosixTz::parse(std::string_view tz) {
    Parser p(tz);
    PosixTz z;
    auto std_name = p.name();
    if (!std_name) return std_name.error();
    auto std_offset = p.hms(24);
    if (!std_offset) return std_offset.error();
    // POSIX offsets count hours WEST of Greenwich: "CET-1" is UTC+1.
    z.std_ = ZoneState{-*std_offset, false, *std_name};
    if (p.done()) return z;

    auto dst_name = p.name();
    if (!dst_name) return dst_name.error();
    Seconds dst_offset = z.std_.offset + hours{1};
    if (!p.done() && p.peek() != ',') {
        auto o = p.hms(24);
        if (!o) return o.error();
        dst_offset = -*o;
    }
    z.dst_ = ZoneState{dst_offset, true, *dst_name};
    z.has_dst_ = true;
    if (p.done()) {
        // POSIX leaves a missing rule to the implementation; tzcode (and glibc) use the US rule.
        z.start_ = PosixSwitch{PosixSwitch::Kind::month_week_day, 0, 2, 3};
        z.end_ = PosixSwitch{PosixSwitch::Kind::month_week_day, 0, 1, 11};
        return z;
    }
    if (!p.eat(',')) return p.fail("expected ',' before the start of daylight time");
    auto start = p.date();
    if (!start) return start.error();
    if (!p.eat(',')) return p.fail("expected ',' before the end of daylight time");
    auto end = p.date();
    if (!end) return end.error();
    if (!p.done()) return p.fail("unexpected text");
    z.start_ = *start;
    z.end_ = *end;
    return z;
}

ZoneState PosixTz::state_at(TimePoint t) const {
    if (!has_dst_) return std_;
    const int this_year = static_cast<int>(year_month_day{floor<days>(t)}.year());
    // The last switch at or before t decides. Switch times reach 167 hours past midnight and the
    // southern hemisphere's daylight time spans New Year, so the neighbouring years count too.
    bool found = false;
    bool dst = false;
    TimePoint latest{};
    for (int y = this_year - 2; y <= this_year + 1; ++y) {
        const TimePoint on = TimePoint{day_of(start_, year{y})} + start_.time - std_.offset;
        const TimePoint off = TimePoint{day_of(end_, year{y})} + end_.time - dst_.offset;
        // On a tie the start wins: "all year daylight time" rules end one year when the next begins.
        for (const auto& [at, to_dst] : {std::pair{off, false}, std::pair{on, true}}) {
            if (at > t) continue;
            if (!found || at > latest || (at == latest && to_dst)) {
                found = true;
                latest = at;
                dst = to_dst;
            }
        }
    }
    return dst ? dst_ : std_;
}

}  // namespace frontline
