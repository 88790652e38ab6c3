#include "core/store/fts_query.hpp"

#include <cctype>
#include <cmath>
#include <set>
#include <string>
#include <unordered_map>

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

/// bm25 reads every posting of every term: a report's key words are enough to find its kind, and
/// each further word costs a pass over all open tickets that contain it.
constexpr std::size_t kMaxTerms = 16;

/// Letters, digits and any non-ASCII byte (accented letters) make words; the rest splits them.
bool is_word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || u >= 0x80;
}

char lower(char c) {
    const auto u = static_cast<unsigned char>(c);
    return static_cast<char>(u < 0x80 ? std::tolower(u) : u);
}

/// Lower case with the accents of U+00C0..U+00FF folded, as unicode61 with remove_diacritics
/// folds them; letters without a decomposition (æ, ø, ß, þ, ð) are only lower-cased.
std::string fold_latin1(std::string_view text) {
    // Index: code point - 0xC0. 0 keeps the letter (lower-cased when upper).
    static constexpr char kBase[64] = {
        'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // C0..CF
        0,   'n', 'o', 'o', 'o', 'o', 'o', 0, 0,   'u', 'u', 'u', 'u', 'y', 0,   0,    // D0..DF
        'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // E0..EF
        0,   'n', 'o', 'o', 'o', 'o', 'o', 0, 0,   'u', 'u', 'u', 'u', 'y', 0,   'y',  // F0..FF
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0xC3 && i + 1 < text.size()) {
            const auto n = static_cast<unsigned char>(text[i + 1]);
            if (n >= 0x80 && n <= 0xBF) {
                const int index = n - 0x80;  // U+00C0 + index
                if (kBase[index]) {
                    out += kBase[index];
                } else {
                    out += static_cast<char>(c);
                    // Upper case (U+00C0..U+00DE except U+00D7, the sign) is 0x20 below its lower case.
                    out += static_cast<char>(index < 0x1F && index != 0x17 ? n + 0x20 : n);
                }
                ++i;
                continue;
            }
        }
        out += lower(text[i]);
    }
    return out;
}

}  // namespace

std::vector<std::string> search_words(std::string_view text) {
    const std::string folded = fold_latin1(text);
    std::set<std::string> seen;
    std::vector<std::string> out;
    std::string word;
    auto flush = [&] {
        if (utf8_length(word) >= 3 && seen.insert(word).second) out.push_back(word);
        word.clear();
    };
    for (char c : folded) {
        if (is_word_byte(c)) word += c;
        else flush();
    }
    flush();
    return out;
}

std::vector<std::string> fts_terms(std::string_view text) {
    std::set<std::string> seen;
    std::vector<std::string> out;
    std::string word;
    auto flush = [&] {
        if (utf8_length(word) >= 3 && !stop_words().count(word) && seen.insert(word).second) out.push_back(word);
        word.clear();
    };
    for (char c : text) {
        if (is_word_byte(c)) word += lower(c);
        else flush();
        if (out.size() >= kMaxTerms) return out;  // bounded query, whatever the user pasted
    }
    flush();
    return out;
}

std::string fts_match_expression(std::string_view text) {
    std::string out;
    for (const auto& term : fts_terms(text)) {
        if (!out.empty()) out += " OR ";
        out += '"' + term + '"';
    }
    return out;
}

std::vector<double> rank_bm25(const std::vector<std::string>& terms, const std::vector<std::vector<std::string>>& docs,
                              const std::vector<double>& weights) {
    constexpr double k1 = 1.2, b = 0.75;
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < terms.size(); ++i) index.emplace(terms[i], i);
    // Per document: its length in words, and each term's occurrences weighted by column.
    std::vector<double> length(docs.size(), 0.0);
    std::vector<std::vector<double>> freq(docs.size(), std::vector<double>(terms.size(), 0.0));
    std::vector<int> holding(terms.size(), 0);
    std::string word;
    for (std::size_t d = 0; d < docs.size(); ++d) {
        for (std::size_t c = 0; c < docs[d].size() && c < weights.size(); ++c) {
            auto flush = [&] {
                if (word.empty()) return;
                length[d] += 1;
                if (auto it = index.find(word); it != index.end()) freq[d][it->second] += weights[c];
                word.clear();
            };
            for (char ch : docs[d][c]) {
                if (is_word_byte(ch)) word += lower(ch);
                else flush();
            }
            flush();
        }
        for (std::size_t i = 0; i < terms.size(); ++i)
            if (freq[d][i] > 0) ++holding[i];
    }
    double total = 0;
    for (double l : length) total += l;
    const double n = static_cast<double>(docs.size());
    const double average = docs.empty() || total == 0 ? 1.0 : total / n;
    std::vector<double> scores(docs.size(), 0.0);
    for (std::size_t d = 0; d < docs.size(); ++d) {
        double score = 0;
        for (std::size_t i = 0; i < terms.size(); ++i) {
            if (freq[d][i] == 0) continue;
            const double idf = std::log(1.0 + (n - holding[i] + 0.5) / (holding[i] + 0.5));
            score += idf * freq[d][i] * (k1 + 1) / (freq[d][i] + k1 * (1 - b + b * length[d] / average));
        }
        scores[d] = -score;
    }
    return scores;
}

}  // namespace frontline
