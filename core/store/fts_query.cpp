#include "core/store/fts_query.hpp"

#include <cctype>
#include <set>
#include <string>

#include "core/text.hpp"

namespace frontline {
namespace {

// Words too common to say anything about a problem, in the languages we ship.
const std::set<std::string>& stop_words() {
    static const std::set<std::string> words = {
        "the", "and", "for", "not", "but", "with", "this", "that", "from", "have", "has", "can", "cannot",
        "can't", "does", "doesn't", "don't", "are", "was", "you", "your", "since", "when", "what", "all",
        "una", "uno", "per", "non", "con", "che", "del", "della", "dalla", "alla", "sono", "posso",
        "riesco", "mio", "mia", "come", "anche", "dopo", "ogni", "stamattina", "the", "gli", "le", "nel",
        // When it started says nothing about what broke, and nearly every report says it: matching
        // on it ranks every open ticket of the category.
        "morning", "today", "yesterday", "afternoon", "evening", "week", "minutes", "hours",
        "mattina", "oggi", "ieri", "pomeriggio", "sera", "settimana", "minuti", "ore",
    };
    return words;
}

}  // namespace

std::string fts_match_expression(std::string_view text) {
    std::set<std::string> seen;
    std::string out;
    std::string word;
    auto flush = [&] {
        if (utf8_length(word) >= 3 && !stop_words().count(word) && seen.insert(word).second) {
            if (!out.empty()) out += " OR ";
            out += '"' + word + '"';
        }
        word.clear();
    };
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        // Letters, digits and any non-ASCII byte (accented letters) make words; the rest splits them.
        if (std::isalnum(u) || u >= 0x80) word += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
        else flush();
        if (seen.size() >= 32) break;  // bounded query, whatever the user pasted
    }
    flush();
    return out;
}

}  // namespace frontline
