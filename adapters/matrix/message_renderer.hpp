#pragma once
// Neutral OutboundMessage -> m.room.message content: plain body + HTML formatted_body, choices as a
// numbered list (no buttons on Matrix), pings with m.mentions and matrix.to pills, threads with
// m.thread, updates in place with m.replace.
// https://spec.matrix.org/v1.10/client-server-api/#mroommessage
#include <cstddef>
#include <string>
#include <string_view>

#include "core/message.hpp"

namespace frontline::matrix {

/// Homeservers refuse events over 65,536 bytes (M_TOO_LARGE); text is cut to keep the whole
/// content under this.
inline constexpr std::size_t kMaxContentBytes = 48 * 1024;

struct RenderOptions {
    std::string self_user_id;  ///< never pinged
    bool notice = false;       ///< m.notice (bot status, never answered by other bots) instead of m.text
};

/// The content of a new m.room.message for `m`.
std::string render_message(const OutboundMessage& m, const RenderOptions& options);

/// The content replacing our earlier event `original_event_id` with `m` (m.replace: "* " fallback
/// body, the new content in m.new_content).
std::string render_replacement(const OutboundMessage& m, std::string_view original_event_id, const RenderOptions& options);

/// A plain notice (the encrypted-room warning): body and escaped HTML.
std::string render_notice(std::string_view text);

}  // namespace frontline::matrix
