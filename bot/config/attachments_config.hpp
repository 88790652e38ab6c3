#pragma once
// The attachments.* section of frontline.json: how large and of what kind the files people send may
// be, how many a ticket keeps, where the bytes live, the optional scan hook, and the signed links
// agents open them with (docs/attachments.md).
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bot/config/config.hpp"
#include "core/attachment.hpp"
#include "core/file_links.hpp"

namespace frontline {

struct AttachmentSettings {
    std::size_t max_bytes = 10 * 1024 * 1024;
    /// Media types (as sniffed from the bytes) kept: exact ("application/pdf") or a family ("image/*").
    std::vector<std::string> allowed_types{"image/*", "application/pdf", "text/plain"};
    int max_per_ticket = 20;
    /// Where the bytes live: attachments.dir, default "files" beside the database file.
    std::filesystem::path dir;
    /// argv of the scan hook, the file's path appended; empty: no scan.
    std::vector<std::string> scan_command;
    /// Files no ticket names are removed once this old (a download whose commit never came).
    std::chrono::seconds orphan_grace{std::chrono::hours(24)};
    /// How long a signed link to a file works.
    std::chrono::seconds link_valid{std::chrono::hours(72)};
    /// The links' HMAC secret (from the variable named by attachments.link_secret_env); empty: the
    /// agents' messages name files without links (the agents' view still shows them).
    std::string link_secret;
    std::string public_url;  ///< http.public_url, without a trailing slash
    /// A download that failed for a passing reason (network, timeout, rate limit) is tried this
    /// many times in all, `fetch_retry_delay` apart and doubling, before the file counts as
    /// unavailable; a refusal (auth, not found) is not retried.
    int fetch_attempts = 3;
    std::chrono::milliseconds fetch_retry_delay{500};
};

/// The limits core answers people with (attachments.max_per_ticket, attachments.max_bytes).
Result<FileLimits> read_file_limits(const Config& config);

/// Reads and checks attachments.*; `store_path` is the database file (the default folder is beside it).
Result<AttachmentSettings> read_attachment_settings(const Config& config, const std::filesystem::path& store_path);

/// The signed links to files on tickets, or null when http.public_url or the secret is not set.
Result<std::shared_ptr<const FileLinks>> make_file_links(const Config& config);

}  // namespace frontline
