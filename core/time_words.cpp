// Times as a reader says them. The day is named relative to the reader's own local date ("today" is
// their today, not UTC's), so a due time just past local midnight reads "tomorrow" to someone in
// Rome and "today" to someone in New York.
#include "core/time_words.hpp"

#include <sstream>

#include "core/text.hpp"

namespace frontline {

using namespace std::chrono;

namespace {

std::vector<std::string> words_of(const std::string& list) {
    std::istringstream in(list);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

std::string two_digits(long v) { return (v < 10 ? "0" : "") + std::to_string(v); }

}  // namespace

TimeVocabulary TimeVocabulary::from_texts(const std::function<std::string(std::string_view key)>& text) {
    TimeVocabulary v;
    const auto weekdays = words_of(text("weekdays"));
    for (std::size_t i = 0; i < v.weekdays.size(); ++i) v.weekdays[i] = i < weekdays.size() ? weekdays[i] : "";
    const auto months = words_of(text("months"));
    for (std::size_t i = 0; i < v.months.size(); ++i) v.months[i] = i < months.size() ? months[i] : std::to_string(i + 1);
    v.today = text("today");
    v.tomorrow = text("tomorrow");
    v.yesterday = text("yesterday");
    v.date = text("date");
    v.date_year = text("date_year");
    v.zone = text("zone");
    v.zone_utc = text("zone_utc");
    // "Rome=Roma Milan=Milano": a city's name in this language where it differs from the IANA id's.
    for (const auto& pair : words_of(text("cities")))
        if (const auto eq = pair.find('='); eq != std::string::npos && eq > 0 && eq + 1 < pair.size())
            v.cities[pair.substr(0, eq)] = pair.substr(eq + 1);
    v.minutes = text("minutes");
    v.hours = text("hours");
    v.day = text("day");
    v.days = text("days");
    v.under_a_minute = text("under_a_minute");
    v.in = text("in");
    v.overdue = text("overdue");
    return v;
}

std::string zone_city(std::string_view name) {
    if (name.empty() || name == "UTC" || name == "GMT" || name.starts_with("Etc/") || name.find('/') == std::string_view::npos)
        return "";
    std::string city(name.substr(name.rfind('/') + 1));
    for (auto& c : city)
        if (c == '_') c = ' ';
    return city;
}

local_seconds TimeWords::local(TimePoint t) const {
    return zone_ ? zone_->local_time(t) : local_seconds{t.time_since_epoch()};
}

std::string TimeWords::zone_label() const {
    const std::string city = zone_city(zone_ ? zone_->name() : std::string("UTC"));
    if (city.empty()) {
        // "Etc/GMT+5" and other ids without a city: the offset says it ("(UTC-05:00)").
        const long long off = zone_ ? zone_->offset_at(now_).count() : 0;
        if (off == 0) return words_.zone_utc;
        const long long mins = (off < 0 ? -off : off) / 60;
        return "(UTC" + std::string(off < 0 ? "-" : "+") + two_digits(static_cast<long>(mins / 60)) + ":" +
               two_digits(static_cast<long>(mins % 60)) + ")";
    }
    // The key is the id's spelling ("New_York"), so a translation never depends on spaces.
    std::string key = city;
    for (auto& c : key)
        if (c == ' ') c = '_';
    const auto translated = words_.cities.find(key);
    std::string shown = translated == words_.cities.end() ? city : translated->second;
    for (auto& c : shown)
        if (c == '_') c = ' ';
    return fill_placeholders(words_.zone, {{"city", shown}});
}

std::string TimeWords::at_local(TimePoint t) const {
    const local_seconds when = local(t);
    const local_days day = floor<days>(when);
    const hh_mm_ss<seconds> hms{when - day};
    const std::string clock = two_digits(hms.hours().count()) + ":" + two_digits(hms.minutes().count());
    const auto from_today = (day - floor<days>(local(now_))).count();
    if (from_today == 0) return fill_placeholders(words_.today, {{"time", clock}});
    if (from_today == 1) return fill_placeholders(words_.tomorrow, {{"time", clock}});
    if (from_today == -1) return fill_placeholders(words_.yesterday, {{"time", clock}});
    const year_month_day ymd{day};
    const weekday wd{day};
    const TextVars vars = {{"weekday", words_.weekdays[wd.c_encoding()]},
                           {"day", std::to_string(static_cast<unsigned>(ymd.day()))},
                           {"month", words_.months[static_cast<unsigned>(ymd.month()) - 1]},
                           {"year", std::to_string(static_cast<int>(ymd.year()))},
                           {"time", clock}};
    // Within half a year either way the year goes without saying.
    const bool near = from_today > -183 && from_today < 183;
    return fill_placeholders(near ? words_.date : words_.date_year, vars);
}

std::string TimeWords::at(TimePoint t) const { return at_local(t) + " " + zone_label(); }

std::string TimeWords::duration(Seconds d) const {
    const long long total = d.count() < 0 ? -d.count() : d.count();
    const long long minutes_total = total / 60;
    if (minutes_total == 0) return words_.under_a_minute;
    const long long day_count = minutes_total / (24 * 60);
    const long long hour_count = minutes_total / 60 % 24;
    const long long minute_count = minutes_total % 60;
    auto n = [](const std::string& pattern, long long v) { return fill_placeholders(pattern, {{"n", std::to_string(v)}}); };
    std::string out;
    auto add = [&out](const std::string& part) { out += (out.empty() ? "" : " ") + part; };
    // Past a day, minutes are noise: "3 days 4 h".
    if (day_count > 0) {
        add(n(day_count == 1 ? words_.day : words_.days, day_count));
        if (hour_count > 0) add(n(words_.hours, hour_count));
        return out;
    }
    if (hour_count > 0) add(n(words_.hours, hour_count));
    if (minute_count > 0) add(n(words_.minutes, minute_count));
    return out;
}

std::string TimeWords::in(Seconds d) const { return fill_placeholders(words_.in, {{"duration", duration(d)}}); }

std::string TimeWords::overdue(Seconds d) const { return fill_placeholders(words_.overdue, {{"duration", duration(d)}}); }

}  // namespace frontline
