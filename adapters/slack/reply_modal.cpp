#include "adapters/slack/reply_modal.hpp"

#include <nlohmann/json.hpp>

#include "adapters/slack/mrkdwn.hpp"

namespace frontline::slack {
namespace {

nlohmann::json plain(const std::string& text, std::size_t max_chars) {
    return {{"type", "plain_text"}, {"text", clamp_plain_text(text, max_chars)}};
}

}  // namespace

std::string render_reply_modal(const ModalRequest& request, const ReplyModalTexts& texts) {
    const nlohmann::json meta = {{"payload", request.payload}, {"channel", request.channel}, {"thread", request.thread}};
    nlohmann::json input = {
        {"type", "input"},
        {"block_id", "reply"},
        {"label", plain(texts.label, 2000)},
        {"element",
         {{"type", "plain_text_input"}, {"action_id", "text"}, {"multiline", true}, {"max_length", kReplyMaxChars}}},
    };
    nlohmann::json view = {
        {"type", "modal"},
        {"callback_id", std::string(kReplyModalCallback)},
        {"private_metadata", meta.dump()},
        {"title", plain(texts.title, kModalTitleMax)},
        {"submit", plain(texts.submit, kModalButtonMax)},
        {"close", plain(texts.cancel, kModalButtonMax)},
        {"blocks", nlohmann::json::array({input})},
    };
    return nlohmann::json{{"trigger_id", request.trigger_id}, {"view", view}}.dump();
}

}  // namespace frontline::slack
