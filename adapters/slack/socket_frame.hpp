#pragma once
// Socket Mode frames -> typed frames carrying neutral InboundEvents. Pure: no I/O.
// https://docs.slack.dev/apis/events-api/using-socket-mode
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/message.hpp"
#include "core/result.hpp"

namespace frontline::slack {

/// Who we are on Slack (from auth.test): our own messages are never events.
struct SelfIdentity {
    std::string user_id;  ///< U… of the bot user
    std::string bot_id;   ///< B… of the app's bot
    std::string team_id;
};

/// What decoding needs besides the frame itself.
struct InboundContext {
    SelfIdentity self;
    std::set<std::string> agents_channels;  ///< the teams' rooms: plain messages there carry agent commands
    TimePoint now{};
    /// True for a button payload that needs text before it means anything (the hand-off's Reply):
    /// its click opens a modal, and the modal's submission is the event.
    std::function<bool(std::string_view payload)> asks_for_text;
};

/// The callback_id of our reply modal, so its view_submission is recognised.
inline constexpr std::string_view kReplyModalCallback = "frontline.reply";

/// A click that asks for text first: open the reply modal with this trigger.
struct ModalRequest {
    std::string trigger_id;   ///< valid for 3 s after the click
    std::string user;
    std::string payload;      ///< the button's payload, carried through private_metadata
    std::string channel;      ///< where the clicked message is
    std::string thread;       ///< its thread's neutral reference "channel:ts" (the card itself when it roots the thread)
};

enum class FrameType { hello, disconnect, events_api, slash_commands, interactive, unknown };

/// One text frame from the Socket Mode WebSocket.
struct SocketFrame {
    FrameType type = FrameType::unknown;
    std::string envelope_id;          ///< to ack; empty for hello and disconnect
    int retry_attempt = 0;            ///< > 0 when Slack redelivers an unacknowledged envelope
    std::string retry_reason;         ///< "" or "timeout"
    bool accepts_response_payload = false;
    std::string disconnect_reason;    ///< warning | refresh_requested | link_disabled | …
    int num_connections = 0;          ///< from hello
    std::vector<InboundEvent> events; ///< zero (ignored) or one neutral event
    /// Set for a mention in a shared channel: where it was written (the answers go to a DM).
    std::string mentioned_in_channel;
    std::string mention_ts;           ///< the mentioning message, to note each one once
    std::optional<ModalRequest> open_modal;  ///< a Reply click: no event yet, a modal to open
    /// A click's response_url and the message clicked ("channel:ts"): changes to that message may
    /// go back through it (replace_original) instead of chat.update.
    std::string response_url;
    std::string response_url_message;
    std::string ignored;              ///< why an envelope produced no event, for debug logs
};

/// Decodes one frame. Malformed JSON or an envelope without envelope_id is a parse error;
/// well-formed envelopes we do not act on (own messages, edits, joins, other bots) come back
/// with no events and a reason in `ignored`, and must still be acknowledged.
Result<SocketFrame> parse_socket_frame(std::string_view text, const InboundContext& ctx);

/// The acknowledgement Slack expects within 3 s: {"envelope_id":"…"}.
std::string ack_frame(std::string_view envelope_id);

const char* to_string(FrameType t) noexcept;

}  // namespace frontline::slack
