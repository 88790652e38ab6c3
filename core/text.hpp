#pragma once
// Checks on text that comes from outside: valid UTF-8, sane length.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace frontline {

/// The most a user may send in one message; longer ones get a polite answer and change nothing.
inline constexpr std::size_t kMaxUserTextBytes = 8000;
/// The most the store accepts in one text field of a ticket.
inline constexpr std::size_t kMaxFieldBytes = 64 * 1024;

bool is_valid_utf8(std::string_view s);
/// Number of code points; assumes valid UTF-8.
std::size_t utf8_length(std::string_view s);
/// At most `max_bytes` bytes, cut on a code point boundary.
std::string utf8_truncate(std::string_view s, std::size_t max_bytes);
/// Trims ASCII white space at both ends.
std::string trim(std::string_view s);
/// ASCII lower case; other bytes untouched.
std::string ascii_lower(std::string_view s);

/// Values for the {placeholders} of a text, e.g. {{"id", "INC-000042"}}.
using TextVars = std::vector<std::pair<std::string, std::string>>;

/// Replaces each {name} in `text` with its value in one pass, left to right (a value containing
/// "{x}" is never expanded again); unknown placeholders stay as written.
std::string fill_placeholders(std::string_view text, const TextVars& vars);

/// invalid_argument when `s` is not valid UTF-8 or longer than max_bytes; `what` names the field.
Status validate_text(std::string_view s, std::size_t max_bytes, std::string_view what);

}  // namespace frontline
