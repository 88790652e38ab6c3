#include "adapters/telegram/telegram_html.hpp"

#include "adapters/telegram/utf16.hpp"

namespace frontline::telegram {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
bool opens_after(char c) { return is_space(c) || c == '(' || c == '[' || c == '"' || c == '\''; }
bool closes_before(char c) {
    return is_space(c) || c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
           c == ']' || c == '"' || c == '\'';
}

void escape_into(std::string& out, char c) {
    switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        default: out += c;
    }
}

/// Where the marker at `i` closes on the same line, or npos when it does not pair.
std::size_t closing(std::string_view s, std::size_t i) {
    const char m = s[i];
    if (i > 0 && !opens_after(s[i - 1])) return std::string_view::npos;
    if (i + 1 >= s.size() || is_space(s[i + 1])) return std::string_view::npos;
    for (std::size_t j = i + 1; j < s.size() && s[j] != '\n'; ++j) {
        if (s[j] != m || j == i + 1) continue;
        if (!is_space(s[j - 1]) && (j + 1 == s.size() || closes_before(s[j + 1]))) return j;
    }
    return std::string_view::npos;
}

const char* tag_of(char m) { return m == '*' ? "b" : m == '_' ? "i" : "code"; }

}  // namespace

std::string to_html(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '*' || c == '_' || c == '`') {
            if (const auto j = closing(s, i); j != std::string_view::npos) {
                const std::string tag = tag_of(c);
                out += "<" + tag + ">";
                // Code is verbatim; bold and italic may hold code or each other.
                out += c == '`' ? [&] {
                    std::string inner;
                    for (char k : s.substr(i + 1, j - i - 1)) escape_into(inner, k);
                    return inner;
                }() : to_html(s.substr(i + 1, j - i - 1));
                out += "</" + tag + ">";
                i = j;
                continue;
            }
        }
        escape_into(out, c);
    }
    return out;
}

std::vector<std::string> split_text(std::string_view text, std::size_t max_units) {
    std::vector<std::string> pieces;
    while (utf16_length(text) > max_units) {
        // The longest prefix within the limit, then back to the best boundary in its second half.
        // (A limit that falls inside a surrogate pair moves one unit back.)
        const std::size_t limit =
            utf16_to_byte_offset(text, max_units).value_or(utf16_to_byte_offset(text, max_units - 1).value_or(0));
        std::size_t cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not mid-sequence
        std::size_t best = std::string_view::npos;
        for (std::string_view boundary : {"\n\n", "\n", " "}) {
            const auto at = text.substr(0, cut).rfind(boundary);
            if (at != std::string_view::npos && at >= cut / 2) {
                best = at;
                break;
            }
        }
        if (best == std::string_view::npos || best == 0) best = cut;
        pieces.emplace_back(text.substr(0, best));
        text.remove_prefix(best);
        while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    }
    if (!text.empty() || pieces.empty()) pieces.emplace_back(text);
    return pieces;
}

}  // namespace frontline::telegram
