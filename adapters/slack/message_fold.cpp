#include "adapters/slack/message_fold.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "adapters/slack/message_renderer.hpp"
#include "adapters/slack/mrkdwn.hpp"
#include "adapters/slack/web_api_codec.hpp"
#include "core/text.hpp"

namespace frontline::slack {
namespace {

using nlohmann::json;

/// The notification text of a message with blocks; Slack shows the blocks, this is the fallback.
constexpr std::size_t kFallbackTextMax = 12000;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

/// An edit shows its target's new state: text, buttons and mentions; the target keeps its keys.
void apply_edit(OutboundMessage& target, const OutboundMessage& edit) {
    target.text = edit.text;
    target.choices = edit.choices;
    target.mentions = edit.mentions;
}

std::size_t block_count(const OutboundMessage& m) {
    std::size_t n = 0;
    for (const auto& piece : split_mrkdwn(mrkdwn_of(m), kSectionTextMax)) n += piece.empty() ? 0 : 1;
    return n + (m.choices.size() + kButtonsPerBlock - 1) / kButtonsPerBlock;
}

bool fits_one_section(const OutboundMessage& m) { return split_mrkdwn(mrkdwn_of(m), kSectionTextMax).size() <= 1; }

std::string fallback_text(const std::vector<OutboundMessage>& parts) {
    std::string text;
    for (const auto& p : parts) {
        const auto t = mrkdwn_of(p);
        if (t.empty()) continue;
        if (!text.empty()) text += "\n\n";
        text += t;
    }
    return utf8_truncate(text, kFallbackTextMax);
}

Result<json> blocks_of(const std::vector<OutboundMessage>& parts) {
    json blocks = json::array();
    for (const auto& p : parts) {
        auto part = render_part_blocks(p);
        if (!part) return part.error();
        for (auto& b : json::parse(*part)) blocks.push_back(std::move(b));
    }
    return blocks;
}

}  // namespace

bool is_update(const OutboxItem& item) {
    return !item.message.replaces.empty() && split_platform_message_id(item.replaces_platform_id).has_value();
}

std::size_t fold_count(const std::vector<OutboxItem>& items) {
    std::vector<std::string> keys;  // message keys of the parts so far: their edits fold in place
    std::size_t blocks = 0;
    std::size_t parts = 0;
    bool alone = false;  // the first part is too long for one section: it goes by itself
    std::string thread;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& m = items[i].message;
        if (is_update(items[i])) continue;
        if (!m.replaces.empty() && std::find(keys.begin(), keys.end(), m.replaces) != keys.end()) continue;
        const std::size_t n = block_count(m);
        if (parts == 0) {
            thread = m.to.thread;
            alone = !fits_one_section(m);
        } else if (alone || !fits_one_section(m) || m.to.thread != thread || blocks + n > kFoldBlocksMax ||
                   parts + 1 > kFoldRowsMax || (!m.message_key.empty() && !keys.empty())) {
            // One named message (a question, a card) per Slack message: a thread reply or a click
            // on it must lead back to one ticket (Store::ticket_of_message).
            return i;
        }
        blocks += n;
        ++parts;
        if (!m.message_key.empty()) keys.push_back(m.message_key);
    }
    return items.size();
}

FoldPlan plan_fold(const std::vector<OutboxItem>& items) {
    FoldPlan plan;
    std::map<std::string, std::size_t> part_of_key;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& m = items[i].message;
        if (is_update(items[i])) {
            plan.updates.push_back(i);
            continue;
        }
        if (const auto it = part_of_key.find(m.replaces); !m.replaces.empty() && it != part_of_key.end()) {
            // Asked and changed in the same turn: post it as it ends up.
            apply_edit(plan.parts[it->second].message, m);
            plan.parts[it->second].items.push_back(i);
            continue;
        }
        if (!m.message_key.empty()) part_of_key[m.message_key] = plan.parts.size();
        plan.parts.push_back(FoldPart{m, {i}});
    }
    return plan;
}

Result<std::string> render_folded_post(const std::vector<OutboundMessage>& parts, std::string_view channel) {
    if (parts.empty()) return make_error(Errc::invalid_argument, "slack: a folded post without parts");
    auto blocks = blocks_of(parts);
    if (!blocks) return blocks.error();
    json body = {{"channel", std::string(channel)}, {"unfurl_links", false}, {"unfurl_media", false}};
    if (const auto& thread = parts.front().to.thread; !thread.empty()) {
        const auto root = split_platform_message_id(thread);
        body["thread_ts"] = root ? root->ts : thread;
    }
    body["text"] = fallback_text(parts);
    body["blocks"] = std::move(*blocks);
    // Every row's key travels with the post, so a send interrupted by a crash is found again by
    // any of them (conversations.history) instead of being posted twice.
    json keys = json::array();
    for (const auto& p : parts) keys.push_back(p.idempotency_key);
    body["metadata"] = {{"event_type", kOutboxMetadataType},
                        {"event_payload", {{"key", parts.front().idempotency_key}, {"keys", std::move(keys)}}}};
    return dump(body);
}

std::vector<OutboundMessage> compose_after_edit(const std::vector<OutboundMessage>& holds, const OutboundMessage& edit) {
    std::vector<OutboundMessage> parts;
    const auto apply_to_part = [&parts](const OutboundMessage& e) {
        for (auto& p : parts)
            if (!p.message_key.empty() && p.message_key == e.replaces) {
                apply_edit(p, e);
                return true;
            }
        return false;
    };
    for (const auto& h : holds)
        // An edit whose target is not here was posted as a message of its own (its target never arrived).
        if (h.replaces.empty() || !apply_to_part(h)) parts.push_back(h);
    if (!apply_to_part(edit)) return {};
    return parts;
}

Result<std::string> render_update_of(const std::vector<OutboundMessage>& holds, const OutboundMessage& edit,
                                     std::string_view channel, std::string_view ts) {
    const auto parts = compose_after_edit(holds, edit);
    if (parts.size() <= 1) return render_update(edit, channel, ts);
    auto blocks = blocks_of(parts);
    if (!blocks) return blocks.error();
    json body = {{"channel", std::string(channel)}, {"ts", std::string(ts)}, {"text", fallback_text(parts)},
                 {"blocks", std::move(*blocks)}};
    return dump(body);
}

std::string response_url_body(std::string_view update_body) {
    json body = json::parse(update_body, nullptr, false);
    if (!body.is_object()) return std::string(update_body);
    body.erase("channel");
    body.erase("ts");
    body["replace_original"] = true;
    return dump(body);
}

}  // namespace frontline::slack
