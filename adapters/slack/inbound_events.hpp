#pragma once
// Payloads inside Socket Mode envelopes (events_api, slash_commands, interactive) -> neutral events.
// Internal to the Slack codec; parse_socket_frame is the public entry.
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "adapters/slack/socket_frame.hpp"

namespace frontline::slack {

/// events_api payload {type:"event_callback", event_id, event:{…}}: message.im, app_mention and
/// messages in the agents' channel become text events; everything else is ignored with a reason.
void decode_event_callback(const nlohmann::json& payload, const InboundContext& ctx, SocketFrame& out);

/// slash_commands payload -> a command event whose text is what followed the command.
void decode_slash_command(const nlohmann::json& payload, const InboundContext& ctx, SocketFrame& out);

/// interactive payload of type block_actions -> a choice event carrying the button's value, or a
/// modal to open for a button that asks for text; view_submission of our reply modal -> a choice
/// event carrying the typed text.
void decode_interactive(const nlohmann::json& payload, const InboundContext& ctx, SocketFrame& out);

/// A message's `files` (Slack file objects) as attachments whose platform_ref is the file's
/// url_private_download (else url_private). Files without a URL (external, deleted, or sent as
/// file_access "check_file_info") and entries that are not objects are left out.
std::vector<Attachment> file_attachments(const nlohmann::json& files);

/// The inbox dedupe key of a Slack message: (channel, ts), the same for a message delivered as
/// app_mention and again as message.channels.
std::string message_event_id(std::string_view channel, std::string_view ts);

}  // namespace frontline::slack
