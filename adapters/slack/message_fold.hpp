#pragma once
// Several outbox rows shown as one Slack message: what a bot turn says (the ticket number, the
// category, the next question with its buttons) goes out in one chat.postMessage instead of one
// per row, so a user waits for one call and the channel's posting pace is spent once. Pure: plans
// and renders, no I/O. https://docs.slack.dev/reference/methods/chat.postMessage
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/adapter.hpp"
#include "core/message.hpp"
#include "core/result.hpp"

namespace frontline::slack {

/// Blocks a folded message may take (Slack allows 50; room for a part's buttons).
inline constexpr std::size_t kFoldBlocksMax = 40;
/// Rows one message may hold: their keys ride in its metadata.
inline constexpr std::size_t kFoldRowsMax = 20;

/// An edit of a message delivered earlier: sent as chat.update (or through a click's response_url).
bool is_update(const OutboxItem& item);

/// How many of `items` (consecutive rows of one conversation) go out together: the first always;
/// then updates, edits of a message in the group (applied before posting), and messages to the
/// same thread while they fit in one message (each text in one section, within kFoldBlocksMax
/// blocks and kFoldRowsMax rows, and at most one of them named by a message_key: a question or a
/// card). A text too long for one section goes alone.
std::size_t fold_count(const std::vector<OutboxItem>& items);

/// One part of a folded post: the message to show and the items it delivers (itself and the
/// edits of it that came in the same group).
struct FoldPart {
    OutboundMessage message;
    std::vector<std::size_t> items;
};

/// Splits what fold_count() accepted into the parts of one post, in order, and the updates.
struct FoldPlan {
    std::vector<FoldPart> parts;
    std::vector<std::size_t> updates;
};
FoldPlan plan_fold(const std::vector<OutboxItem>& items);

/// The chat.postMessage body showing `parts` as one message in `channel`; its metadata carries
/// every part's outbox key ("keys"; "key" is the first, as a single post has).
Result<std::string> render_folded_post(const std::vector<OutboundMessage>& parts, std::string_view channel);

/// What a Slack message holding `holds` (OutboxItem::replaced_holds) shows once `edit` is applied:
/// its parts in order, each in its latest state. Empty when `edit` replaces none of them.
std::vector<OutboundMessage> compose_after_edit(const std::vector<OutboundMessage>& holds, const OutboundMessage& edit);

/// The chat.update body for `edit` of message `ts` in `channel`, which holds `holds`: the whole
/// message with the edited part changed (just `edit` when the message holds one part).
Result<std::string> render_update_of(const std::vector<OutboundMessage>& holds, const OutboundMessage& edit,
                                     std::string_view channel, std::string_view ts);

/// The same change sent to a click's response_url: replace_original, no channel or ts.
/// https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
std::string response_url_body(std::string_view update_body);

}  // namespace frontline::slack
