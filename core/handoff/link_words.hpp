#pragma once
// A person proving that two chats are theirs: `link` (Italian `collega`) asks for a one-time code on
// one platform; `link CODE`, or the code alone, typed on the other platform links the two. Codes are
// eight characters of an alphabet without look-alikes (no I, O, 0, 1), shown as "ABCD-2345" and
// accepted in any case, with or without the dash.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontline::handoff {

struct LinkWords {
    /// Empty: "give me a code". Otherwise the code typed, normalised (upper case, no dash).
    std::string code;
};

/// nullopt when the message is not (only) about linking. A bare code counts only in its shown form
/// ("ABCD-2345"): a word of eight letters is more likely an answer than a code.
std::optional<LinkWords> parse_link_words(std::string_view text);

/// A linked person choosing where updates on their tickets go: true for "updates here" /
/// "aggiornamenti qui" (this chat, wherever else they write), false for "updates where I write" /
/// "aggiornamenti dove scrivo" (where they last wrote, the default); nullopt for anything else.
std::optional<bool> parse_updates_place_words(std::string_view text);

/// A new code from 40 random bits, normalised (what the store keeps and redeem compares).
std::string make_link_code(std::uint64_t random_bits);

/// "ABCD2345" -> "ABCD-2345", as a person reads and types it.
std::string display_link_code(std::string_view code);

}  // namespace frontline::handoff
