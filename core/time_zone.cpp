// TZif reader after RFC 8536 (and its successor RFC 9636, which adds version 4): a header, a
// version-1 data block with 32-bit times, for version 2 and later a second header and block with
// 64-bit times, then the footer "\n<POSIX TZ string>\n". Every count is checked against the bytes
// left before anything is read or allocated, so truncated or hostile data is refused, not trusted.
#include "core/time_zone.hpp"

#include <algorithm>

namespace frontline {
namespace {

/// Big-endian reads; callers check `left()` first.
class Cursor {
public:
    explicit Cursor(std::string_view bytes) : b_(bytes) {}
    std::size_t left() const { return b_.size() - pos_; }
    void skip(std::size_t n) { pos_ += n; }
    std::string_view take(std::size_t n) {
        auto s = b_.substr(pos_, n);
        pos_ += n;
        return s;
    }
    std::uint8_t u8() { return static_cast<std::uint8_t>(b_[pos_++]); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(be(4)); }
    std::int64_t i64() { return static_cast<std::int64_t>(be(8)); }
    std::int32_t i32() { return static_cast<std::int32_t>(u32()); }

private:
    std::uint64_t be(int n) {
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i) v = (v << 8) | u8();
        return v;
    }
    std::string_view b_;
    std::size_t pos_ = 0;
};

struct Header {
    char version = 0;
    std::uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

struct Block {
    std::vector<std::int64_t> transitions;
    std::vector<std::uint8_t> type_after;
    std::vector<ZoneState> types;
};

constexpr std::size_t kHeaderSize = 44;

class Reader {
public:
    Reader(std::string_view bytes, const std::string& name) : c(bytes), name_(name) {}

    Error fail(const std::string& what) const { return make_error(Errc::parse, "TZif data of '" + name_ + "': " + what); }

    Result<Header> header() {
        if (c.left() < kHeaderSize) return fail("truncated header");
        if (c.take(4) != "TZif") return fail("not TZif data (no 'TZif' magic)");
        Header h;
        h.version = static_cast<char>(c.u8());
        if (h.version != 0 && (h.version < '2' || h.version > '4')) return fail("unknown version");
        c.skip(15);
        for (auto* n : {&h.isutcnt, &h.isstdcnt, &h.leapcnt, &h.timecnt, &h.typecnt, &h.charcnt}) *n = c.u32();
        // RFC 8536 3.1: at least one local time type and one designation byte; indicators per type.
        if (h.typecnt == 0) return fail("no local time types (typecnt is 0)");
        if (h.typecnt > 256) return fail("more than 256 local time types");
        if (h.charcnt == 0) return fail("no time zone designations (charcnt is 0)");
        if (h.isutcnt != 0 && h.isutcnt != h.typecnt) return fail("isutcnt must be 0 or typecnt");
        if (h.isstdcnt != 0 && h.isstdcnt != h.typecnt) return fail("isstdcnt must be 0 or typecnt");
        return h;
    }

    static std::uint64_t block_size(const Header& h, std::uint64_t time_size) {
        return h.timecnt * time_size + h.timecnt + h.typecnt * std::uint64_t{6} + h.charcnt +
               h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt;
    }

    Status skip_block(const Header& h) {
        const auto size = block_size(h, 4);
        if (size > c.left()) return fail("truncated version 1 data block");
        c.skip(static_cast<std::size_t>(size));
        return {};
    }

    Result<Block> block(const Header& h, int time_size) {
        // Leap-second ("right/") files count TAI-like seconds; nobody configures an agent with one.
        if (h.leapcnt != 0) return fail("leap-second records are not supported (a 'right/' zone?)");
        if (block_size(h, static_cast<std::uint64_t>(time_size)) > c.left()) return fail("truncated data block");
        Block b;
        b.transitions.reserve(h.timecnt);
        for (std::uint32_t i = 0; i < h.timecnt; ++i) {
            const std::int64_t t = time_size == 4 ? c.i32() : c.i64();
            if (i > 0 && t <= b.transitions.back()) return fail("transition times are not in ascending order");
            b.transitions.push_back(t);
        }
        for (std::uint32_t i = 0; i < h.timecnt; ++i) {
            const auto type = c.u8();
            if (type >= h.typecnt) return fail("transition " + std::to_string(i) + " names a local time type that does not exist");
            b.type_after.push_back(type);
        }
        struct Raw { std::int32_t utoff; std::uint8_t isdst; std::uint8_t desig; };
        std::vector<Raw> raw;
        for (std::uint32_t i = 0; i < h.typecnt; ++i) {
            Raw r{c.i32(), c.u8(), c.u8()};
            const std::string which = "local time type " + std::to_string(i);
            // RFC 8536 3.2: never -2^31; offsets beyond about +-25 hours are not real.
            if (r.utoff < -89999 || r.utoff > 93599) return fail(which + ": UT offset out of range");
            if (r.isdst > 1) return fail(which + ": isdst must be 0 or 1");
            if (r.desig >= h.charcnt) return fail(which + ": designation index out of range");
            raw.push_back(r);
        }
        const std::string_view chars = c.take(h.charcnt);
        for (const auto& r : raw) {
            const auto end = chars.find('\0', r.desig);
            if (end == std::string_view::npos) return fail("a time zone designation is not NUL-terminated");
            b.types.push_back(ZoneState{Seconds{r.utoff}, r.isdst == 1, std::string(chars.substr(r.desig, end - r.desig))});
        }
        std::vector<std::uint8_t> isstd;
        for (std::uint32_t i = 0; i < h.isstdcnt; ++i) isstd.push_back(c.u8());
        for (std::uint32_t i = 0; i < h.isutcnt; ++i) {
            const auto ut = c.u8();
            const std::uint8_t standard = i < isstd.size() ? isstd[i] : 0;  // absent indicators are 0
            if (ut > 1 || (ut == 1 && standard != 1))
                return fail("standard/wall and UT/local indicators must be 0 or 1, UT only with standard");
        }
        for (const auto s : isstd)
            if (s > 1) return fail("standard/wall indicators must be 0 or 1");
        return b;
    }

    /// "\n<TZ string>\n" after the version 2+ block.
    Result<std::string> footer() {
        if (c.left() == 0 || c.take(1) != "\n") return fail("missing footer (expected a newline after the data)");
        const auto rest = c.take(c.left());
        const auto nl = rest.find('\n');
        if (nl == std::string_view::npos) return fail("truncated footer (no closing newline)");
        return std::string(rest.substr(0, nl));
    }

    Cursor c;

private:
    const std::string& name_;
};

}  // namespace

TimeZone TimeZone::utc() {
    TimeZone z;
    z.name_ = "UTC";
    z.types_.push_back(ZoneState{Seconds{0}, false, "UTC"});
    return z;
}

Result<TimeZone> TimeZone::from_tzif(std::string_view bytes, std::string name) {
    Reader r(bytes, name);
    auto h = r.header();
    if (!h) return h.error();
    const bool v1 = h->version == 0;
    if (!v1) {
        // Version 2+ readers skip the 32-bit block: the 64-bit one after the second header has it all.
        if (auto ok = r.skip_block(*h); !ok) return ok.error();
        auto h2 = r.header();
        if (!h2) return h2.error();
        if (h2->version != h->version) return r.fail("the two headers disagree on the version");
        h = std::move(h2);
    }
    auto block = r.block(*h, v1 ? 4 : 8);
    if (!block) return block.error();
    TimeZone z;
    if (!v1) {
        auto footer = r.footer();
        if (!footer) return footer.error();
        if (!footer->empty()) {
            auto rule = PosixTz::parse(*footer);
            if (!rule) return r.fail("footer: " + rule.error().message);
            z.rule_ = std::move(*rule);
        }
        z.footer_ = std::move(*footer);
    }
    z.name_ = std::move(name);
    z.transitions_ = std::move(block->transitions);
    z.type_after_ = std::move(block->type_after);
    z.types_ = std::move(block->types);
    return z;
}

ZoneState TimeZone::state_at(TimePoint t) const {
    const std::int64_t s = t.time_since_epoch().count();
    // RFC 8536 3.2 and 3.3: with no transitions the footer (else type 0) covers all time; before the
    // first transition type 0 applies; from the last one on, the footer's rule when there is one.
    if (transitions_.empty()) return rule_ ? rule_->state_at(t) : types_.front();
    if (s < transitions_.front()) return types_.front();
    if (s >= transitions_.back() && rule_) return rule_->state_at(t);
    const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), s);
    return types_[type_after_[static_cast<std::size_t>(it - transitions_.begin()) - 1]];
}

bool is_zone_name(std::string_view name) {
    if (name.empty() || name.size() > 255) return false;
    std::size_t part = 0;
    for (const char c : name) {
        if (c == '/') {
            if (part == 0) return false;  // leading '/' or "//"
            part = 0;
            continue;
        }
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '+' || c == '-';
        if (!ok) return false;
        ++part;
    }
    return part > 0;
}

}  // namespace frontline
