#pragma once
// Ticket ids: INC-000001 for incidents, REQ-000001 for service requests, separate sequences.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace frontline {

enum class TicketType { incident, request };

std::string_view to_string(TicketType t);  ///< "incident" / "request"
Result<TicketType> parse_ticket_type(std::string_view s);

class TicketId {
public:
    TicketId() = default;
    TicketId(TicketType type, std::int64_t number) : type_(type), number_(number) {}

    /// Parses "INC-000042" (case-insensitive prefix, 1 to 9 digits); anything else is invalid_argument.
    static Result<TicketId> parse(std::string_view text);

    TicketType type() const { return type_; }
    std::int64_t number() const { return number_; }
    bool valid() const { return number_ > 0; }
    std::string str() const;  ///< "INC-000042"

    friend bool operator==(const TicketId&, const TicketId&) = default;
    friend auto operator<=>(const TicketId&, const TicketId&) = default;

private:
    TicketType type_ = TicketType::incident;
    std::int64_t number_ = 0;
};

}  // namespace frontline
