#pragma once
// The files a ticket keeps (ticket_attachments) and those held for a person before their ticket
// exists (held_attachments). Only the facts: the bytes are in the runtime's content-addressed
// folder, named by sha256.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/attachment.hpp"
#include "core/clock.hpp"
#include "core/message.hpp"
#include "core/result.hpp"
#include "core/ticket_id.hpp"

namespace frontline {

/// One file on a ticket.
struct TicketAttachment {
    std::int64_t seq = 0;  ///< assigned by the store; the order they came in
    TicketId ticket;
    Attachment file;       ///< sha256, name, media_type (sniffed), size and state ("stored" or "quarantined")
    TimePoint at{};
};

class AttachmentRepository {
public:
    virtual ~AttachmentRepository() = default;
    /// Records `a` on its ticket and sets a.seq; the same file (sha256) twice on one ticket is kept
    /// once: answers false and records nothing.
    virtual Result<bool> add_ticket_attachment(TicketAttachment& a) = 0;
    /// The ticket's files, oldest first.
    virtual Result<std::vector<TicketAttachment>> attachments_of(const TicketId& ticket) = 0;
    virtual Result<int> count_attachments(const TicketId& ticket) = 0;
    /// Holds a file a person sent before they had a ticket (the same file twice: kept once).
    virtual Status hold_attachment(const Identity& from, const Attachment& a, TimePoint at) = 0;
    /// The files held for `from`, oldest first, removed from the hold.
    virtual Result<std::vector<Attachment>> take_held_attachments(const Identity& from) = 0;
    /// Every sha256 a ticket or a hold names: the files the orphan sweep must keep.
    virtual Result<std::set<std::string>> referenced_files() = 0;
};

}  // namespace frontline
