#pragma once
// Neutral OutboundMessage -> chat.postMessage / chat.update JSON bodies (mrkdwn + Block Kit).
// https://docs.slack.dev/reference/methods/chat.postMessage
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/slack/web_api_codec.hpp"
#include "core/message.hpp"
#include "core/result.hpp"

namespace frontline::slack {

/// Slack's limits we render within (PROTOCOLS.md, Block Kit reference).
inline constexpr std::size_t kSectionTextMax = 3000;  ///< bytes we allow per piece (Slack counts chars)
inline constexpr std::size_t kButtonTextMax = 75;     ///< characters
inline constexpr std::size_t kButtonValueMax = 2000;  ///< characters
inline constexpr std::size_t kActionIdMax = 255;
inline constexpr std::size_t kButtonsPerBlock = 25;

/// The chat.postMessage bodies for `m` in `channel`: one per piece of a long text, the buttons on
/// the last one; every body carries a plain `text` fallback. invalid_argument when a choice payload
/// exceeds Slack's 2000-character button value (truncating it would change what the click means).
/// Each piece carries message metadata with its outbox key (piece_key): see web_api_codec.hpp.
Result<std::vector<std::string>> render_post_message(const OutboundMessage& m, std::string_view channel);

/// The chat.update body replacing message `ts` in `channel` (for an answered question: the new text
/// and no buttons, which takes an explicit empty blocks array).
Result<std::string> render_update(const OutboundMessage& m, std::string_view channel, std::string_view ts);

/// The Block Kit blocks that show `m` as one part of a message holding several: its text in
/// sections (split at kSectionTextMax), then its buttons. As JSON text of an array.
Result<std::string> render_part_blocks(const OutboundMessage& m);
/// `m`'s text as Slack shows it: mentions of Slack users first, then the text in mrkdwn.
std::string mrkdwn_of(const OutboundMessage& m);

/// The question id our buttons carry in action_id: message_key, else idempotency_key.
std::string question_id(const OutboundMessage& m);

}  // namespace frontline::slack
