// Times as readers say them, with the shipped English and Italian words: today, tomorrow, yesterday
// and weekdays on the reader's own local date, both daylight-saving switches of Rome, zones without
// a city, cities with a name of their own in Italian, and durations from under a minute to days.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/time_words.hpp"

using namespace frontline;

namespace {

TimeVocabulary shipped(const std::string& lang) {
    std::ifstream in(std::string(FRONTLINE_SOURCE_DIR) + "/config/locales/" + lang + ".handoff.json");
    EXPECT_TRUE(in) << lang;
    const auto j = nlohmann::json::parse(in);
    return TimeVocabulary::from_texts([&](std::string_view key) {
        const std::string full = "handoff.time." + std::string(key);
        EXPECT_TRUE(j.contains(full)) << lang << " lacks " << full;
        return j.value(full, std::string());
    });
}

const TimeVocabulary& en() {
    static const TimeVocabulary v = shipped("en");
    return v;
}
const TimeVocabulary& it() {
    static const TimeVocabulary v = shipped("it");
    return v;
}

TimeZone zone(const std::string& name) {
    std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
    EXPECT_TRUE(in) << "install tzdata (scripts/setup): " << name;
    std::ostringstream s;
    s << in.rdbuf();
    auto z = TimeZone::from_tzif(s.str(), name);
    EXPECT_TRUE(z) << z.error().message;
    return z ? *z : TimeZone::utc();
}

TimePoint at(const char* iso) {
    auto t = parse_iso8601(iso);
    EXPECT_TRUE(t) << iso;
    return t.value_or(TimePoint{});
}

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

}  // namespace

TEST(TimeWords, TodayTomorrowAndWeekdaysInRome) {
    const TimeZone rome = zone("Europe/Rome");
    const TimePoint now = at("2026-12-07T10:00:00Z");  // Monday, 11:00 in Rome
    const TimeWords e(en(), &rome, now);
    const TimeWords i(it(), &rome, now);
    EXPECT_EQ(e.at(at("2026-12-07T14:30:00Z")), "15:30 today (Rome time)");
    EXPECT_EQ(i.at(at("2026-12-07T14:30:00Z")), "le 15:30 di oggi (ora di Roma)");
    EXPECT_EQ(e.at(at("2026-12-08T08:00:00Z")), "09:00 tomorrow (Rome time)");
    EXPECT_EQ(i.at(at("2026-12-08T08:00:00Z")), "le 09:00 di domani (ora di Roma)");
    EXPECT_EQ(e.at(at("2026-12-06T17:05:00Z")), "18:05 yesterday (Rome time)");
    EXPECT_EQ(i.at(at("2026-12-06T17:05:00Z")), "le 18:05 di ieri (ora di Roma)");
    EXPECT_EQ(e.at(at("2026-12-09T08:00:00Z")), "Wed 9 Dec, 09:00 (Rome time)");
    EXPECT_EQ(i.at(at("2026-12-09T08:00:00Z")), "mer 9 dic alle 09:00 (ora di Roma)");
    EXPECT_EQ(e.at_local(at("2026-12-09T08:00:00Z")), "Wed 9 Dec, 09:00");
    // Over half a year away the year is said.
    EXPECT_EQ(e.at(at("2027-08-01T07:00:00Z")), "Sun 1 Aug 2027, 09:00 (Rome time)");
    EXPECT_EQ(i.at(at("2027-08-01T07:00:00Z")), "dom 1 ago 2027 alle 09:00 (ora di Roma)");
}

TEST(TimeWords, TheDayIsTheReadersOwnLocalDay) {
    const TimeZone rome = zone("Europe/Rome");
    const TimeZone new_york = zone("America/New_York");
    const TimePoint now = at("2026-12-07T22:30:00Z");  // 23:30 Monday in Rome, 17:30 in New York
    const TimePoint due = at("2026-12-07T23:30:00Z");  // past midnight in Rome only
    EXPECT_EQ(TimeWords(en(), &rome, now).at(due), "00:30 tomorrow (Rome time)");
    EXPECT_EQ(TimeWords(en(), &new_york, now).at(due), "18:30 today (New York time)");
    EXPECT_EQ(TimeWords(it(), &new_york, now).at(due), "le 18:30 di oggi (ora di New York)");
    EXPECT_EQ(TimeWords(en(), nullptr, now).at(due), "23:30 today (UTC)");
}

TEST(TimeWords, BothDaylightSavingSwitchesOfRome) {
    const TimeZone rome = zone("Europe/Rome");
    // Spring: at 01:00 UTC on 29 March 2026 the clocks jump from 02:00 to 03:00.
    const TimePoint spring_now = at("2026-03-28T23:00:00Z");  // midnight in Rome (CET)
    const TimeWords spring(en(), &rome, spring_now);
    EXPECT_EQ(spring.at(at("2026-03-29T00:30:00Z")), "01:30 today (Rome time)");
    EXPECT_EQ(spring.at(at("2026-03-29T01:30:00Z")), "03:30 today (Rome time)");
    EXPECT_EQ(spring.in(at("2026-03-29T01:30:00Z") - spring_now), "in 2 h 30 min");  // 2.5 h pass, the clock shows 3.5
    // Autumn: at 01:00 UTC on 25 October 2026 the clocks go back from 03:00 to 02:00; 02:30 comes twice.
    const TimePoint autumn_now = at("2026-10-24T22:00:00Z");  // midnight in Rome (CEST)
    const TimeWords autumn(it(), &rome, autumn_now);
    EXPECT_EQ(autumn.at(at("2026-10-25T00:30:00Z")), "le 02:30 di oggi (ora di Roma)");
    EXPECT_EQ(autumn.at(at("2026-10-25T01:30:00Z")), "le 02:30 di oggi (ora di Roma)");
    EXPECT_EQ(autumn.at(at("2026-10-25T23:30:00Z")), "le 00:30 di domani (ora di Roma)");
}

TEST(TimeWords, Durations) {
    const TimeWords e(en(), nullptr, at("2026-12-07T10:00:00Z"));
    const TimeWords i(it(), nullptr, at("2026-12-07T10:00:00Z"));
    EXPECT_EQ(e.duration(seconds{0}), "under 1 min");
    EXPECT_EQ(e.duration(seconds{59}), "under 1 min");
    EXPECT_EQ(i.duration(seconds{59}), "meno di 1 min");
    EXPECT_EQ(e.duration(seconds{60}), "1 min");
    EXPECT_EQ(e.duration(minutes{35} + seconds{50}), "35 min");
    EXPECT_EQ(e.duration(hours{3}), "3 h");
    EXPECT_EQ(e.duration(hours{2} + minutes{10}), "2 h 10 min");
    EXPECT_EQ(e.duration(hours{28} + minutes{5}), "1 day 4 h");
    EXPECT_EQ(i.duration(hours{28} + minutes{5}), "1 giorno 4 h");
    EXPECT_EQ(e.duration(hours{48}), "2 days");
    EXPECT_EQ(i.duration(hours{50}), "2 giorni 2 h");
    EXPECT_EQ(e.duration(-minutes{35}), "35 min");
    EXPECT_EQ(e.in(hours{2} + minutes{10}), "in 2 h 10 min");
    EXPECT_EQ(i.in(hours{2} + minutes{10}), "tra 2 h 10 min");
    EXPECT_EQ(e.overdue(minutes{35}), "overdue by 35 min");
    EXPECT_EQ(i.overdue(minutes{35}), "in ritardo di 35 min");
}

TEST(TimeWords, ZoneNames) {
    EXPECT_EQ(zone_city("Europe/Rome"), "Rome");
    EXPECT_EQ(zone_city("America/New_York"), "New York");
    EXPECT_EQ(zone_city("America/Argentina/Buenos_Aires"), "Buenos Aires");
    EXPECT_EQ(zone_city("UTC"), "");
    EXPECT_EQ(zone_city("Etc/UTC"), "");
    EXPECT_EQ(zone_city("Etc/GMT+5"), "");
    const TimePoint now = at("2026-12-07T10:00:00Z");
    const TimeZone london = zone("Europe/London");
    const TimeZone sao_paulo = zone("America/Sao_Paulo");
    const TimeZone gmt_plus5 = zone("Etc/GMT+5");  // POSIX sign: five hours behind UTC
    const TimeZone etc_utc = zone("Etc/UTC");
    EXPECT_EQ(TimeWords(en(), &london, now).zone_label(), "(London time)");
    EXPECT_EQ(TimeWords(it(), &london, now).zone_label(), "(ora di Londra)");
    EXPECT_EQ(TimeWords(en(), &sao_paulo, now).zone_label(), "(São Paulo time)");
    EXPECT_EQ(TimeWords(it(), &sao_paulo, now).zone_label(), "(ora di San Paolo)");
    EXPECT_EQ(TimeWords(en(), &gmt_plus5, now).zone_label(), "(UTC-05:00)");
    EXPECT_EQ(TimeWords(it(), &etc_utc, now).zone_label(), "(UTC)");
    EXPECT_EQ(TimeWords(en(), &gmt_plus5, now).at(now), "05:00 today (UTC-05:00)");
}
