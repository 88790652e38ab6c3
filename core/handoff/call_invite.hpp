#pragma once
// The calendar invite of a booked call: an iCalendar object (RFC 5545) with one VEVENT, times in
// UTC, CRLF line endings and lines folded at 75 octets, so every calendar program imports it.
#include <string>

#include "core/clock.hpp"

namespace frontline::handoff {

struct CallInvite {
    std::string uid;          ///< stable per booking: a re-sent invite updates the same event
    int sequence = 0;         ///< raised on every change (reschedule, cancel)
    bool cancelled = false;   ///< METHOD:CANCEL, STATUS:CANCELLED
    TimePoint stamp{};
    TimePoint start{};
    TimePoint end{};
    std::string summary;      ///< names the ticket: "INC-000042: call with the service desk"
    std::string description;
    std::string url;          ///< the meeting link, when there is one
    std::string location;     ///< the meeting link or the phone bridge text
    std::string organizer_name;
    std::string organizer_uri;  ///< a cal-address URI: mailto: when known, else a urn
    std::string attendee_name;
    std::string attendee_uri;
};

/// The invite as an .ics file's text.
std::string render_ics(const CallInvite& invite);

/// A TEXT value escaped as RFC 5545 3.3.11 says (backslash, ';', ',', newlines).
std::string ics_escape(const std::string& text);

/// One content line folded at 75 octets (never inside a UTF-8 sequence), CRLF-terminated.
std::string ics_fold(const std::string& line);

}  // namespace frontline::handoff
