#pragma once
// Times and durations as a reader says them, in their own zone and language: "15:30 today (Rome
// time)", "le 15:30 di domani (ora di Roma)", "Tue 8 Dec, 09:00 (Rome time)", "2 h 10 min". Every
// time the desk shows to a person or an agent goes through here. Pure: the zone arrives parsed,
// `now` is handed in, the words come from the locale files (handoff.time.* keys).
#include <array>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/time_zone.hpp"

namespace frontline {

/// The words of one language for times and durations. Patterns hold {placeholders}.
struct TimeVocabulary {
    std::array<std::string, 7> weekdays;  ///< short names, Sunday first: "Sun", "dom"
    std::array<std::string, 12> months;   ///< short names, January first: "Jan", "gen"
    std::string today;       ///< "{time} today"
    std::string tomorrow;    ///< "{time} tomorrow"
    std::string yesterday;   ///< "{time} yesterday"
    std::string date;        ///< "{weekday} {day} {month}, {time}": within a year of now
    std::string date_year;   ///< "{weekday} {day} {month} {year}, {time}"
    std::string zone;        ///< "({city} time)"
    std::string zone_utc;    ///< "(UTC)"
    std::map<std::string, std::string> cities;  ///< the city of an IANA id -> its name in this language
    std::string minutes;     ///< "{n} min"
    std::string hours;       ///< "{n} h"
    std::string day;         ///< "{n} day"
    std::string days;        ///< "{n} days"
    std::string under_a_minute;  ///< "under 1 min"
    std::string in;          ///< "in {duration}"
    std::string overdue;     ///< "overdue by {duration}"

    /// Reads each pattern through `text` (a key of the locale file, without the "handoff.time."
    /// prefix the caller adds): weekdays/months are space-separated lists, cities "Rome=Roma ...".
    static TimeVocabulary from_texts(const std::function<std::string(std::string_view key)>& text);
};

/// "Rome" for "Europe/Rome", "New York" for "America/New_York", "Buenos Aires" for
/// "America/Argentina/Buenos_Aires"; empty for UTC-like ids ("UTC", "Etc/UTC", "Etc/GMT+5").
std::string zone_city(std::string_view iana_name);

/// A reader's way of saying times: their language, their zone (null: UTC), and the moment they read.
class TimeWords {
public:
    TimeWords(const TimeVocabulary& words, const TimeZone* zone, TimePoint now) : words_(words), zone_(zone), now_(now) {}

    /// "15:30 today (Rome time)", "09:00 tomorrow (Rome time)", "Tue 8 Dec, 09:00 (Rome time)".
    std::string at(TimePoint t) const;
    /// The same without the zone: when a sentence names the zone once already.
    std::string at_local(TimePoint t) const;
    /// "(Rome time)", "(ora di Roma)", "(UTC)".
    std::string zone_label() const;
    /// "2 h 10 min", "35 min", "3 days 4 h", "under 1 min"; negative spans read as their size.
    std::string duration(Seconds d) const;
    /// "in 2 h 10 min" / "tra 2 h 10 min".
    std::string in(Seconds d) const;
    /// "overdue by 35 min" / "in ritardo di 35 min".
    std::string overdue(Seconds d) const;

private:
    std::chrono::local_seconds local(TimePoint t) const;

    const TimeVocabulary& words_;
    const TimeZone* zone_;
    TimePoint now_;
};

}  // namespace frontline
