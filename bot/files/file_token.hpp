#pragma once
// Signed, expiring links to one stored file of one ticket: /files/<ticket>.<sha256>.<expires>.<mac>,
// the MAC a domain-separated HMAC-SHA256 over the other three fields under the secret named by
// attachments.link_secret_env. Without the secret nobody can forge one or change a field of one.
#include <string>
#include <string_view>
#include <variant>

#include "core/clock.hpp"
#include "core/file_links.hpp"
#include "core/ticket_id.hpp"

namespace frontline::files {

struct FileToken {
    TicketId ticket;
    std::string sha256;
    TimePoint expires{};
};

enum class FileTokenProblem { malformed_or_tampered, expired };

/// The route's prefix: GET /files/<token>.
inline constexpr std::string_view kFilesPrefix = "/files/";

std::string sign_file_token(std::string_view secret, const FileToken& t);
/// The MAC first (constant time), then the fields, then the expiry against `now`.
std::variant<FileToken, FileTokenProblem> verify_file_token(std::string_view secret, std::string_view token, TimePoint now);

/// FileLinks (core's port) over signed tokens and the service's public URL (no trailing slash).
class SignedFileLinks final : public FileLinks {
public:
    SignedFileLinks(std::string secret, std::string public_url, Seconds life);
    std::string file_link(const TicketId& ticket, const std::string& sha256, TimePoint expires) const override;
    Seconds link_life() const override { return life_; }

private:
    std::string secret_;
    std::string public_url_;
    Seconds life_;
};

}  // namespace frontline::files
