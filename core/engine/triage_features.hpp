#pragma once
// What the triage model sees of a message: accent-folded, lower-cased words, word pairs, and the
// character n-grams (3 to 5) inside each word, so typos, inflections and mixed Italian/English
// still share most of their features with the examples.
#include <string>
#include <string_view>
#include <vector>

namespace frontline {

/// Lower case, Latin-1 accents folded ("è" -> "e", "perché" -> "perche"); other characters split words.
std::vector<std::string> folded_words(std::string_view text);

/// The distinct features of `text`, sorted: "w:" words, "b:" word pairs, "c:" character n-grams.
std::vector<std::string> triage_features(std::string_view text);

}  // namespace frontline
