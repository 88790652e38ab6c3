#include "adapters/matrix/json_repair.hpp"

#include <cctype>
#include <cstdlib>

namespace frontline::matrix {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

/// The code unit of "\uXXXX" at `at` (pointing at the backslash), or -1.
long escape_at(std::string_view s, std::size_t at) {
    if (at + 6 > s.size() || s[at] != '\\' || s[at + 1] != 'u') return -1;
    for (std::size_t i = at + 2; i < at + 6; ++i)
        if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return -1;
    return std::strtol(std::string(s.substr(at + 2, 4)).c_str(), nullptr, 16);
}

/// Length of the valid UTF-8 sequence at `at`, 0 when it is not one.
std::size_t utf8_sequence(std::string_view s, std::size_t at) {
    const auto c = static_cast<unsigned char>(s[at]);
    std::size_t n = 0;
    unsigned long cp = 0;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) n = 4, cp = c & 0x07;
    else return 0;
    if (at + n > s.size()) return 0;
    for (std::size_t i = 1; i < n; ++i) {
        const auto d = static_cast<unsigned char>(s[at + i]);
        if ((d & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

}  // namespace

std::string repair_json_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            const long unit = escape_at(s, i);
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                const long low = escape_at(s, i + 6);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    out.append(s.substr(i, 12));
                    i += 12;
                } else {
                    out += "\\uFFFD";
                    i += 6;
                }
                continue;
            }
            if (unit >= 0xDC00 && unit <= 0xDFFF) {
                out += "\\uFFFD";
                i += 6;
                continue;
            }
            // Any other escape (\\, \", \n, \u0041) passes whole, so "\\ud800" stays text.
            out.append(s.substr(i, unit >= 0 ? 6 : 2));
            i += unit >= 0 ? 6 : 2;
            continue;
        }
        const auto n = utf8_sequence(s, i);
        if (n == 0) {
            out += kReplacement;
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

}  // namespace frontline::matrix
