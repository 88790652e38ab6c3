#include "core/handoff/call_invite.hpp"

#include <cstdio>

namespace frontline::handoff {
namespace {

/// 19970714T173000Z: the UTC form of DATE-TIME (RFC 5545 3.3.5, form #2).
std::string utc_stamp(TimePoint t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss<seconds> hms{t - day};
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02ld%02ld%02ldZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                  static_cast<long>(hms.seconds().count()));
    return buf;
}

/// A parameter value (CN) in double quotes; quotes cannot be escaped there, so they are dropped.
std::string param(const std::string& v) {
    std::string out = "\"";
    for (char c : v)
        if (c != '"' && c != '\r' && c != '\n') out += c;
    return out + "\"";
}

}  // namespace

std::string ics_escape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' || c == ';' || c == ',') {
            out += '\\';
            out += c;
        } else if (c == '\r') {
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "\\n";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string ics_fold(const std::string& line) {
    // RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets; a continuation starts with one space.
    std::string out;
    std::size_t used = 0;
    for (std::size_t i = 0; i < line.size();) {
        std::size_t len = 1;
        const auto lead = static_cast<unsigned char>(line[i]);
        if (lead >= 0xF0) len = 4;
        else if (lead >= 0xE0) len = 3;
        else if (lead >= 0xC0) len = 2;
        if (used + len > 75) {
            out += "\r\n ";
            used = 1;
        }
        out.append(line, i, len);
        used += len;
        i += len;
    }
    return out + "\r\n";
}

std::string render_ics(const CallInvite& v) {
    std::string out;
    auto add = [&](const std::string& line) { out += ics_fold(line); };
    add("BEGIN:VCALENDAR");
    add("VERSION:2.0");
    add("PRODID:-//frontline//service desk calls//EN");
    add("CALSCALE:GREGORIAN");
    add(v.cancelled ? "METHOD:CANCEL" : "METHOD:REQUEST");
    add("BEGIN:VEVENT");
    add("UID:" + v.uid);
    add("SEQUENCE:" + std::to_string(v.sequence));
    add("DTSTAMP:" + utc_stamp(v.stamp));
    add("DTSTART:" + utc_stamp(v.start));
    add("DTEND:" + utc_stamp(v.end));
    add("SUMMARY:" + ics_escape(v.summary));
    if (!v.description.empty()) add("DESCRIPTION:" + ics_escape(v.description));
    if (!v.location.empty()) add("LOCATION:" + ics_escape(v.location));
    if (!v.url.empty()) add("URL:" + v.url);
    add("ORGANIZER;CN=" + param(v.organizer_name) + ":" + v.organizer_uri);
    add("ATTENDEE;CN=" + param(v.attendee_name) + ";ROLE=REQ-PARTICIPANT;PARTSTAT=" +
        (v.cancelled ? "DECLINED" : "ACCEPTED") + ":" + v.attendee_uri);
    add(v.cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
    add("END:VEVENT");
    add("END:VCALENDAR");
    return out;
}

}  // namespace frontline::handoff
