#pragma once
// Reading what a user typed: bad input, the global words that work at any point, yes/no words and
// picking a choice by number or by name. Both shipped languages are understood regardless of locale.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/message.hpp"

namespace frontline {

enum class InputProblem { none, invalid_utf8, empty, too_long, no_words };

/// What is wrong with a message before it can be read as an answer, if anything.
InputProblem check_input(std::string_view text);

enum class GlobalWord { none, help, status, cancel, restart, agent, language, start, new_problem, thanks };

/// The payload of the "Report another problem" button under the hand-off message.
inline constexpr std::string_view kNewProblemPayload = "new";

struct GlobalCommand {
    GlobalWord word = GlobalWord::none;
    std::string argument;  ///< "it" in "language it"; the description in "another thing: …"
    std::string written_in;  ///< "it" for "aiuto", "en" for "help"; empty when the word is both
};

/// help/aiuto, status/stato, cancel/annulla, restart/ricomincia, agent/human/operatore,
/// language/lingua [en|it], /start, new problem/un altro problema. The whole message must be the
/// word (a leading '/' or '!' and trailing punctuation are ignored), so a sentence that merely
/// contains one is not a command; a new problem may come with its description after a colon or
/// comma ("another thing: I need Visio installed").
GlobalCommand parse_global_word(std::string_view text);

/// "/something" or "!something": a command line (unknown ones get a polite answer).
bool looks_like_command(std::string_view text);

/// yes/y/sì/si/ok/no/n: nullopt for anything else.
std::optional<bool> parse_yes_no(std::string_view text);

/// A language named in either language ("it", "italiano", "italian", "en", "english", "inglese").
std::optional<std::string> parse_language_name(std::string_view text);

/// Index of the choice picked by `text`: its number (1-based), its label or its value (case-
/// insensitive), or yes/no words for choices whose values are "yes"/"no".
std::optional<std::size_t> match_choice(std::string_view text, const std::vector<Choice>& choices,
                                        const std::vector<std::string>& values);

}  // namespace frontline
