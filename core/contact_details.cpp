#include "core/contact_details.hpp"

#include <cctype>

#include "core/text.hpp"

namespace frontline {
namespace {

bool is_ascii_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool plausible_email(std::string_view text) {
    if (text.size() > 254) return false;
    const auto at = text.find('@');
    if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) return false;
    const std::string_view local = text.substr(0, at);
    const std::string_view domain = text.substr(at + 1);
    if (local.size() > 64) return false;
    for (char c : text)
        if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == ';' || c == '<' || c == '>' || c == '"') return false;
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
    const auto dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || domain.find("..") != std::string_view::npos) return false;
    if (domain.front() == '-' || domain.front() == '.') return false;
    const std::string_view tld = domain.substr(dot + 1);
    if (tld.size() < 2) return false;
    for (char c : tld)
        if (!is_ascii_alpha(c)) return false;
    for (char c : domain.substr(0, dot))
        if (!(is_ascii_alpha(c) || is_digit(c) || c == '-' || c == '.' || static_cast<unsigned char>(c) >= 0x80)) return false;
    return true;
}

std::optional<std::string> tidy_phone(std::string_view text) {
    const std::string t = trim(text);
    std::string out;
    int digits = 0;
    bool pending_gap = false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '+') {
            if (!out.empty()) return std::nullopt;  // only as the very first character
            out += '+';
        } else if (is_digit(c)) {
            if (pending_gap && !out.empty() && out != "+") out += ' ';
            pending_gap = false;
            out += c;
            ++digits;
        } else if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')') {
            pending_gap = true;
        } else {
            return std::nullopt;
        }
    }
    if (digits < 6 || digits > 15) return std::nullopt;
    return out;
}

bool is_skip_word(std::string_view text) {
    std::string w = ascii_lower(trim(text));
    while (!w.empty() && (w.back() == '.' || w.back() == '!')) w.pop_back();
    for (const char* s : {"skip", "salta", "no thanks", "no, thanks", "no grazie", "no, grazie", "preferisco di no", "rather not",
                          "i'd rather not", "skip it", "/skip"})
        if (w == s) return true;
    return false;
}

ContactAnswer read_contact_answer(std::string_view text) {
    const std::string t = trim(text);
    if (is_skip_word(t)) return {ContactAnswer::Kind::skip, {}};
    if (t.find('@') != std::string::npos) {
        if (plausible_email(t)) return {ContactAnswer::Kind::email, t};
        return {};
    }
    if (auto phone = tidy_phone(t)) return {ContactAnswer::Kind::phone, *phone};
    return {};
}

std::optional<std::string> read_person_name(std::string_view text) {
    std::string t = trim(text);
    if (t.empty() || t.size() > 100 || !is_valid_utf8(t) || t.find('@') != std::string::npos) return std::nullopt;
    bool letter = false;
    for (char c : t) {
        if (is_ascii_alpha(c) || static_cast<unsigned char>(c) >= 0x80) letter = true;
        if (is_digit(c) || c == '\n') return std::nullopt;
    }
    if (!letter) return std::nullopt;
    return t;
}

}  // namespace frontline
