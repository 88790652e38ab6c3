#pragma once
// One bad event must not make a whole /sync unreadable: JSON parsers refuse a body with an invalid
// UTF-8 byte or a lone UTF-16 surrogate escape ("\ud800"), and a bot that cannot read a sync asks for
// the same one again and again, deaf for good. This replaces just those pieces with U+FFFD.
#include <string>
#include <string_view>

namespace frontline::matrix {

/// `text` with invalid UTF-8 sequences and unpaired \uD800-\uDFFF escapes replaced by U+FFFD; the
/// rest byte for byte (escaped backslashes included).
std::string repair_json_text(std::string_view text);

}  // namespace frontline::matrix
