#include "core/engine/triage_features.hpp"

#include <algorithm>

namespace frontline {

std::vector<std::string> folded_words(std::string_view text) {
    static constexpr char kBase[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
                                    "aaaaaaaceeeeiiiidnooooo ouuuuyty";
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) out.push_back(std::move(cur));
        cur.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) {
            cur += static_cast<char>(c);
        } else if (c >= 'A' && c <= 'Z') {
            cur += static_cast<char>(c - 'A' + 'a');
        } else if ((c == 0xC3) && i + 1 < text.size()) {
            // U+00C0..U+00FF: C3 80..C3 BF.
            const auto next = static_cast<unsigned char>(text[i + 1]);
            const char base = (next >= 0x80 && next <= 0xBF) ? kBase[next - 0x80] : ' ';
            ++i;
            if (base == ' ') flush();
            else cur += base;
        } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(text[i + 2]) == 0x98 || static_cast<unsigned char>(text[i + 2]) == 0x99)) {
            // U+2018/U+2019, the quotes phones type as apostrophes: "l’email" is two words.
            flush();
            i += 2;
        } else if (c >= 0x80) {
            // Other letters (Greek, Cyrillic, emoji...) are kept whole as part of the word, byte by
            // byte; a multi-byte sequence never splits because its continuation bytes are >= 0x80.
            cur += static_cast<char>(c);
        } else {
            flush();  // punctuation, spaces, apostrophes: "l'email" -> "l", "email"
        }
    }
    flush();
    return out;
}

std::vector<std::string> triage_features(std::string_view text) {
    const auto words = folded_words(text);
    std::vector<std::string> f;
    f.reserve(words.size() * 12);
    for (std::size_t i = 0; i < words.size(); ++i) {
        f.push_back("w:" + words[i]);
        if (i + 1 < words.size()) f.push_back("b:" + words[i] + "_" + words[i + 1]);
        const std::string padded = "^" + words[i] + "$";
        for (std::size_t n = 3; n <= 5; ++n)
            for (std::size_t at = 0; at + n <= padded.size(); ++at) f.push_back("c:" + padded.substr(at, n));
    }
    std::sort(f.begin(), f.end());
    f.erase(std::unique(f.begin(), f.end()), f.end());
    return f;
}

}  // namespace frontline
