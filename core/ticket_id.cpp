#include "core/ticket_id.hpp"

#include <cctype>
#include <cstdio>

namespace frontline {

std::string_view to_string(TicketType t) { return t == TicketType::incident ? "incident" : "request"; }

Result<TicketType> parse_ticket_type(std::string_view s) {
    if (s == "incident") return TicketType::incident;
    if (s == "request") return TicketType::request;
    return make_error(Errc::invalid_argument, "unknown ticket type '" + std::string(s) + "'");
}

Result<TicketId> TicketId::parse(std::string_view text) {
    auto bad = [&] {
        return make_error(Errc::invalid_argument,
                          "malformed ticket id '" + std::string(text.substr(0, 40)) +
                              "': expected INC-000123 or REQ-000045");
    };
    if (text.size() < 5 || text.size() > 13 || text[3] != '-') return bad();
    std::string prefix;
    for (char c : text.substr(0, 3)) prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    TicketType type;
    if (prefix == "INC") type = TicketType::incident;
    else if (prefix == "REQ") type = TicketType::request;
    else return bad();
    std::int64_t n = 0;
    for (char c : text.substr(4)) {
        if (c < '0' || c > '9') return bad();
        n = n * 10 + (c - '0');
    }
    if (n == 0) return bad();
    return TicketId{type, n};
}

std::string TicketId::str() const {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%s-%06lld", type_ == TicketType::incident ? "INC" : "REQ",
                  static_cast<long long>(number_));
    return buf;
}

}  // namespace frontline
