#pragma once
// The journal: append-only, one entry per change, written in the same transaction as the change.
#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/ticket_id.hpp"

namespace frontline {

struct JournalEntry {
    std::int64_t seq = 0;  ///< assigned by the store
    TicketId ticket;
    std::string actor;     ///< Actor::label()
    TimePoint at{};
    std::string kind;      ///< "created", "status", "priority", "symptom", "note", "relay", ...
    std::string details;   ///< a JSON object as text
};

}  // namespace frontline
