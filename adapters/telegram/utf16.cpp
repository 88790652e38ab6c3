#include "adapters/telegram/utf16.hpp"

namespace frontline::telegram {
namespace {

/// Bytes of the UTF-8 sequence starting with `lead` (1 for an invalid lead byte).
std::size_t sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

}  // namespace

std::size_t utf16_length(std::string_view utf8) {
    std::size_t units = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto len = sequence_length(static_cast<unsigned char>(utf8[i]));
        units += len == 4 ? 2 : 1;
        i += len;
    }
    return units;
}

std::optional<std::size_t> utf16_to_byte_offset(std::string_view utf8, std::size_t units) {
    std::size_t seen = 0;
    std::size_t i = 0;
    while (seen < units) {
        if (i >= utf8.size()) return std::nullopt;
        const auto len = sequence_length(static_cast<unsigned char>(utf8[i]));
        seen += len == 4 ? 2 : 1;
        i += len;
    }
    if (seen != units || i > utf8.size()) return std::nullopt;
    return i;
}

}  // namespace frontline::telegram
