#pragma once
// A file a person sent with a message (a screenshot, a log, a PDF), in the neutral model. The
// adapter's codec fills what the platform says about it; the runtime fetches the bytes through the
// adapter, stores them content-addressed before the commit that records them, and fills `sha256`.
// Core keeps only these facts, never the bytes.
#include <cstdint>
#include <string>

namespace frontline {

struct Attachment {
    std::string name;        ///< file name as the sender gave it (may be empty: a camera photo)
    std::string media_type;  ///< "image/png", as the platform declared it; checked again on the bytes
    std::uint64_t size = 0;  ///< bytes, as the platform declared it (0 when it did not say)
    /// Where the adapter fetches the bytes: opaque to core, read only by the adapter that made it
    /// (Slack's url_private, Telegram's file_id, Matrix's mxc:// URI, the web chat's upload id).
    std::string platform_ref;
    /// Hex SHA-256 of the stored bytes; empty until the runtime has stored them.
    std::string sha256;
    /// What the runtime made of it before the commit: empty while not yet fetched; "stored",
    /// "quarantined" (stored, failed the scan hook: never shown to agents), or why it was not kept:
    /// "too_large", "type_refused", "too_many", "unavailable" (the platform would not give it).
    /// Core answers the sender politely for the last four.
    std::string state;
    friend bool operator==(const Attachment&, const Attachment&) = default;
};

/// The limits core speaks of when it answers about files (attachments.* in frontline.json): the
/// runtime enforces the size and types before the commit, core the count per ticket.
struct FileLimits {
    int max_per_ticket = 20;
    std::uint64_t max_bytes = 10 * 1024 * 1024;
};

}  // namespace frontline
