#pragma once
// How to reach a requester besides the chat: an e-mail address or a phone number, as a person types
// it when the bot asks before a hand-off. Plausible, not verified: the agents read it, nobody sends
// anything to it automatically, so a check that catches typos ("maria@example", "12") is enough.
#include <optional>
#include <string>
#include <string_view>

namespace frontline {

/// "maria.rossi@example.com": one @, a local part, a domain with a dot and a top-level part of two
/// or more letters, no spaces; at most 254 bytes (RFC 5321's path limit).
bool plausible_email(std::string_view text);

/// A phone number as typed ("+39 333 123 4567", "(02) 1234-5678", "0039 333 1234567"), tidied to its
/// digits with a leading "+" kept and single spaces between the groups typed; nullopt unless it has
/// 6 to 15 digits (E.164's maximum) and only digits, spaces, dots, dashes and brackets around them.
std::optional<std::string> tidy_phone(std::string_view text);

/// What a person answered to "how can our team reach you?".
struct ContactAnswer {
    enum class Kind { email, phone, skip, invalid } kind = Kind::invalid;
    std::string value;  ///< the e-mail address (trimmed) or the tidied phone number
};

/// "skip"/"salta" (and "no thanks"/"no grazie") skip; otherwise an e-mail address or a phone number.
ContactAnswer read_contact_answer(std::string_view text);

/// A skip word alone ("skip", "salta", "no thanks", "no grazie", "preferisco di no"), any case.
bool is_skip_word(std::string_view text);

/// A person's name as typed ("Maria Rossi"): trimmed, at least one letter, at most 100 bytes, no
/// '@' or digits-only (an address or number typed in the wrong box); nullopt when not one.
std::optional<std::string> read_person_name(std::string_view text);

}  // namespace frontline
