// TZif zones read from the system's tzdata (scripts/setup installs it): known offsets on both sides
// of the 2026 and 2035 daylight-saving switches, the footer's rule past the last transition, and
// malformed or truncated data refused with a reason.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/time_zone.hpp"

using namespace frontline;

namespace {

std::string system_zone_bytes(const std::string& name) {
    std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
    if (!in) ADD_FAILURE() << "cannot read /usr/share/zoneinfo/" << name << " (install tzdata: scripts/setup)";
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TimeZone system_zone(const std::string& name) {
    auto z = TimeZone::from_tzif(system_zone_bytes(name), name);
    EXPECT_TRUE(z) << z.error().message;
    return z ? *z : TimeZone::utc();
}

TimePoint at(const char* iso) {
    auto t = parse_iso8601(iso);
    EXPECT_TRUE(t) << iso;
    return t.value_or(TimePoint{});
}

// --- a small TZif writer for data the system does not ship ------------------------------------
struct Type {
    std::int32_t utoff;
    bool dst;
    std::string abbreviation;
};

std::string be(std::uint64_t v, int bytes) {
    std::string s;
    for (int i = bytes - 1; i >= 0; --i) s += static_cast<char>((v >> (8 * i)) & 0xff);
    return s;
}

std::string tzif(char version, const std::vector<std::int64_t>& times, const std::vector<std::uint8_t>& type_of,
                 const std::vector<Type>& types, const std::string& footer) {
    std::string chars;
    std::vector<std::uint8_t> desig;
    for (const auto& t : types) {
        desig.push_back(static_cast<std::uint8_t>(chars.size()));
        chars += t.abbreviation + '\0';
    }
    auto header = [&] {
        return std::string("TZif") + version + std::string(15, '\0') + be(0, 4) + be(0, 4) + be(0, 4) +
               be(times.size(), 4) + be(types.size(), 4) + be(chars.size(), 4);
    };
    auto block = [&](int time_size) {
        std::string b;
        for (auto t : times) b += be(static_cast<std::uint64_t>(t), time_size);
        for (auto i : type_of) b += static_cast<char>(i);
        for (std::size_t i = 0; i < types.size(); ++i)
            b += be(static_cast<std::uint32_t>(types[i].utoff), 4) + static_cast<char>(types[i].dst) + static_cast<char>(desig[i]);
        return b + chars;
    };
    std::string out = header() + block(4);
    if (version != 0) out += header() + block(8) + "\n" + footer + "\n";
    return out;
}

std::string error_of(const std::string& bytes) {
    auto z = TimeZone::from_tzif(bytes, "Test/Zone");
    return z ? std::string("no error") : z.error().message;
}

struct Known {
    const char* zone;
    const char* instant;
    long offset;
    bool dst;
};

}  // namespace

TEST(TimeZone, SystemZonesGiveKnownOffsetsAroundEachSwitchIn2026And2035) {
    const Known known[] = {
        {"Europe/Rome", "2026-03-29T00:59:59Z", 3600, false},      {"Europe/Rome", "2026-03-29T01:00:00Z", 7200, true},
        {"Europe/Rome", "2026-10-25T00:59:59Z", 7200, true},       {"Europe/Rome", "2026-10-25T01:00:00Z", 3600, false},
        {"Europe/Rome", "2035-03-25T00:59:59Z", 3600, false},      {"Europe/Rome", "2035-03-25T01:00:00Z", 7200, true},
        {"Europe/Rome", "2035-10-28T00:59:59Z", 7200, true},       {"Europe/Rome", "2035-10-28T01:00:00Z", 3600, false},
        {"Europe/London", "2026-03-29T00:59:59Z", 0, false},       {"Europe/London", "2026-03-29T01:00:00Z", 3600, true},
        {"Europe/London", "2026-10-25T00:59:59Z", 3600, true},     {"Europe/London", "2026-10-25T01:00:00Z", 0, false},
        {"Europe/London", "2035-03-25T00:59:59Z", 0, false},       {"Europe/London", "2035-03-25T01:00:00Z", 3600, true},
        {"Europe/London", "2035-10-28T00:59:59Z", 3600, true},     {"Europe/London", "2035-10-28T01:00:00Z", 0, false},
        {"America/New_York", "2026-03-08T06:59:59Z", -18000, false}, {"America/New_York", "2026-03-08T07:00:00Z", -14400, true},
        {"America/New_York", "2026-11-01T05:59:59Z", -14400, true},  {"America/New_York", "2026-11-01T06:00:00Z", -18000, false},
        {"America/New_York", "2035-03-11T06:59:59Z", -18000, false}, {"America/New_York", "2035-03-11T07:00:00Z", -14400, true},
        {"America/New_York", "2035-11-04T05:59:59Z", -14400, true},  {"America/New_York", "2035-11-04T06:00:00Z", -18000, false},
        {"Australia/Sydney", "2026-04-04T15:59:59Z", 39600, true},  {"Australia/Sydney", "2026-04-04T16:00:00Z", 36000, false},
        {"Australia/Sydney", "2026-10-03T15:59:59Z", 36000, false}, {"Australia/Sydney", "2026-10-03T16:00:00Z", 39600, true},
        {"Australia/Sydney", "2035-03-31T15:59:59Z", 39600, true},  {"Australia/Sydney", "2035-03-31T16:00:00Z", 36000, false},
        {"Australia/Sydney", "2035-10-06T15:59:59Z", 36000, false}, {"Australia/Sydney", "2035-10-06T16:00:00Z", 39600, true},
        {"Asia/Kolkata", "2026-01-01T00:00:00Z", 19800, false},     {"Asia/Kolkata", "2035-07-01T00:00:00Z", 19800, false},
        {"UTC", "2026-07-01T00:00:00Z", 0, false},                  {"UTC", "2035-01-01T00:00:00Z", 0, false},
    };
    for (const auto& k : known) {
        const TimeZone z = system_zone(k.zone);
        const ZoneState s = z.state_at(at(k.instant));
        EXPECT_EQ(s.offset.count(), k.offset) << k.zone << " at " << k.instant;
        EXPECT_EQ(s.dst, k.dst) << k.zone << " at " << k.instant;
    }
    EXPECT_EQ(system_zone("Europe/Rome").state_at(at("2026-07-01T10:00:00Z")).abbreviation, "CEST");
    EXPECT_EQ(system_zone("Asia/Kolkata").state_at(at("2026-07-01T10:00:00Z")).abbreviation, "IST");
}

TEST(TimeZone, LocalTimeIsUtcPlusTheOffsetInForce) {
    using namespace std::chrono;
    const TimeZone rome = system_zone("Europe/Rome");
    // 06:30 UTC is 08:30 in Rome in late March (CEST) but 07:30 in late October (CET again).
    EXPECT_EQ(rome.local_time(at("2026-03-30T06:30:00Z")), local_days{2026y / March / 30} + 8h + 30min);
    EXPECT_EQ(rome.local_time(at("2026-10-26T06:30:00Z")), local_days{2026y / October / 26} + 7h + 30min);
    EXPECT_EQ(system_zone("Asia/Kolkata").local_time(at("2026-12-31T20:00:00Z")), local_days{2027y / January / 1} + 1h + 30min);
    EXPECT_EQ(TimeZone::utc().local_time(at("2026-01-01T00:00:00Z")), local_days{2026y / January / 1});
}

TEST(TimeZone, PastTheLastTransitionTheFooterRuleDecides) {
    // The shipped files list transitions to 2037 at most ("fat") or 2007 ("slim"); 2040 is the rule's.
    EXPECT_EQ(system_zone("Europe/Rome").offset_at(at("2040-03-25T00:59:59Z")).count(), 3600);
    EXPECT_EQ(system_zone("Europe/Rome").offset_at(at("2040-03-25T01:00:00Z")).count(), 7200);
    EXPECT_EQ(system_zone("Australia/Sydney").offset_at(at("2040-10-06T16:00:00Z")).count(), 39600);
    EXPECT_EQ(system_zone("Europe/Rome").footer(), "CET-1CEST,M3.5.0,M10.5.0/3");
    // Where a file does list the transitions, its own footer rule must agree with them, every hour.
    for (const char* name : {"Europe/Rome", "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata"}) {
        const TimeZone z = system_zone(name);
        auto rule = PosixTz::parse(z.footer());
        ASSERT_TRUE(rule) << name;
        int differences = 0;
        for (TimePoint t = at("2026-01-01T00:00:00Z"); t < at("2036-01-01T00:00:00Z"); t += std::chrono::hours{1})
            if (z.offset_at(t) != rule->state_at(t).offset) ++differences;
        EXPECT_EQ(differences, 0) << name;
    }
}

TEST(TimeZone, ASlimFileWithoutTransitionsUsesItsFooterForAllTime) {
    const auto bytes = tzif('2', {}, {}, {{3600, false, "CET"}}, "CET-1CEST,M3.5.0,M10.5.0/3");
    auto z = TimeZone::from_tzif(bytes, "Slim/Rome");
    ASSERT_TRUE(z) << z.error().message;
    EXPECT_EQ(z->offset_at(at("2026-03-29T00:59:59Z")).count(), 3600);
    EXPECT_EQ(z->offset_at(at("2026-03-29T01:00:00Z")).count(), 7200);
    EXPECT_EQ(z->state_at(at("2026-08-01T00:00:00Z")).abbreviation, "CEST");
}

TEST(TimeZone, TransitionsThenFooterThenTypeZeroBeforeTheFirst) {
    // One transition in 2000 from LMT (+0:50) to CET; after it the footer rule takes over.
    const auto bytes = tzif('3', {946684800}, {1}, {{3000, false, "LMT"}, {3600, false, "CET"}}, "CET-1CEST,M3.5.0,M10.5.0/3");
    auto z = TimeZone::from_tzif(bytes, "Test/Zone");
    ASSERT_TRUE(z) << z.error().message;
    EXPECT_EQ(z->offset_at(at("1999-12-31T23:59:59Z")).count(), 3000);
    EXPECT_EQ(z->offset_at(at("2000-01-01T00:00:00Z")).count(), 3600);
    EXPECT_EQ(z->offset_at(at("2026-07-01T00:00:00Z")).count(), 7200);
    // Version 1 data has no footer: the last transition's type holds for ever.
    auto v1 = TimeZone::from_tzif(tzif(0, {946684800}, {1}, {{3000, false, "LMT"}, {3600, false, "CET"}}, ""), "Old/Zone");
    ASSERT_TRUE(v1) << v1.error().message;
    EXPECT_EQ(v1->offset_at(at("2026-07-01T00:00:00Z")).count(), 3600);
    EXPECT_TRUE(v1->footer().empty());
}

TEST(TimeZone, EveryTruncationOfARealFileIsRefused) {
    const std::string rome = system_zone_bytes("Europe/Rome");
    ASSERT_GT(rome.size(), 100u);
    for (std::size_t n = 0; n < rome.size(); ++n)
        EXPECT_FALSE(TimeZone::from_tzif(std::string_view(rome).substr(0, n), "Europe/Rome")) << "accepted the first " << n << " bytes";
    EXPECT_NE(error_of(rome.substr(0, 20)).find("truncated header"), std::string::npos);
    EXPECT_NE(error_of(rome.substr(0, 200)).find("truncated"), std::string::npos);
    EXPECT_NE(error_of(rome.substr(0, rome.size() - 1)).find("footer"), std::string::npos);
}

TEST(TimeZone, MalformedDataIsRefusedWithAReason) {
    const std::vector<Type> cet = {{3600, false, "CET"}};
    const std::string good = tzif('2', {}, {}, cet, "CET-1");
    ASSERT_TRUE(TimeZone::from_tzif(good, "x"));
    struct Case {
        std::string bytes;
        std::string reason;
    };
    std::string bad_magic = good;
    bad_magic[0] = 'X';
    std::string bad_version = good;
    bad_version[4] = '9';
    std::string leap = good;  // leapcnt of the second header, after the first header and its 10-byte block
    const std::size_t second = 44 + 6 + 4;
    leap.replace(second + 28, 4, be(1, 4));
    const std::vector<Case> cases = {
        {"", "truncated header"},
        {"TZif", "truncated header"},
        {bad_magic, "no 'TZif' magic"},
        {bad_version, "unknown version"},
        {tzif('2', {}, {}, {}, "UTC0"), "typecnt is 0"},
        {tzif('2', {100, 50}, {0, 0}, cet, "CET-1"), "ascending"},
        {tzif('2', {100}, {3}, cet, "CET-1"), "transition 0 names a local time type that does not exist"},
        {tzif('2', {}, {}, {{-90000, false, "BAD"}}, "CET-1"), "UT offset out of range"},
        {tzif('2', {}, {}, cet, "CET-1CEST,M13.5.0,M10.5.0"), "footer: TZ string"},
        {good.substr(0, good.size() - 7), "missing footer"},
        {leap, "leap-second"},
    };
    for (const auto& c : cases) {
        const std::string e = error_of(c.bytes);
        EXPECT_NE(e.find(c.reason), std::string::npos) << "expected '" << c.reason << "', got: " << e;
        EXPECT_NE(e.find("TZif data of 'Test/Zone'"), std::string::npos) << e;
    }
}

TEST(TimeZone, ZoneNamesCannotLeaveTheZoneinfoFolder) {
    for (const char* ok : {"Europe/Rome", "UTC", "Etc/GMT+5", "America/Argentina/Buenos_Aires", "America/Port-au-Prince"})
        EXPECT_TRUE(is_zone_name(ok)) << ok;
    for (const char* bad : {"", "../../etc/passwd", "/etc/passwd", "Europe/../../etc/passwd", "Europe/Rome/", "Europe//Rome",
                            ".", "zone.tab", "Europe\\Rome", "Europe/Rome\n", "Europe Rome"})
        EXPECT_FALSE(is_zone_name(bad)) << bad;
}
