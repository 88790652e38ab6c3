#pragma once
// The media type of a file told from its first bytes (magic numbers), never from what the sender's
// platform declared: a renamed executable must not pass as a screenshot.
#include <string>
#include <string_view>
#include <vector>

namespace frontline::files {

/// "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain" (valid
/// UTF-8 without NUL or other control bytes than tab, CR, LF, FF, ESC), else "application/octet-stream".
std::string sniff_media_type(std::string_view bytes);

/// True when `media_type` matches one of `allowed`: an exact type ("application/pdf") or a family
/// ("image/*").
bool type_allowed(const std::string& media_type, const std::vector<std::string>& allowed);

/// True for the image types the agents' view and the web chat show inline as thumbnails.
bool is_inline_image(std::string_view media_type);

}  // namespace frontline::files
