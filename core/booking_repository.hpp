#pragma once
// Video-call bookings as the core sees them: one row per call booked through a booking link. The
// store keeps at most one active booking per agent and start time (a unique index) and one booking
// per link (its nonce), so two racing confirms can never both win; the desk re-checks overlaps
// (durations and buffers differ) inside the same transaction before it inserts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/message.hpp"
#include "core/result.hpp"
#include "core/ticket_id.hpp"

namespace frontline {

enum class BookingStatus { booked, cancelled };

struct Booking {
    std::int64_t id = 0;  ///< assigned by the store
    TicketId ticket;
    std::string agent;      ///< the agent's handle
    Identity requester;
    TimePoint start{};
    TimePoint end{};
    std::string nonce;      ///< the booking link's nonce: one link books once
    std::string meeting;    ///< the meeting link (or the phone bridge text)
    std::string requester_zone;  ///< IANA name chosen on the booking page
    BookingStatus status = BookingStatus::booked;
    TimePoint created_at{};
};

class BookingRepository {
public:
    virtual ~BookingRepository() = default;
    /// The agent's active bookings that overlap [from, to), earliest first.
    virtual Result<std::vector<Booking>> agent_bookings(const std::string& agent, TimePoint from, TimePoint to) = 0;
    virtual Result<std::optional<Booking>> booking_by_nonce(const std::string& nonce) = 0;
    virtual Result<std::optional<Booking>> booking_by_id(std::int64_t id) = 0;
    /// Inserts `b` and sets its id. Errc::conflict when the agent already has an active booking at
    /// that start or the link's nonce was used: the unique indexes are the last word in a race.
    virtual Status insert_booking(Booking& b) = 0;
    /// Writes start, end, status and zone of an existing booking (reschedule, cancel); Errc::conflict
    /// as for insert when the new start is taken.
    virtual Status update_booking(const Booking& b) = 0;
};

}  // namespace frontline
