#include "core/handoff/reopen_words.hpp"

#include <array>
#include <cctype>
#include <string>

#include "core/text.hpp"

namespace frontline::handoff {
namespace {

/// What people write when a fix did not hold, lower case, without accents on è/é (both spellings
/// are folded to "e" before comparing) and without the final punctuation.
constexpr std::array<std::string_view, 34> kPhrases{{
    "reopen", "reopen it", "reopen the ticket", "please reopen", "please reopen it",
    "it broke again", "it's broken again", "its broken again", "it is broken again", "broken again",
    "it stopped working again", "stopped working again", "it's not working again", "not working again",
    "it doesn't work again", "same problem again", "the problem is back", "it's back",
    "riapri", "riaprilo", "riapri il ticket", "riaprire", "per favore riapri",
    "e di nuovo rotto", "di nuovo rotto", "si e rotto di nuovo", "si e di nuovo rotto", "rotto di nuovo",
    "non funziona di nuovo", "di nuovo non funziona", "ha smesso di nuovo di funzionare",
    "stesso problema di nuovo", "il problema e tornato", "e tornato il problema",
}};

/// Lower case, accents of è/é/È/É folded to e, spaces collapsed, trailing . ! ? and spaces dropped.
std::string normalise(std::string_view text) {
    std::string in = ascii_lower(trim(text));
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const auto c = static_cast<unsigned char>(in[i]);
        if (c == 0xC3 && i + 1 < in.size()) {
            const auto n = static_cast<unsigned char>(in[i + 1]);
            if (n == 0xA8 || n == 0xA9 || n == 0x88 || n == 0x89) {  // è é È É
                out += 'e';
                ++i;
                continue;
            }
        }
        if (c == ' ' && !out.empty() && out.back() == ' ') continue;
        out += static_cast<char>(c);
    }
    while (!out.empty() && (out.back() == '.' || out.back() == '!' || out.back() == '?' || out.back() == ' ')) out.pop_back();
    // "è di nuovo rotto!!" and "E' di nuovo rotto" say the same.
    if (out.rfind("e' ", 0) == 0) out.erase(1, 1);
    return out;
}

}  // namespace

std::optional<ReopenRequest> parse_reopen_words(std::string_view text) {
    if (text.size() > 80) return std::nullopt;
    std::string s = normalise(text);
    ReopenRequest r;
    // "reopen INC-000042" / "riapri INC-000042": the id last.
    if (const auto space = s.rfind(' '); space != std::string::npos) {
        std::string last = s.substr(space + 1);
        for (auto& ch : last) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (auto id = TicketId::parse(last)) {
            r.ticket = *id;
            s.erase(space);
            while (!s.empty() && s.back() == ' ') s.pop_back();
        }
    }
    for (const auto phrase : kPhrases)
        if (s == phrase) return r;
    return std::nullopt;
}

}  // namespace frontline::handoff
