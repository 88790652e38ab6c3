#pragma once
// Neutral OutboundMessage -> sendMessage / editMessageText JSON bodies (HTML parse mode, inline
// keyboards). https://core.telegram.org/bots/api#sendmessage
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/message.hpp"
#include "core/result.hpp"

namespace frontline::telegram {

/// Telegram's limits we render within (PROTOCOLS.md, Bot API reference).
inline constexpr std::size_t kMessageTextMax = 4096;     ///< UTF-16 units after entity parsing
inline constexpr std::size_t kCallbackDataMax = 64;      ///< bytes

/// A button's callback_data names the outbox row that offered it and the choice's position:
/// "c<row>.<index>". Payloads never travel to Telegram (they may be long and they are ours); the
/// store maps the reference back to the payload when the button is pressed.
struct ChoiceRef {
    std::int64_t outbox_id = 0;
    std::size_t index = 0;
    friend bool operator==(const ChoiceRef&, const ChoiceRef&) = default;
};
std::string encode_callback_data(ChoiceRef ref);
std::optional<ChoiceRef> decode_callback_data(std::string_view data);

/// The sendMessage bodies for `m` to `chat_id`: one per piece of a long text, the keyboard on the
/// last one. `outbox_id` is the row the message came from (its buttons refer to it). A message
/// with choices and no outbox row is invalid_argument. `m.to.thread`, when set, is a message id the
/// first piece replies to (a ticket card in a group: Telegram has no threads).
Result<std::vector<std::string>> render_send_messages(const OutboundMessage& m, std::int64_t outbox_id);

/// The editMessageText body replacing message `message_id` (an answered question: the new text,
/// and the keyboard only if the new state still has choices).
Result<std::string> render_edit(const OutboundMessage& m, std::string_view message_id, std::int64_t outbox_id);

}  // namespace frontline::telegram
