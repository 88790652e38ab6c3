#pragma once
// The modal an agent types a reply to the requester in, after clicking a card's Reply button.
// https://docs.slack.dev/surfaces/modals  (views.open with the click's trigger_id)
#include <string>

#include "adapters/slack/socket_frame.hpp"

namespace frontline::slack {

/// The modal's own words, in the desk's language.
struct ReplyModalTexts {
    std::string title = "Reply";        ///< at most 24 characters (Slack's limit)
    std::string label = "Message";      ///< above the text box
    std::string submit = "Send";
    std::string cancel = "Cancel";
};

/// Slack's limits for a modal (views.open reference).
inline constexpr std::size_t kModalTitleMax = 24;
inline constexpr std::size_t kModalButtonMax = 24;
inline constexpr std::size_t kReplyMaxChars = 3000;

/// The views.open body: a modal with one multi-line input (block "reply", action "text") whose
/// private_metadata carries the button's payload and the card's channel and thread, so that the
/// view_submission becomes an event in the card's thread.
std::string render_reply_modal(const ModalRequest& request, const ReplyModalTexts& texts);

}  // namespace frontline::slack
