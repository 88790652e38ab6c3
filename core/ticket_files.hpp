#pragma once
// The files a person sent, as the conversation sees them: which of a message's attachments were
// kept (stored, or quarantined by the scan hook) and which were refused by the runtime's limits,
// and how a kept one goes onto a ticket: a ticket_attachments row and a journal entry of kind
// "attachment" ({name, media_type, size, sha256, state}), at most `max_per_ticket` per ticket, the
// same file once. Shared by the conversation engine (before the hand-off) and the desk (after it).
#include <string>
#include <vector>

#include "core/event_handler.hpp"

namespace frontline {

/// A kept file is on disk: "stored" or "quarantined".
bool is_kept(const Attachment& a);
/// The event's attachments the runtime kept, in order.
std::vector<Attachment> kept_files(const InboundEvent& e);
/// The event's attachments the runtime refused (too_large, type_refused, too_many, unavailable;
/// one never fetched counts as unavailable).
std::vector<Attachment> refused_files(const InboundEvent& e);

/// What became of files offered to a ticket.
struct AttachedFiles {
    std::vector<Attachment> added;     ///< new on the ticket (journaled)
    std::vector<Attachment> too_many;  ///< past the ticket's limit: not kept (state set to "too_many")
};

/// Puts `files` on `ticket` (see above); `actor` is the journal's (Actor::label()).
Result<AttachedFiles> attach_files(Repositories& repos, const TicketId& ticket, const std::string& actor,
                                   const std::vector<Attachment>& files, TimePoint now, int max_per_ticket);

/// The journal details of an attachment entry, as JSON text.
std::string attachment_journal_details(const Attachment& a);

/// "error.png" (or "a file" style fallbacks are the caller's): the names, comma-separated.
std::string file_names(const std::vector<Attachment>& files, const std::string& unnamed);

/// "2.5 MB", "640 KB", "12 bytes": a size as people read it (units are the same in English and Italian).
std::string human_size(std::uint64_t bytes);

}  // namespace frontline
