#include "bot/files/media_sniff.hpp"

#include <algorithm>

namespace frontline::files {
namespace {

bool starts_with(std::string_view bytes, std::string_view magic) { return bytes.substr(0, magic.size()) == magic; }

/// Text as people attach it (logs, configs): UTF-8 with no binary control bytes. The first 64 KiB
/// decide; a multi-byte character cut at that edge is allowed.
bool looks_like_text(std::string_view bytes) {
    const std::string_view head = bytes.substr(0, 64 * 1024);
    std::size_t i = 0;
    while (i < head.size()) {
        const auto c = static_cast<unsigned char>(head[i]);
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) return false;
            if (c == 0x7f) return false;
            ++i;
            continue;
        }
        int follow = 0;
        if ((c & 0xe0) == 0xc0 && c >= 0xc2) follow = 1;
        else if ((c & 0xf0) == 0xe0) follow = 2;
        else if ((c & 0xf8) == 0xf0 && c <= 0xf4) follow = 3;
        else return false;
        for (int k = 1; k <= follow; ++k) {
            if (i + k >= head.size()) return head.size() < bytes.size();  // cut at the 64 KiB edge
            if ((static_cast<unsigned char>(head[i + k]) & 0xc0) != 0x80) return false;
        }
        i += static_cast<std::size_t>(follow) + 1;
    }
    return true;
}

}  // namespace

std::string sniff_media_type(std::string_view bytes) {
    using namespace std::string_view_literals;
    if (starts_with(bytes, "\x89PNG\r\n\x1a\n"sv)) return "image/png";
    if (starts_with(bytes, "\xff\xd8\xff"sv)) return "image/jpeg";
    if (starts_with(bytes, "GIF87a"sv) || starts_with(bytes, "GIF89a"sv)) return "image/gif";
    if (bytes.size() >= 12 && starts_with(bytes, "RIFF"sv) && bytes.substr(8, 4) == "WEBP"sv) return "image/webp";
    if (starts_with(bytes, "%PDF-"sv)) return "application/pdf";
    if (!bytes.empty() && looks_like_text(bytes)) return "text/plain";
    return "application/octet-stream";
}

bool type_allowed(const std::string& media_type, const std::vector<std::string>& allowed) {
    return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) {
        if (a.size() > 2 && a.ends_with("/*")) return media_type.starts_with(a.substr(0, a.size() - 1));
        return a == media_type;
    });
}

bool is_inline_image(std::string_view media_type) {
    return media_type == "image/png" || media_type == "image/jpeg" || media_type == "image/gif" ||
           media_type == "image/webp";
}

}  // namespace frontline::files
