// Telegram's HTML parse mode as the Bot API documents it (https://core.telegram.org/bots/api#html-style):
// only the listed tags, only the named entities &lt; &gt; &amp; &quot; and numeric ones; anything
// else is "Bad Request: can't parse entities". The fake is strict so unescaped text fails tests.
#include <charconv>
#include <set>
#include <vector>

#include "tests/fakes/telegram/fake_telegram_impl.hpp"

namespace frontline::fakes {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

std::size_t utf16_units(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) {
        if ((c & 0xC0) != 0x80) ++n;       // one per code point…
        if ((c & 0xF8) == 0xF0) ++n;       // …two for those above U+FFFF
    }
    return n;
}

Result<std::string> parse_telegram_html(std::string_view html) {
    static const std::set<std::string, std::less<>> kTags = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
                                                             "code", "pre", "a", "tg-spoiler", "span", "blockquote", "tg-emoji"};
    auto bad = [](const std::string& why) { return make_error(Errc::invalid_argument, "can't parse entities: " + why); };
    std::string text;
    std::vector<std::string> open;
    for (std::size_t i = 0; i < html.size(); ++i) {
        const char c = html[i];
        if (c == '<') {
            const auto end = html.find('>', i);
            if (end == std::string_view::npos) return bad("unclosed start tag at byte offset " + std::to_string(i));
            std::string_view tag = html.substr(i + 1, end - i - 1);
            const bool closing = !tag.empty() && tag.front() == '/';
            if (closing) tag.remove_prefix(1);
            const std::string name(tag.substr(0, tag.find(' ')));
            if (!kTags.count(name)) return bad("unsupported start tag \"" + name + "\" at byte offset " + std::to_string(i));
            if (closing) {
                if (open.empty() || open.back() != name) return bad("unmatched end tag at byte offset " + std::to_string(i));
                open.pop_back();
            } else {
                open.push_back(name);
            }
            i = end;
        } else if (c == '>') {
            return bad("character '>' is reserved and must be escaped at byte offset " + std::to_string(i));
        } else if (c == '&') {
            const auto semi = html.find(';', i);
            if (semi == std::string_view::npos || semi - i > 10) return bad("unclosed entity at byte offset " + std::to_string(i));
            const std::string_view name = html.substr(i + 1, semi - i - 1);
            if (name == "lt") text += '<';
            else if (name == "gt") text += '>';
            else if (name == "amp") text += '&';
            else if (name == "quot") text += '"';
            else if (name.size() > 1 && name.front() == '#') {
                std::uint32_t cp = 0;
                const auto digits = name.substr(1);
                auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp);
                if (ec != std::errc() || p != digits.data() + digits.size()) return bad("bad numeric entity");
                append_utf8(text, cp);
            } else {
                return bad("unsupported entity \"&" + std::string(name) + ";\"");
            }
            i = semi;
        } else {
            text += c;
        }
    }
    if (!open.empty()) return bad("unclosed tag \"" + open.back() + "\"");
    return text;
}

net::HttpResponse tg_ok(json result) {
    return net::make_response(200, json{{"ok", true}, {"result", std::move(result)}}.dump(-1, ' ', false, json::error_handler_t::replace),
                              "application/json");
}

net::HttpResponse tg_error(int code, const std::string& description, std::optional<int> retry_after) {
    json body = {{"ok", false}, {"error_code", code}, {"description", description}};
    if (retry_after) body["parameters"] = {{"retry_after", *retry_after}};
    auto r = net::make_response(code, body.dump(), "application/json");
    if (retry_after) r.headers.set("Retry-After", std::to_string(*retry_after));
    return r;
}

}  // namespace frontline::fakes
