// The .ics invite of a booked call, parsed back as a calendar program reads it (RFC 5545: CRLF
// lines, unfolded continuations, escaped text) and checked field by field.
#include <gtest/gtest.h>

#include <map>

#include "core/handoff/call_invite.hpp"
#include "core/handoff/calls.hpp"

using namespace frontline;
using namespace frontline::handoff;

namespace {

TimePoint at(const char* iso) { return parse_iso8601(iso).value(); }

/// Content lines after unfolding (RFC 5545 3.1), each "NAME;PARAMS" -> value; fails the test on
/// a line not ended by CRLF or longer than 75 octets.
std::multimap<std::string, std::pair<std::string, std::string>> parse(const std::string& ics) {
    std::vector<std::string> physical;
    std::size_t pos = 0;
    while (pos < ics.size()) {
        const auto end = ics.find("\r\n", pos);
        EXPECT_NE(end, std::string::npos) << "every line ends with CRLF";
        if (end == std::string::npos) break;
        physical.push_back(ics.substr(pos, end - pos));
        pos = end + 2;
    }
    std::vector<std::string> logical;
    for (const auto& l : physical) {
        EXPECT_LE(l.size(), 75u) << l;
        EXPECT_EQ(l.find('\n'), std::string::npos);
        if (!l.empty() && l[0] == ' ') {
            EXPECT_FALSE(logical.empty());
            logical.back() += l.substr(1);
        } else {
            logical.push_back(l);
        }
    }
    std::multimap<std::string, std::pair<std::string, std::string>> out;
    for (const auto& l : logical) {
        // The value starts after the first ':' outside a quoted parameter value.
        bool quoted = false;
        std::size_t colon = std::string::npos;
        for (std::size_t i = 0; i < l.size(); ++i) {
            if (l[i] == '"') quoted = !quoted;
            if (l[i] == ':' && !quoted) {
                colon = i;
                break;
            }
        }
        EXPECT_NE(colon, std::string::npos) << l;
        const std::string head = l.substr(0, colon);
        const auto semi = head.find(';');
        out.emplace(head.substr(0, semi), std::make_pair(semi == std::string::npos ? "" : head.substr(semi + 1), l.substr(colon + 1)));
    }
    return out;
}

std::string value(const std::multimap<std::string, std::pair<std::string, std::string>>& m, const std::string& name) {
    EXPECT_EQ(m.count(name), 1u) << name;
    auto it = m.find(name);
    return it == m.end() ? "" : it->second.second;
}

std::string unescape(const std::string& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) {
            ++i;
            out += v[i] == 'n' || v[i] == 'N' ? '\n' : v[i];
        } else {
            out += v[i];
        }
    }
    return out;
}

CallInvite sample() {
    CallInvite v;
    v.uid = "call-7-INC-000042@frontline";
    v.stamp = at("2026-11-23T10:15:30Z");
    v.start = at("2026-11-24T14:00:00Z");
    v.end = at("2026-11-24T14:30:00Z");
    v.summary = "INC-000042: VPN drops; every five minutes, again\\again";
    v.description = "INC-000042 - Rita Neri\nhttps://meet.jit.si/frontline-0123456789abcdef01234567";
    v.url = "https://meet.jit.si/frontline-0123456789abcdef01234567";
    v.location = v.url;
    v.organizer_name = "Rita Neri";
    v.organizer_uri = "urn:frontline:agent:rita";
    v.attendee_name = "Giulia Bianchi";
    v.attendee_uri = "mailto:giulia@example.com";
    return v;
}

}  // namespace

TEST(CallInvite, ParsesBackFieldByField) {
    const std::string ics = render_ics(sample());
    const auto m = parse(ics);
    EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
    EXPECT_EQ(value(m, "VERSION"), "2.0");
    EXPECT_FALSE(value(m, "PRODID").empty());
    EXPECT_EQ(value(m, "METHOD"), "REQUEST");
    EXPECT_EQ(value(m, "UID"), "call-7-INC-000042@frontline");
    EXPECT_EQ(value(m, "DTSTAMP"), "20261123T101530Z");
    EXPECT_EQ(value(m, "DTSTART"), "20261124T140000Z");
    EXPECT_EQ(value(m, "DTEND"), "20261124T143000Z");
    EXPECT_EQ(unescape(value(m, "SUMMARY")), "INC-000042: VPN drops; every five minutes, again\\again");
    EXPECT_EQ(value(m, "SUMMARY"), "INC-000042: VPN drops\\; every five minutes\\, again\\\\again");
    EXPECT_EQ(unescape(value(m, "DESCRIPTION")), sample().description);
    EXPECT_EQ(value(m, "URL"), "https://meet.jit.si/frontline-0123456789abcdef01234567");
    EXPECT_EQ(m.find("ORGANIZER")->second.first, "CN=\"Rita Neri\"");
    EXPECT_EQ(value(m, "ORGANIZER"), "urn:frontline:agent:rita");
    EXPECT_EQ(m.find("ATTENDEE")->second.first, "CN=\"Giulia Bianchi\";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED");
    EXPECT_EQ(value(m, "ATTENDEE"), "mailto:giulia@example.com");
    EXPECT_EQ(value(m, "STATUS"), "CONFIRMED");
    EXPECT_EQ(m.count("BEGIN"), 2u);
    EXPECT_EQ(m.count("END"), 2u);
}

TEST(CallInvite, FoldsLongLinesWithoutSplittingACharacter) {
    CallInvite v = sample();
    v.summary = "INC-000042: ";
    for (int i = 0; i < 40; ++i) v.summary += "perché ";  // 'é' is two octets
    const std::string ics = render_ics(v);
    const auto m = parse(ics);
    EXPECT_EQ(unescape(value(m, "SUMMARY")), v.summary);
    // A continuation never starts in the middle of a UTF-8 sequence.
    for (std::size_t p = ics.find("\r\n "); p != std::string::npos; p = ics.find("\r\n ", p + 1)) {
        const auto next = static_cast<unsigned char>(ics[p + 3]);
        EXPECT_NE(next & 0xC0, 0x80) << "continuation at octet " << p;
    }
}

TEST(CallInvite, ACancelledCallSaysSo) {
    CallInvite v = sample();
    v.cancelled = true;
    v.sequence = 3;
    const auto m = parse(render_ics(v));
    EXPECT_EQ(value(m, "METHOD"), "CANCEL");
    EXPECT_EQ(value(m, "STATUS"), "CANCELLED");
    EXPECT_EQ(value(m, "SEQUENCE"), "3");
    EXPECT_EQ(value(m, "UID"), "call-7-INC-000042@frontline") << "the same event, so calendars remove it";
}

TEST(CallInvite, APhoneBridgeHasNoUrlButALocation) {
    Ticket t;
    t.id = TicketId::parse("INC-000042").value();
    t.title = "Printer on fire";
    t.requester = {"Giulia", {"telegram", "777"}, "", ""};
    Booking b;
    b.id = 9;
    b.ticket = t.id;
    b.start = at("2026-11-24T14:00:00Z");
    b.end = at("2026-11-24T14:30:00Z");
    b.created_at = at("2026-11-23T10:00:00Z");
    b.meeting = "Dial +39 06 1234 5678, PIN 4242";
    Agent a;
    a.handle = "rita";
    a.name = "Rita Neri";
    const auto m = parse(render_ics(invite_of(t, b, a, at("2026-11-23T10:00:00Z"))));
    EXPECT_EQ(m.count("URL"), 0u);
    EXPECT_EQ(unescape(value(m, "LOCATION")), "Dial +39 06 1234 5678, PIN 4242");
    EXPECT_EQ(unescape(value(m, "SUMMARY")), "INC-000042: Printer on fire");
    EXPECT_EQ(value(m, "ATTENDEE"), "urn:frontline:telegram:777") << "no e-mail known: a URN, never a made-up address";
    EXPECT_EQ(value(m, "UID"), "call-9-INC-000042@frontline");
}
