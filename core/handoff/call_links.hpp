#pragma once
// The port through which the desk gets the signed links of the call feature without doing any
// cryptography itself (core is pure): bot/ implements it with HMAC-SHA256 over a secret read from
// an environment variable, and the public URL of the service.
#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/ticket_id.hpp"

namespace frontline::handoff {

class CallLinks {
public:
    virtual ~CallLinks() = default;
    /// The booking page for one call of `duration` about `ticket` with `agent`, valid until
    /// `expires`. `seed` is unique per request and deterministically gives the link's nonce (a
    /// replayed event makes the same link).
    virtual std::string booking_link(const TicketId& ticket, const std::string& agent, Seconds duration,
                                     TimePoint expires, const std::string& seed) const = 0;
    /// The requester's page of a booked call: reschedule, cancel, the invite.
    virtual std::string manage_link(std::int64_t booking, const TicketId& ticket, TimePoint expires) const = 0;
    /// The .ics invite of a booked call.
    virtual std::string invite_link(std::int64_t booking, const TicketId& ticket, TimePoint expires) const = 0;
    /// An unguessable meeting room name for the booking made with link nonce `nonce`.
    virtual std::string meeting_room(const std::string& nonce) const = 0;
};

/// How calls are offered and booked (calls.* in frontline.json).
struct CallSettings {
    std::string meeting_template = "https://meet.jit.si/{room}";  ///< {room}: the unguessable room; else a phone bridge text
    Seconds default_duration{30 * 60};
    Seconds max_duration{3 * 60 * 60};
    Seconds reminder_before{15 * 60};
    Seconds link_valid{72 * 60 * 60};
    Seconds buffer{10 * 60};
    Seconds step{30 * 60};
    Seconds lead{60 * 60};
    int working_days = 5;
};

}  // namespace frontline::handoff
