#include "adapters/slack/message_renderer.hpp"

#include <nlohmann/json.hpp>

#include "adapters/slack/mrkdwn.hpp"
#include "adapters/slack/web_api_codec.hpp"
#include "core/text.hpp"

namespace frontline::slack {
namespace {

using nlohmann::json;

/// Mentions of Slack users lead the text, so the people pinged see a notification.
std::string with_mentions(const OutboundMessage& m) {
    std::string prefix;
    for (const auto& who : m.mentions)
        if (who.platform == "slack" && !who.user_id.empty()) prefix += "<@" + who.user_id + "> ";
    return prefix + to_mrkdwn(m.text);
}

Status check_choices(const OutboundMessage& m) {
    for (const auto& c : m.choices)
        if (utf8_length(c.payload) > kButtonValueMax)
            return make_error(Errc::invalid_argument, "slack: a choice payload is longer than Slack's " +
                                                          std::to_string(kButtonValueMax) + " characters");
    return {};
}

json buttons(const OutboundMessage& m) {
    // action_id must be unique within a block, so it is "<question>/<n>"; the value carries the payload.
    const auto qid = question_id(m);
    json blocks = json::array();
    for (std::size_t first = 0; first < m.choices.size(); first += kButtonsPerBlock) {
        json elements = json::array();
        for (std::size_t i = first; i < m.choices.size() && i < first + kButtonsPerBlock; ++i) {
            const auto& c = m.choices[i];
            elements.push_back({{"type", "button"},
                                {"text", {{"type", "plain_text"}, {"text", clamp_plain_text(c.label, kButtonTextMax)}, {"emoji", true}}},
                                {"action_id", qid + "/" + std::to_string(i)},
                                {"value", c.payload}});
        }
        blocks.push_back({{"type", "actions"}, {"block_id", "choices/" + qid + "/" + std::to_string(first)}, {"elements", elements}});
    }
    return blocks;
}

json base_body(const OutboundMessage& m, std::string_view channel) {
    json body = {{"channel", std::string(channel)}, {"unfurl_links", false}, {"unfurl_media", false}};
    // The thread is the neutral reference of its root message ("channel:ts", see inbound_events).
    if (!m.to.thread.empty()) {
        const auto root = split_platform_message_id(m.to.thread);
        body["thread_ts"] = root ? root->ts : m.to.thread;
    }
    return body;
}

/// Never throws on a stray invalid byte: it becomes U+FFFD instead of failing the delivery.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json section(const std::string& mrkdwn) {
    return {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", mrkdwn}}}};
}

}  // namespace

std::string question_id(const OutboundMessage& m) {
    std::string id = !m.message_key.empty() ? m.message_key : !m.idempotency_key.empty() ? m.idempotency_key : "q";
    // Leave room for "/<n>" within Slack's 255-character action_id.
    return utf8_truncate(id, kActionIdMax - 8);
}

Result<std::vector<std::string>> render_post_message(const OutboundMessage& m, std::string_view channel) {
    if (auto ok = check_choices(m); !ok) return ok.error();
    auto pieces = split_mrkdwn(with_mentions(m), kSectionTextMax);
    std::vector<std::string> bodies;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        json body = base_body(m, channel);
        body["text"] = pieces[i];
        // The outbox key travels with the post: a send that may have happened before a crash is
        // found again by it (conversations.history) instead of being posted twice.
        if (!m.idempotency_key.empty())
            body["metadata"] = {{"event_type", kOutboxMetadataType}, {"event_payload", {{"key", piece_key(m.idempotency_key, i)}}}};
        const bool last = i + 1 == pieces.size();
        if (last && !m.choices.empty()) {
            json blocks = json::array();
            if (!pieces[i].empty()) blocks.push_back(section(pieces[i]));
            for (auto& b : buttons(m)) blocks.push_back(std::move(b));
            body["blocks"] = std::move(blocks);
        }
        bodies.push_back(dump(body));
    }
    return bodies;
}

std::string mrkdwn_of(const OutboundMessage& m) { return with_mentions(m); }

Result<std::string> render_part_blocks(const OutboundMessage& m) {
    if (auto ok = check_choices(m); !ok) return ok.error();
    json blocks = json::array();
    for (const auto& piece : split_mrkdwn(with_mentions(m), kSectionTextMax))
        if (!piece.empty()) blocks.push_back(section(piece));
    for (auto& b : buttons(m)) blocks.push_back(std::move(b));
    return dump(blocks);
}

Result<std::string> render_update(const OutboundMessage& m, std::string_view channel, std::string_view ts) {
    if (auto ok = check_choices(m); !ok) return ok.error();
    // An update replaces one message: a text past one piece keeps its first piece only.
    const auto text = split_mrkdwn(with_mentions(m), kSectionTextMax).front();
    json body = {{"channel", std::string(channel)}, {"ts", std::string(ts)}, {"text", text}};
    json blocks = json::array();  // empty array: Slack keeps the old blocks when the field is absent
    if (!m.choices.empty()) {
        if (!text.empty()) blocks.push_back(section(text));
        for (auto& b : buttons(m)) blocks.push_back(std::move(b));
    }
    body["blocks"] = std::move(blocks);
    return dump(body);
}

}  // namespace frontline::slack
