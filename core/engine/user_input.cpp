#include "core/engine/user_input.hpp"

#include <array>
#include <charconv>

#include "core/text.hpp"

namespace frontline {
namespace {

/// Lower case, trimmed, without a leading '/' or '!' and without trailing . ! ?
std::string normalise(std::string_view text) {
    std::string s = ascii_lower(trim(text));
    if (!s.empty() && (s.front() == '/' || s.front() == '!')) s.erase(0, 1);
    while (!s.empty() && (s.back() == '.' || s.back() == '!' || s.back() == '?' || s.back() == ' ')) s.pop_back();
    return s;
}

/// Decodes one code point at `i` (valid UTF-8 assumed) and advances `i`.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    return cp;
}

/// Letters and digits of the scripts people write in; emoji, symbols and punctuation are not.
bool is_word_code_point(char32_t cp) {
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp >= 0xC0 && cp <= 0x1FFF && cp != 0xD7 && cp != 0xF7) return true;  // Latin, Greek, Cyrillic, ...
    if (cp >= 0x3040 && cp <= 0x9FFF) return true;                              // kana, CJK
    if (cp >= 0xAC00 && cp <= 0xD7AF) return true;                              // Hangul
    return false;
}

struct Word {
    std::string_view text;
    GlobalWord word;
    std::string_view language;  ///< the language the word is written in: a first answer follows it
};

constexpr std::array<Word, 36> kWords{{
    {"thanks", GlobalWord::thanks, "en"},      {"thank you", GlobalWord::thanks, "en"},
    {"thanks a lot", GlobalWord::thanks, "en"}, {"many thanks", GlobalWord::thanks, "en"},
    {"thank you very much", GlobalWord::thanks, "en"}, {"cheers", GlobalWord::thanks, "en"},
    {"grazie", GlobalWord::thanks, "it"},      {"grazie mille", GlobalWord::thanks, "it"},
    {"ti ringrazio", GlobalWord::thanks, "it"}, {"molte grazie", GlobalWord::thanks, "it"},
    {"help", GlobalWord::help, "en"},          {"aiuto", GlobalWord::help, "it"},
    {"start", GlobalWord::start, ""},          {"status", GlobalWord::status, "en"},
    {"stato", GlobalWord::status, "it"},       {"my tickets", GlobalWord::status, "en"},
    {"i miei ticket", GlobalWord::status, "it"},
    {"cancel", GlobalWord::cancel, "en"},      {"annulla", GlobalWord::cancel, "it"},
    {"cancella", GlobalWord::cancel, "it"},    {"restart", GlobalWord::restart, "en"},
    {"start over", GlobalWord::restart, "en"}, {"ricomincia", GlobalWord::restart, "it"},
    {"agent", GlobalWord::agent, "en"},        {"human", GlobalWord::agent, "en"},
    {"operator", GlobalWord::agent, "en"},     {"talk to a human", GlobalWord::agent, "en"},
    {"person", GlobalWord::agent, "en"},       {"operatore", GlobalWord::agent, "it"},
    {"umano", GlobalWord::agent, "it"},        {"agente", GlobalWord::agent, "it"},
    {"persona", GlobalWord::agent, "it"},      {"parla con un operatore", GlobalWord::agent, "it"},
    {"language", GlobalWord::language, "en"},  {"lingua", GlobalWord::language, "it"},
    {"idioma", GlobalWord::language, ""},
}};

/// A second problem while the first is still open, in both languages.
// Not "something else": that is the label of the button that opens the whole list of categories.
constexpr std::array<std::string_view, 17> kNewProblem{{
    "new problem", "a new problem", "new ticket", "open a new ticket", "another problem", "another issue",
    "another thing", "one more thing", "un altro problema", "altro problema", "nuovo problema",
    "un nuovo problema", "nuovo ticket", "apri un nuovo ticket", "un altro ticket", "un'altra cosa", "un altra cosa",
}};

/// "another thing: I need Visio" -> the description after the phrase; nullopt when `s` (normalised)
/// does not start with a new-problem phrase followed by ':' ',' or '-'.
std::optional<std::string> new_problem_with_text(std::string_view original, const std::string& s) {
    for (const auto phrase : kNewProblem) {
        if (s.size() <= phrase.size() || s.compare(0, phrase.size(), phrase) != 0) continue;
        const char sep = s[phrase.size()];
        if (sep != ':' && sep != ',' && sep != '-' && sep != ';') continue;
        // The description as typed (case kept), after the phrase and its separator.
        std::string typed = trim(original);
        if (!typed.empty() && (typed.front() == '/' || typed.front() == '!')) typed.erase(0, 1);
        return trim(std::string_view(typed).substr(std::min(typed.size(), phrase.size() + 1)));
    }
    return std::nullopt;
}

}  // namespace

InputProblem check_input(std::string_view text) {
    if (!is_valid_utf8(text)) return InputProblem::invalid_utf8;
    if (text.size() > kMaxUserTextBytes) return InputProblem::too_long;
    if (trim(text).empty()) return InputProblem::empty;
    for (std::size_t i = 0; i < text.size();)
        if (is_word_code_point(next_code_point(text, i))) return InputProblem::none;
    return InputProblem::no_words;
}

GlobalCommand parse_global_word(std::string_view text) {
    if (text.size() <= kMaxUserTextBytes) {
        const std::string lowered = ascii_lower(trim(text));
        if (auto described = new_problem_with_text(text, lowered.starts_with('/') || lowered.starts_with('!') ? lowered.substr(1) : lowered))
            return {GlobalWord::new_problem, *described, {}};
    }
    if (text.size() > 64) return {};
    const std::string s = normalise(text);
    for (const auto& w : kWords)
        if (s == w.text) return {w.word, {}, std::string(w.language)};
    for (const auto phrase : kNewProblem)
        if (s == phrase) return {GlobalWord::new_problem, {}, {}};
    // "language it", "lingua inglese"
    for (std::string_view prefix : {"language ", "lingua "}) {
        if (s.rfind(prefix, 0) == 0) return {GlobalWord::language, trim(s.substr(prefix.size())), {}};
    }
    // The name of a language on its own switches to it.
    if (auto lang = parse_language_name(s); lang && s.size() > 2) return {GlobalWord::language, *lang, {}};
    return {};
}

bool looks_like_command(std::string_view text) {
    const std::string s = trim(text);
    return s.size() > 1 && (s.front() == '/' || s.front() == '!') && s.find(' ') != 1;
}

std::optional<bool> parse_yes_no(std::string_view text) {
    const std::string s = normalise(text);
    for (std::string_view y : {"yes", "y", "yeah", "yep", "ok", "sì", "si", "certo", "sure", "yes please", "sì grazie"})
        if (s == y) return true;
    for (std::string_view n : {"no", "n", "nope", "no thanks", "no grazie"})
        if (s == n) return false;
    return std::nullopt;
}

std::optional<std::string> parse_language_name(std::string_view text) {
    const std::string s = normalise(text);
    for (std::string_view w : {"en", "english", "inglese"})
        if (s == w) return std::string("en");
    for (std::string_view w : {"it", "italiano", "italian"})
        if (s == w) return std::string("it");
    return std::nullopt;
}

std::optional<std::size_t> match_choice(std::string_view text, const std::vector<Choice>& choices,
                                        const std::vector<std::string>& values) {
    const std::string s = normalise(text);
    std::size_t n = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && ptr == s.data() + s.size()) {
        if (n >= 1 && n <= choices.size()) return n - 1;
        return std::nullopt;
    }
    for (std::size_t i = 0; i < choices.size(); ++i)
        if (normalise(choices[i].label) == s || (i < values.size() && ascii_lower(values[i]) == s)) return i;
    if (auto yn = parse_yes_no(s)) {
        for (std::size_t i = 0; i < values.size(); ++i)
            if (values[i] == (*yn ? "yes" : "no")) return i;
    }
    return std::nullopt;
}

}  // namespace frontline
