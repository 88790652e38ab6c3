#pragma once
// The port through which the desk gets signed, expiring links to a ticket's stored files without
// doing any cryptography itself (core is pure): bot/files implements it with HMAC-SHA256 over a
// secret read from an environment variable and the service's public URL.
#include <string>

#include "core/clock.hpp"
#include "core/ticket_id.hpp"

namespace frontline {

class FileLinks {
public:
    virtual ~FileLinks() = default;
    /// A link that serves the file `sha256` of `ticket` until `expires`.
    virtual std::string file_link(const TicketId& ticket, const std::string& sha256, TimePoint expires) const = 0;
    /// How long a link made now works (attachments.link_hours).
    virtual Seconds link_life() const = 0;
};

}  // namespace frontline
