#pragma once
// Neutral light markup -> Slack mrkdwn, and splitting long texts within Slack's limits.
// https://docs.slack.dev/messaging/formatting-message-text#escaping
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace frontline::slack {

/// Escapes only &, < and > (Slack decodes nothing else), keeping Slack's own tokens intact:
/// <@U…>, <#C…>, <!here>, <!subteam^…>, <https://…|label>, <mailto:…>.
std::string to_mrkdwn(std::string_view neutral);

/// True when `s` starting at '<' is one of the tokens to_mrkdwn keeps; sets `length` to its size.
bool is_slack_token(std::string_view s, std::size_t& length);

/// Cuts mrkdwn into pieces of at most `max_bytes` bytes, preferring paragraph, line and word
/// boundaries, never inside a token or an &entity; or a UTF-8 sequence.
std::vector<std::string> split_mrkdwn(std::string_view text, std::size_t max_bytes);

/// Slack's plain_text fields (button labels) count characters: at most `max_chars` code points,
/// with "…" when shortened.
std::string clamp_plain_text(std::string_view text, std::size_t max_chars);

}  // namespace frontline::slack

namespace frontline::slack {

/// Slack message text -> neutral plain text: &amp; &lt; &gt; decoded, links <url|label> unwrapped to
/// the URL (or the e-mail address), user and channel tokens kept as they are.
std::string from_mrkdwn(std::string_view text);

}  // namespace frontline::slack
