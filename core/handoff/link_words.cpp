#include "core/handoff/link_words.hpp"

#include <cctype>

#include "core/text.hpp"

namespace frontline::handoff {
namespace {

/// 32 symbols, 5 bits each: no I, O, 0 or 1, which read alike on a phone's screen.
constexpr std::string_view kAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
constexpr std::size_t kCodeLength = 8;

/// The code in `word` normalised, when it is one (8 symbols of the alphabet, a dash after 4 allowed).
std::optional<std::string> normalise(std::string_view word, bool dash_required) {
    std::string out;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (word[i] == '-' && i == 4) continue;
        const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(word[i])));
        if (kAlphabet.find(c) == std::string_view::npos) return std::nullopt;
        out += c;
    }
    if (out.size() != kCodeLength) return std::nullopt;
    if (dash_required && (word.size() != kCodeLength + 1 || word[4] != '-')) return std::nullopt;
    return out;
}

}  // namespace

std::optional<LinkWords> parse_link_words(std::string_view text) {
    std::string t = trim(text);
    if (!t.empty() && (t.front() == '/' || t.front() == '!')) t.erase(0, 1);
    const auto space = t.find(' ');
    const std::string first = ascii_lower(t.substr(0, space));
    if (first == "link" || first == "collega") {
        if (space == std::string::npos) return LinkWords{};
        const std::string rest = trim(t.substr(space + 1));
        if (auto code = normalise(rest, false)) return LinkWords{*code};
        return std::nullopt;
    }
    if (auto code = normalise(t, true)) return LinkWords{*code};
    return std::nullopt;
}

std::optional<bool> parse_updates_place_words(std::string_view text) {
    std::string t = ascii_lower(trim(text));
    while (!t.empty() && (t.back() == '.' || t.back() == '!')) t.pop_back();
    // Whole phrases only: "updates here" inside a longer message is more likely about a problem.
    for (const char* here : {"updates here", "send updates here", "send me updates here", "write to me here",
                             "aggiornamenti qui", "mandami qui gli aggiornamenti", "scrivimi qui"})
        if (t == here) return true;
    for (const char* follow : {"updates where i write", "send updates where i write", "updates wherever i write",
                               "aggiornamenti dove scrivo", "scrivimi dove scrivo"})
        if (t == follow) return false;
    return std::nullopt;
}

std::string make_link_code(std::uint64_t random_bits) {
    std::string out;
    for (std::size_t i = 0; i < kCodeLength; ++i) {
        out += kAlphabet[random_bits & 31u];
        random_bits >>= 5;
    }
    return out;
}

std::string display_link_code(std::string_view code) {
    if (code.size() != kCodeLength) return std::string(code);
    return std::string(code.substr(0, 4)) + "-" + std::string(code.substr(4));
}

}  // namespace frontline::handoff
