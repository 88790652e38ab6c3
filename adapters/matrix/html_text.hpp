#pragma once
// Text both ways between the neutral light markup and Matrix's HTML subset (org.matrix.custom.html),
// and the reply fallbacks clients put before a reply.
// https://spec.matrix.org/v1.10/client-server-api/#mroommessage-msgtypes (formatted bodies)
#include <string>
#include <string_view>
#include <vector>

namespace frontline::matrix {

/// Escapes & < > " ' for HTML text and attribute values.
std::string escape_html(std::string_view text);

/// Neutral light markup (*bold*, _italic_, `code`, plain URLs, newlines) -> HTML, user text escaped.
std::string to_html(std::string_view neutral);

/// A plain body without the quoted fallback of a reply: the leading "> " lines and the empty line
/// after them (clients before spec v1.13 send them; a command must be read after them).
std::string strip_reply_fallback(std::string_view body);

/// A formatted body -> neutral plain text: <mx-reply> removed, matrix.to user pills become "@user:id"
/// (collected in `pills`), line breaks kept, other tags dropped, entities decoded.
std::string html_to_text(std::string_view html, std::vector<std::string>* pills = nullptr);

/// "https://matrix.to/#/@user:server" with the id percent-encoded where a URL needs it.
std::string matrix_to_link(std::string_view user_id);

}  // namespace frontline::matrix
