#include "bot/config/attachments_config.hpp"

#include <cstdlib>

#include "bot/config/calls_config.hpp"
#include "bot/files/file_token.hpp"
#include "bot/files/scan_hook.hpp"

namespace frontline {

Result<FileLimits> read_file_limits(const Config& c) {
    FileLimits limits;
    auto max_bytes = c.integer("attachments.max_bytes", static_cast<long long>(limits.max_bytes));
    if (!max_bytes) return max_bytes.error();
    // Bounded above: a file is held in memory while it is fetched, hashed and written.
    if (*max_bytes < 1024 || *max_bytes > 100LL * 1024 * 1024)
        return c.error("attachments.max_bytes", "expected bytes from 1024 to 104857600 (100 MB)");
    limits.max_bytes = static_cast<std::uint64_t>(*max_bytes);
    auto per_ticket = c.integer("attachments.max_per_ticket", limits.max_per_ticket);
    if (!per_ticket) return per_ticket.error();
    if (*per_ticket < 1 || *per_ticket > 1000) return c.error("attachments.max_per_ticket", "expected 1 to 1000");
    limits.max_per_ticket = static_cast<int>(*per_ticket);
    return limits;
}

Result<AttachmentSettings> read_attachment_settings(const Config& c, const std::filesystem::path& store_path) {
    AttachmentSettings s;
    auto limits = read_file_limits(c);
    if (!limits) return limits.error();
    s.max_bytes = static_cast<std::size_t>(limits->max_bytes);
    s.max_per_ticket = limits->max_per_ticket;
    if (const auto* types = c.find("attachments.allowed_types")) {
        if (!types->is_array()) return c.error("attachments.allowed_types", "expected a list of media types");
        s.allowed_types.clear();
        for (const auto& t : *types) {
            if (!t.is_string()) return c.error("attachments.allowed_types", "expected a list of media types");
            const auto v = t.get<std::string>();
            const auto slash = v.find('/');
            if (slash == std::string::npos || slash == 0 || slash + 1 == v.size())
                return c.error("attachments.allowed_types", "'" + v + "' is not a media type like image/png or image/*");
            s.allowed_types.push_back(v);
        }
    }
    auto dir = c.string("attachments.dir", "");
    if (!dir) return dir.error();
    s.dir = dir->empty() ? store_path.parent_path() / "files" : c.resolve(*dir);
    auto scan = c.string("attachments.scan_command", "");
    if (!scan) return scan.error();
    s.scan_command = files::split_command(*scan);
    auto grace = c.integer("attachments.orphan_grace_hours", 24);
    if (!grace) return grace.error();
    if (*grace < 1 || *grace > 24 * 30) return c.error("attachments.orphan_grace_hours", "expected hours from 1 to 720");
    s.orphan_grace = std::chrono::hours(*grace);
    auto link_hours = c.integer("attachments.link_hours", 72);
    if (!link_hours) return link_hours.error();
    if (*link_hours < 1 || *link_hours > 30 * 24) return c.error("attachments.link_hours", "expected hours from 1 to 720");
    s.link_valid = std::chrono::hours(*link_hours);
    auto env = c.string("attachments.link_secret_env", "FRONTLINE_ATTACHMENTS_SECRET");
    if (!env) return env.error();
    if (const char* secret = std::getenv(env->c_str()); secret && *secret) {
        if (std::string(secret).size() < 16)
            return c.error("attachments.link_secret_env", "the secret in " + *env + " is shorter than 16 characters");
        s.link_secret = secret;
    }
    auto url = read_public_url(c);
    if (!url) return url.error();
    s.public_url = *url;
    while (!s.public_url.empty() && s.public_url.back() == '/') s.public_url.pop_back();
    return s;
}

Result<std::shared_ptr<const FileLinks>> make_file_links(const Config& config) {
    auto s = read_attachment_settings(config, {});
    if (!s) return s.error();
    if (s->link_secret.empty() || s->public_url.empty()) return std::shared_ptr<const FileLinks>{};
    return std::shared_ptr<const FileLinks>(
        std::make_shared<files::SignedFileLinks>(s->link_secret, s->public_url, std::chrono::duration_cast<Seconds>(s->link_valid)));
}

}  // namespace frontline
