#include "adapters/slack/mrkdwn.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace frontline::slack {
namespace {

bool is_id_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

bool is_slack_token(std::string_view s, std::size_t& length) {
    if (s.empty() || s[0] != '<') return false;
    const auto close = s.find('>');
    if (close == std::string_view::npos) return false;
    const auto inner = s.substr(1, close - 1);
    if (inner.empty() || inner.find('<') != std::string_view::npos || inner.find('\n') != std::string_view::npos)
        return false;
    const auto target = inner.substr(0, inner.find('|'));
    bool ok = false;
    if ((starts_with(target, "@U") || starts_with(target, "@W") || starts_with(target, "#C")) && target.size() > 2)
        ok = std::all_of(target.begin() + 1, target.end(), is_id_char);
    else if (starts_with(target, "!"))
        ok = target == "!here" || target == "!channel" || target == "!everyone" || starts_with(target, "!subteam^") ||
             starts_with(target, "!date^");
    else if (starts_with(target, "https://") || starts_with(target, "http://") || starts_with(target, "mailto:"))
        ok = target.find(' ') == std::string_view::npos;
    if (ok) length = close + 1;
    return ok;
}

namespace {

/// Tokens that reach further than the words around them: channel-wide pings (@here, @channel,
/// @everyone, user groups) and links whose label hides where they lead. Neutral text carries words
/// people typed (a requester's relayed line): those must read as text. Pings go in `mentions`.
bool reaches_too_far(std::string_view token) {
    if (token.starts_with("<!")) return !token.starts_with("<!date^");
    return token.find('|') != std::string_view::npos && !token.starts_with("<@") && !token.starts_with("<#");
}

}  // namespace

std::string to_mrkdwn(std::string_view neutral) {
    std::string out;
    out.reserve(neutral.size() + neutral.size() / 8);
    for (std::size_t i = 0; i < neutral.size();) {
        const char c = neutral[i];
        std::size_t token = 0;
        if (c == '<' && is_slack_token(neutral.substr(i), token) && !reaches_too_far(neutral.substr(i, token))) {
            out.append(neutral.substr(i, token));
            i += token;
            continue;
        }
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else out += c;
        ++i;
    }
    return out;
}

namespace {

/// Start positions of tokens and entities, so a cut never lands inside one.
bool inside_unbreakable(std::string_view text, std::size_t cut) {
    // Look back for an opening '<' or '&' that is not closed before the cut.
    const auto lt = text.rfind('<', cut == 0 ? 0 : cut - 1);
    if (lt != std::string_view::npos && lt < cut) {
        const auto gt = text.find('>', lt);
        if (gt != std::string_view::npos && gt >= cut) return true;
    }
    const auto amp = text.rfind('&', cut == 0 ? 0 : cut - 1);
    if (amp != std::string_view::npos && amp < cut && cut - amp < 6) {
        const auto semi = text.find(';', amp);
        if (semi != std::string_view::npos && semi >= cut && semi - amp < 6) return true;
    }
    return false;
}

std::size_t choose_cut(std::string_view text, std::size_t max_bytes) {
    const std::size_t floor = max_bytes / 2;  // do not leave tiny pieces for a nicer boundary
    for (std::string_view sep : {std::string_view("\n\n"), std::string_view("\n"), std::string_view(" ")}) {
        auto pos = text.rfind(sep, max_bytes - sep.size());
        while (pos != std::string_view::npos && pos >= floor) {
            if (!inside_unbreakable(text, pos)) return pos + sep.size();
            if (pos == 0) break;
            pos = text.rfind(sep, pos - 1);
        }
    }
    std::size_t cut = max_bytes;
    while (cut > 0 && (is_continuation(text[cut]) || inside_unbreakable(text, cut))) --cut;
    if (cut > 0) return cut;
    // One token longer than the limit: cutting it is the lesser evil, but never inside a code point.
    cut = max_bytes;
    while (cut > 1 && is_continuation(text[cut])) --cut;
    return cut;
}

}  // namespace

std::vector<std::string> split_mrkdwn(std::string_view text, std::size_t max_bytes) {
    std::vector<std::string> parts;
    while (text.size() > max_bytes) {
        const auto cut = choose_cut(text, max_bytes);
        auto piece = trim(text.substr(0, cut));
        if (!piece.empty()) parts.push_back(std::move(piece));
        text.remove_prefix(cut);
        while (!text.empty() && (text.front() == '\n' || text.front() == ' ')) text.remove_prefix(1);
    }
    if (!text.empty() || parts.empty()) parts.emplace_back(text);
    return parts;
}

std::string clamp_plain_text(std::string_view text, std::size_t max_chars) {
    if (utf8_length(text) <= max_chars) return std::string(text);
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!is_continuation(text[i])) {
            if (chars == max_chars - 1) break;
            ++chars;
        }
        out += text[i];
    }
    return out + "\u2026";
}

}  // namespace frontline::slack

namespace frontline::slack {

std::string from_mrkdwn(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::size_t token = 0;
        if (text[i] == '<' && is_slack_token(text.substr(i), token)) {
            const auto inner = text.substr(i + 1, token - 2);
            const auto target = inner.substr(0, inner.find('|'));
            if (starts_with(target, "mailto:")) out.append(target.substr(7));
            else if (starts_with(target, "http")) out.append(target);
            else out.append(text.substr(i, token));
            i += token;
            continue;
        }
        if (text.substr(i, 5) == "&amp;") { out += '&'; i += 5; }
        else if (text.substr(i, 4) == "&lt;") { out += '<'; i += 4; }
        else if (text.substr(i, 4) == "&gt;") { out += '>'; i += 4; }
        else out += text[i++];
    }
    return out;
}

}  // namespace frontline::slack
