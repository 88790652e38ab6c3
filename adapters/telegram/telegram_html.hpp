#pragma once
// Neutral light markup (*bold*, _italic_, `code`, plain URLs) -> Telegram's HTML parse mode, and
// splitting long texts within Telegram's 4096-character limit.
// https://core.telegram.org/bots/api#html-style
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace frontline::telegram {

/// Escapes &, < and > (the only characters HTML mode requires escaped) and turns the neutral
/// markers into <b>, <i> and <code>. A marker without its pair stays a literal character, so
/// "file_name_v2" and "2 * 3" come out as written.
std::string to_html(std::string_view neutral);

/// Cuts neutral text into pieces of at most `max_units` UTF-16 code units (how Telegram counts),
/// preferring paragraph, line and word boundaries and never cutting a UTF-8 sequence.
std::vector<std::string> split_text(std::string_view neutral, std::size_t max_units);

}  // namespace frontline::telegram
