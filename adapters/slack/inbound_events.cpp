#include "adapters/slack/inbound_events.hpp"

#include <nlohmann/json.hpp>

#include "adapters/slack/mrkdwn.hpp"
#include "adapters/slack/web_api_codec.hpp"
#include "core/text.hpp"

namespace frontline::slack {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

const json& obj(const json& j, const char* key) {
    static const json empty = json::object();
    const auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : empty;
}

/// Removes every <@Ubot> token (and the space after it) so "@frontline my VPN drops" reads "my VPN drops".
std::string strip_mention(std::string text, const std::string& user_id) {
    if (user_id.empty()) return text;
    const std::string token = "<@" + user_id + ">";
    for (auto pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos)) {
        auto len = token.size();
        if (pos + len < text.size() && text[pos + len] == ' ') ++len;
        text.erase(pos, len);
    }
    return trim(text);
}

/// Slack writes a mention as <@U123> (or <@U123|name>). Core reads neutral mentions: the token
/// becomes "@U123" in the text and the user's Identity joins `e.mentions`, in order.
void decode_user_mentions(InboundEvent& e) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
        const auto open = e.text.find("<@", pos);
        const auto close = open == std::string::npos ? open : e.text.find('>', open);
        if (close == std::string::npos) break;
        std::string id = e.text.substr(open + 2, close - open - 2);
        if (auto bar = id.find('|'); bar != std::string::npos) id.resize(bar);
        out += e.text.substr(pos, open - pos);
        if (id.empty() || id.find_first_of(" <") != std::string::npos) {
            out += e.text.substr(open, close + 1 - open);  // not a user token: leave it to from_mrkdwn
        } else {
            out += "@" + id;
            e.mentions.push_back(Identity{"slack", id});
        }
        pos = close + 1;
    }
    out += e.text.substr(pos);
    e.text = std::move(out);
}

/// A Slack text (mrkdwn) as neutral text with neutral mentions.
void set_text(InboundEvent& e, const std::string& mrkdwn) {
    e.text = mrkdwn;
    decode_user_mentions(e);
    e.text = trim(from_mrkdwn(e.text));
}

/// The neutral reference of a Slack message in a thread or a reply: the same "channel:ts" the
/// connector reports as the platform id of what it posted, so core can match them without parsing.
std::string message_reference(std::string_view channel, std::string_view ts) {
    return ts.empty() ? std::string{} : platform_message_id(channel, ts);
}

InboundEvent text_event(const InboundContext& ctx, std::string event_id, std::string user) {
    InboundEvent e;
    e.event_id = std::move(event_id);
    e.kind = InboundKind::text;
    e.from = Identity{"slack", std::move(user)};
    e.received_at = ctx.now;
    return e;
}

}  // namespace

std::vector<Attachment> file_attachments(const json& files) {
    std::vector<Attachment> out;
    if (!files.is_array()) return out;
    for (const auto& f : files) {
        if (!f.is_object()) continue;
        // https://docs.slack.dev/reference/objects/file-object: "hosted" files live on Slack's file
        // host; "external" ones (a Drive link) and "tombstone" (deleted) have nothing to fetch, and
        // file_access "check_file_info" leaves out the URLs.
        const auto mode = str(f, "mode");
        if (mode == "external" || mode == "tombstone") continue;
        auto url = str(f, "url_private_download");
        if (url.empty()) url = str(f, "url_private");
        if (url.empty()) continue;
        auto name = str(f, "name");
        if (name.empty()) name = str(f, "title");
        std::uint64_t size = 0;
        if (const auto it = f.find("size"); it != f.end() && it->is_number_unsigned()) size = it->get<std::uint64_t>();
        out.push_back(Attachment{std::move(name), str(f, "mimetype"), size, std::move(url), "", ""});
    }
    return out;
}

std::string message_event_id(std::string_view channel, std::string_view ts) {
    return "msg:" + std::string(channel) + ":" + std::string(ts);
}

void decode_event_callback(const json& payload, const InboundContext& ctx, SocketFrame& out) {
    if (str(payload, "type") != "event_callback") {
        out.ignored = "events_api payload of type '" + str(payload, "type") + "'";
        return;
    }
    const json& ev = obj(payload, "event");
    const auto type = str(ev, "type");
    if (type != "message" && type != "app_mention") {
        out.ignored = "event type '" + type + "'";
        return;
    }
    // Echo loops came from filtering on subtype only: a bot's post may carry bot_id and no subtype.
    const auto subtype = str(ev, "subtype");
    const auto user = str(ev, "user");
    const auto bot_id = str(ev, "bot_id");
    if (!bot_id.empty() || ev.contains("bot_profile")) {
        out.ignored = bot_id == ctx.self.bot_id ? "our own message" : "a message from another bot";
        return;
    }
    if (user.empty() || user == ctx.self.user_id) {
        out.ignored = user.empty() ? "message without a user" : "our own message";
        return;
    }
    if (!subtype.empty() && subtype != "file_share" && subtype != "thread_broadcast") {
        out.ignored = "message subtype '" + subtype + "'";
        return;
    }
    const auto channel = str(ev, "channel");
    const auto ts = str(ev, "ts");
    if (channel.empty() || ts.empty()) {
        out.ignored = "message without channel or ts";
        return;
    }
    const auto channel_type = str(ev, "channel_type");
    const auto raw_text = str(ev, "text");
    const bool mentions_us = !ctx.self.user_id.empty() && raw_text.find("<@" + ctx.self.user_id + ">") != std::string::npos;
    const bool in_agents_channel = ctx.agents_channels.count(channel) > 0;
    const bool direct = channel_type == "im" || (type == "message" && channel.starts_with('D'));

    auto e = text_event(ctx, message_event_id(channel, ts), user);
    set_text(e, strip_mention(raw_text, ctx.self.user_id));
    // A file shared with no words is still a message (subtype file_share, text "").
    if (const auto files = ev.find("files"); files != ev.end()) e.attachments = file_attachments(*files);
    e.reply_to = message_reference(channel, str(ev, "thread_ts"));
    if (direct || in_agents_channel) {
        e.where = Address{"slack", channel, message_reference(channel, str(ev, "thread_ts"))};
    } else if (type == "app_mention" || mentions_us) {
        // A mention in a public channel: the conversation continues in a DM with that user, which
        // the connector opens (conversations.open) when it first answers.
        e.where = Address{"slack", user, ""};
        out.mentioned_in_channel = channel;
        out.mention_ts = ts;
    } else {
        out.ignored = "channel message that does not mention us";
        return;
    }
    out.events.push_back(std::move(e));
}

void decode_slash_command(const json& payload, const InboundContext& ctx, SocketFrame& out) {
    const auto user = str(payload, "user_id");
    const auto channel = str(payload, "channel_id");
    if (user.empty() || channel.empty()) {
        out.ignored = "slash command without user_id or channel_id";
        return;
    }
    // trigger_id is unique per invocation; a redelivered envelope carries the same one.
    auto key = str(payload, "trigger_id");
    if (key.empty()) key = out.envelope_id;
    InboundEvent e;
    e.event_id = "cmd:" + key;
    e.kind = InboundKind::command;
    e.from = Identity{"slack", user};
    e.where = Address{"slack", channel, ""};
    set_text(e, str(payload, "text"));
    if (e.text.empty()) e.text = "help";
    e.display_name = str(payload, "user_name");
    e.received_at = ctx.now;
    out.events.push_back(std::move(e));
}

/// view_submission of our reply modal -> a choice event carrying the typed text; the channel and
/// thread of the clicked card ride in private_metadata, as Slack's modal guide suggests.
void decode_view_submission(const json& payload, const InboundContext& ctx, SocketFrame& out) {
    const json& view = obj(payload, "view");
    const auto user = str(obj(payload, "user"), "id");
    if (str(view, "callback_id") != kReplyModalCallback || user.empty() || str(view, "id").empty()) {
        out.ignored = "view_submission of another view";
        return;
    }
    const json meta = json::parse(str(view, "private_metadata"), nullptr, false);
    const json& values = obj(obj(view, "state"), "values");
    const auto text = str(obj(obj(values, "reply"), "text"), "value");
    if (!meta.is_object() || str(meta, "payload").empty() || str(meta, "channel").empty()) {
        out.ignored = "reply modal without our metadata";
        return;
    }
    InboundEvent e;
    // One modal is submitted once; Slack's redelivery of the envelope carries the same view id.
    e.event_id = "view:" + str(view, "id");
    e.kind = InboundKind::choice;
    e.from = Identity{"slack", user};
    e.where = Address{"slack", str(meta, "channel"), str(meta, "thread")};
    e.payload = str(meta, "payload");
    e.text = text;
    e.display_name = str(obj(payload, "user"), "name");
    e.received_at = ctx.now;
    out.events.push_back(std::move(e));
}

void decode_interactive(const json& payload, const InboundContext& ctx, SocketFrame& out) {
    if (str(payload, "type") == "view_submission") return decode_view_submission(payload, ctx, out);
    if (str(payload, "type") != "block_actions") {
        out.ignored = "interactive payload of type '" + str(payload, "type") + "'";
        return;
    }
    const json& user = obj(payload, "user");
    const json& container = obj(payload, "container");
    auto channel = str(obj(payload, "channel"), "id");
    if (channel.empty()) channel = str(container, "channel_id");
    const auto actions = payload.find("actions");
    if (str(user, "id").empty() || channel.empty() || actions == payload.end() || !actions->is_array() ||
        actions->empty() || !actions->front().is_object()) {
        out.ignored = "block_actions without user, channel or actions";
        return;
    }
    const json& action = actions->front();
    if (str(action, "type") != "button") {
        out.ignored = "block_actions element of type '" + str(action, "type") + "'";
        return;
    }
    auto key = str(action, "action_ts");
    if (key.empty()) key = out.envelope_id;
    InboundEvent e;
    e.event_id = "act:" + channel + ":" + str(user, "id") + ":" + key;
    e.kind = InboundKind::choice;
    e.from = Identity{"slack", str(user, "id")};
    const json& message = obj(payload, "message");
    e.where = Address{"slack", channel, message_reference(channel, str(message, "thread_ts"))};
    e.payload = str(action, "value");
    e.text = str(obj(action, "text"), "text");
    auto name = str(user, "name");
    e.display_name = name.empty() ? str(user, "username") : name;
    const auto message_ts = str(container, "message_ts");
    e.reply_to = message_reference(channel, message_ts);
    // A button on a message in a channel (a ticket card): what it brings goes into that message's
    // thread, beside the card, not into the channel. In a DM the conversation is the DM itself.
    if (e.where.thread.empty() && !message_ts.empty() && !channel.starts_with('D')) e.where.thread = e.reply_to;
    e.received_at = ctx.now;
    if (const auto url = str(payload, "response_url"); !url.empty() && !e.reply_to.empty()) {
        out.response_url = url;
        out.response_url_message = e.reply_to;
    }
    if (ctx.asks_for_text && ctx.asks_for_text(e.payload) && !str(payload, "trigger_id").empty()) {
        // Nothing happened yet: the agent is about to type. The submission will be the event.
        out.open_modal = ModalRequest{str(payload, "trigger_id"), e.from.user_id, e.payload, channel,
                                      e.where.thread.empty() ? e.reply_to : e.where.thread};
        out.ignored = "a click that opens the reply modal";
        return;
    }
    out.events.push_back(std::move(e));
}

}  // namespace frontline::slack
