#pragma once
// Telegram counts entity offsets and text lengths in UTF-16 code units
// (https://core.telegram.org/api/entities#entity-length): an emoji before a /command shifts it by
// two, not by four bytes. These helpers map between those units and UTF-8 byte positions.
#include <cstddef>
#include <optional>
#include <string_view>

namespace frontline::telegram {

/// UTF-16 code units needed for `utf8` (code points above U+FFFF count two). Invalid bytes count one.
std::size_t utf16_length(std::string_view utf8);

/// The byte position in `utf8` where UTF-16 unit `units` starts; nullopt when it lies past the end
/// or inside a surrogate pair (a malformed entity).
std::optional<std::size_t> utf16_to_byte_offset(std::string_view utf8, std::size_t units);

}  // namespace frontline::telegram
