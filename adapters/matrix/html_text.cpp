#include "adapters/matrix/html_text.hpp"

#include <cctype>
#include <cstdlib>

#include "core/text.hpp"

namespace frontline::matrix {
namespace {

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

/// A closing `mark` for an opening one at `open`: on the same line, not right after a space,
/// followed by a non-word character, with something in between.
std::size_t closing(std::string_view s, std::size_t open, char mark) {
    for (std::size_t i = open + 1; i < s.size(); ++i) {
        if (s[i] == '\n') return std::string_view::npos;
        if (s[i] != mark) continue;
        if (i == open + 1 || s[i - 1] == ' ') return std::string_view::npos;
        if (i + 1 < s.size() && is_word(s[i + 1])) continue;
        return i;
    }
    return std::string_view::npos;
}

std::size_t url_length(std::string_view s) {
    if (!s.starts_with("https://") && !s.starts_with("http://")) return 0;
    std::size_t n = 0;
    while (n < s.size() && !std::isspace(static_cast<unsigned char>(s[n])) && s[n] != '<' && s[n] != '>' && s[n] != '"') ++n;
    // Sentence punctuation after a link is not part of it.
    while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == ')' || s[n - 1] == ';' || s[n - 1] == ':' ||
                     s[n - 1] == '!' || s[n - 1] == '?'))
        --n;
    return n;
}

void decode_entity(std::string_view html, std::size_t& i, std::string& out) {
    const auto semi = html.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
        out += '&';
        ++i;
        return;
    }
    const auto name = html.substr(i + 1, semi - i - 1);
    std::string decoded;
    if (name == "amp") decoded = "&";
    else if (name == "lt") decoded = "<";
    else if (name == "gt") decoded = ">";
    else if (name == "quot") decoded = "\"";
    else if (name == "apos" || name == "#39") decoded = "'";
    else if (name == "nbsp") decoded = " ";
    else if (name.size() > 1 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        const std::string digits(name.substr(hex ? 2 : 1));
        char* end = nullptr;
        const unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
        if (!digits.empty() && end && *end == '\0' && cp > 0 && cp < 0x110000 && (cp < 0xD800 || cp > 0xDFFF)) {
            if (cp < 0x80) decoded += static_cast<char>(cp);
            else if (cp < 0x800) {
                decoded += static_cast<char>(0xC0 | (cp >> 6));
                decoded += static_cast<char>(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                decoded += static_cast<char>(0xE0 | (cp >> 12));
                decoded += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                decoded += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
                decoded += static_cast<char>(0xF0 | (cp >> 18));
                decoded += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
                decoded += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                decoded += static_cast<char>(0x80 | (cp & 0x3F));
            }
        }
    }
    if (decoded.empty()) {
        out += '&';
        ++i;
        return;
    }
    out += decoded;
    i = semi + 1;
}

std::string lower(std::string_view s) { return ascii_lower(s); }

/// The value of attribute `name` in a tag's text, entities not decoded (hrefs rarely carry them).
std::string attribute(std::string_view tag, std::string_view name) {
    const auto l = lower(tag);
    const auto at = l.find(std::string(name) + "=");
    if (at == std::string::npos) return {};
    auto i = at + name.size() + 1;
    if (i >= tag.size()) return {};
    const char quote = tag[i];
    if (quote == '"' || quote == '\'') {
        const auto end = tag.find(quote, i + 1);
        return end == std::string_view::npos ? std::string{} : std::string(tag.substr(i + 1, end - i - 1));
    }
    const auto end = tag.find_first_of(" >", i);
    return std::string(tag.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::strtoul(std::string(s.substr(i + 1, 2)).c_str(), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string matrix_to_link(std::string_view user_id) {
    std::string out = "https://matrix.to/#/";
    for (char c : user_id) {
        // matrix.to takes ids as they are except characters a URL fragment cannot hold.
        if (c == '"' || c == '<' || c == '>' || c == ' ' || c == '#' || c == '?' || c == '%') {
            static constexpr char kHex[] = "0123456789ABCDEF";
            out += '%';
            out += kHex[static_cast<unsigned char>(c) >> 4];
            out += kHex[static_cast<unsigned char>(c) & 15];
        } else {
            out += c;
        }
    }
    return out;
}

std::string to_html(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 4);
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        const bool at_word_start = i == 0 || !is_word(s[i - 1]);
        if (c == '`') {
            if (const auto end = s.find('`', i + 1); end != std::string_view::npos && end > i + 1 &&
                                                      s.substr(i, end - i).find('\n') == std::string_view::npos) {
                out += "<code>" + escape_html(s.substr(i + 1, end - i - 1)) + "</code>";
                i = end + 1;
                continue;
            }
        }
        if ((c == '*' || c == '_') && at_word_start) {
            if (const auto end = closing(s, i, c); end != std::string_view::npos) {
                const char* tag = c == '*' ? "strong" : "em";
                out += std::string("<") + tag + ">" + to_html(s.substr(i + 1, end - i - 1)) + "</" + tag + ">";
                i = end + 1;
                continue;
            }
        }
        if (const auto n = url_length(s.substr(i)); n > 0) {
            const auto url = escape_html(s.substr(i, n));
            out += "<a href=\"" + url + "\">" + url + "</a>";
            i += n;
            continue;
        }
        if (c == '\n') out += "<br/>";
        else out += escape_html(std::string_view(&c, 1));
        ++i;
    }
    return out;
}

std::string strip_reply_fallback(std::string_view body) {
    std::size_t i = 0;
    bool quoted = false;
    while (i < body.size() && body.substr(i).starts_with(">")) {
        quoted = true;
        const auto nl = body.find('\n', i);
        if (nl == std::string_view::npos) return {};
        i = nl + 1;
    }
    if (!quoted) return std::string(body);
    if (i < body.size() && body[i] == '\n') ++i;
    return std::string(body.substr(i));
}

std::string html_to_text(std::string_view html, std::vector<std::string>* pills) {
    std::string out;
    bool in_pill = false;
    for (std::size_t i = 0; i < html.size();) {
        const char c = html[i];
        if (c == '&') {
            if (!in_pill) decode_entity(html, i, out);
            else ++i;
            continue;
        }
        if (c != '<') {
            if (!in_pill) out += c;
            ++i;
            continue;
        }
        const auto close = html.find('>', i);
        if (close == std::string_view::npos) break;  // a broken tag: the rest is not text
        const auto tag = html.substr(i + 1, close - i - 1);
        const auto name = lower(tag.substr(0, tag.find_first_of(" /\t\n", tag.starts_with("/") ? 1 : 0)));
        i = close + 1;
        if (name == "mx-reply") {
            // The quoted original of a reply: everything up to its end tag goes.
            const auto end = lower(html.substr(i)).find("</mx-reply>");
            i = end == std::string::npos ? html.size() : i + end + 11;
            continue;
        }
        if (name == "br" || name == "/p" || name == "/li" || name == "/div" || name == "/blockquote" ||
            name == "/h1" || name == "/h2" || name == "/h3" || name == "/pre") {
            out += '\n';
        } else if (name == "a") {
            const auto link = percent_decode(attribute(tag, "href"));
            const std::string prefix = "https://matrix.to/#/";
            if (link.starts_with(prefix) && link.size() > prefix.size() + 1 && link[prefix.size()] == '@') {
                auto id = link.substr(prefix.size());
                id = id.substr(0, id.find_first_of("?/"));
                out += id;
                if (pills) pills->push_back(id);
                in_pill = true;
            }
        } else if (name == "/a") {
            in_pill = false;
        }
    }
    // Paragraph ends leave a trailing newline; the text is what was written.
    return trim(out);
}

}  // namespace frontline::matrix
