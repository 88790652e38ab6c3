// Updates -> neutral events. Private chats are conversations with the requester; the agents' group
// carries agent commands; other groups are not ours. Edited messages, channel posts and other
// update kinds only advance the offset. https://core.telegram.org/bots/api#getting-updates
#include "adapters/telegram/update_codec.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "adapters/json_fields.hpp"
#include "adapters/telegram/utf16.hpp"
#include "core/text.hpp"

namespace frontline::telegram {
namespace {

using nlohmann::json;

using json_fields::flag;
using json_fields::integer;
using json_fields::obj;
using json_fields::str;

/// Telegram ids are integers (chat ids up to 52 bits, negative for groups): kept as decimal text.
std::string id_text(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end()) return {};
    if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
    if (it->is_string()) return it->get<std::string>();
    return {};
}

std::string display_name(const json& user) {
    std::string name = str(user, "first_name");
    const auto last = str(user, "last_name");
    if (!last.empty()) name += (name.empty() ? "" : " ") + last;
    if (name.empty()) name = str(user, "username");
    return name;
}

/// Our command names -> the words core understands (core reads "/word" like "word").
std::string core_command(std::string_view name) {
    if (name == "new") return "restart";
    if (name == "lang") return "language";
    return std::string(name);
}

struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string replacement;
};

void decode_message(const json& message, const UpdateContext& ctx, DecodedUpdate& out) {
    const json& from = obj(message, "from");
    const json& chat = obj(message, "chat");
    const auto user_id = id_text(from, "id");
    const auto chat_id = id_text(chat, "id");
    const auto message_id = id_text(message, "message_id");
    if (user_id.empty() || chat_id.empty() || message_id.empty()) {
        out.ignored = "message without from, chat or message_id";
        return;
    }
    if (flag(from, "is_bot")) {
        out.ignored = user_id == std::to_string(ctx.self.id) ? "our own message" : "a message from another bot";
        return;
    }
    const auto type = str(chat, "type");
    const bool private_chat = type == "private";
    const bool agents_chat = ctx.agents_chats.count(chat_id) > 0;
    if (!private_chat && !agents_chat) {
        out.ignored = "a message in a " + type + " that is not the agents' chat";
        return;
    }
    // Photos and files carry a caption instead of a text; stickers and the like carry neither.
    const bool has_text = message.contains("text");
    const auto raw = has_text ? str(message, "text") : str(message, "caption");
    auto attachments = message_attachments(message, ctx.max_photo_bytes);
    if (raw.empty() && attachments.empty()) {
        out.ignored = "a message without text";
        return;
    }
    static const json kNoEntities = json::array();
    const auto e_it = message.find(has_text ? "entities" : "caption_entities");
    const json& entities = e_it != message.end() && e_it->is_array() ? *e_it : kNoEntities;
    auto neutral = neutral_text(raw, entities, ctx.self);
    if (!neutral.for_us) {
        out.ignored = "a command for another bot";
        return;
    }
    InboundEvent e;
    // (chat, message_id) names a message for good; update_ids may restart after a quiet week.
    e.event_id = "msg:" + chat_id + ":" + message_id;
    e.kind = neutral.command ? InboundKind::command : InboundKind::text;
    e.from = Identity{"telegram", user_id};
    e.where = Address{"telegram", chat_id, ""};
    e.text = std::move(neutral.text);
    e.mentions = std::move(neutral.mentions);
    e.locale_hint = locale_of(str(from, "language_code"));
    e.display_name = display_name(from);
    e.reply_to = id_text(obj(message, "reply_to_message"), "message_id");
    e.received_at = ctx.now;
    e.attachments = std::move(attachments);
    out.event = std::move(e);
}

/// A declared size: a non-negative integer, else 0 ("not said").
std::uint64_t size_of(const json& j) {
    const auto n = integer(j, "file_size", 0);
    return n > 0 ? static_cast<std::uint64_t>(n) : 0;
}

void decode_callback(const json& query, const UpdateContext& ctx, DecodedUpdate& out) {
    const json& from = obj(query, "from");
    out.callback_query_id = str(query, "id");
    out.callback_data = str(query, "data");
    const auto user_id = id_text(from, "id");
    if (out.callback_query_id.empty() || user_id.empty()) {
        out.ignored = "callback_query without id or from";
        return;
    }
    if (out.callback_data.empty()) {
        out.ignored = "callback_query without data (a game button?)";
        return;
    }
    // The message may be "inaccessible" (older than 48 h: date 0) but still names its chat.
    const json& message = obj(query, "message");
    auto chat_id = id_text(obj(message, "chat"), "id");
    if (chat_id.empty()) chat_id = user_id;  // an inline-mode message: answer privately
    const bool agents_chat = ctx.agents_chats.count(chat_id) > 0;
    if (str(obj(message, "chat"), "type") != "private" && !agents_chat && chat_id != user_id) {
        out.ignored = "a button in a chat that is not ours";
        return;
    }
    InboundEvent e;
    e.event_id = "cb:" + out.callback_query_id;
    e.kind = InboundKind::choice;
    e.from = Identity{"telegram", user_id};
    e.where = Address{"telegram", chat_id, ""};
    e.reply_to = id_text(message, "message_id");
    e.locale_hint = locale_of(str(from, "language_code"));
    e.display_name = display_name(from);
    e.received_at = ctx.now;
    out.event = std::move(e);
}

void decode_membership(const json& update, DecodedUpdate& out) {
    const json& chat = obj(update, "chat");
    Membership m;
    m.chat_id = id_text(chat, "id");
    m.chat_title = str(chat, "title");
    m.status = str(obj(update, "new_chat_member"), "status");
    if (m.chat_id.empty() || m.status.empty()) {
        out.ignored = "my_chat_member without chat or status";
        return;
    }
    out.ignored = "my_chat_member";
    out.membership = std::move(m);
}

DecodedUpdate decode(const json& update, const UpdateContext& ctx) {
    DecodedUpdate out;
    out.update_id = integer(update, "update_id", 0);
    if (const auto it = update.find("message"); it != update.end() && it->is_object()) decode_message(*it, ctx, out);
    else if (const auto cb = update.find("callback_query"); cb != update.end() && cb->is_object()) decode_callback(*cb, ctx, out);
    else if (const auto mm = update.find("my_chat_member"); mm != update.end() && mm->is_object()) decode_membership(*mm, out);
    else if (update.contains("edited_message")) out.ignored = "an edited message";  // the original was the event
    else out.ignored = "an update of another kind";
    return out;
}

/// An update_id we can confirm: an integer whose successor (the next offset) is one too.
bool has_update_id(const json& u) { return integer(u, "update_id", INT64_MAX) < INT64_MAX; }

}  // namespace

std::vector<Attachment> message_attachments(const json& message, std::uint64_t max_photo_bytes) {
    std::vector<Attachment> out;
    // message.photo: the same picture in several sizes, smallest first
    // (https://core.telegram.org/bots/api#photosize). The largest that may be downloaded is the
    // one worth keeping; a photo with no size under the limit offers its smallest.
    if (const auto photo = message.find("photo"); photo != message.end() && photo->is_array()) {
        const json* best = nullptr;
        const json* smallest = nullptr;
        for (const auto& size : *photo) {
            if (!size.is_object() || str(size, "file_id").empty()) continue;
            const auto bytes = size_of(size);
            const auto area = integer(size, "width", 0) * integer(size, "height", 0);
            if (!smallest || bytes < size_of(*smallest)) smallest = &size;
            if (bytes > max_photo_bytes) continue;
            if (!best || bytes > size_of(*best) ||
                (bytes == size_of(*best) && area > integer(*best, "width", 0) * integer(*best, "height", 0)))
                best = &size;
        }
        if (!best) best = smallest;
        if (best) {
            // A camera photo has no file name: the unique id names it, the type is always JPEG.
            auto unique = str(*best, "file_unique_id");
            out.push_back(Attachment{"photo-" + (unique.empty() ? std::string("telegram") : unique) + ".jpg", "image/jpeg",
                                     size_of(*best), str(*best, "file_id"), "", ""});
        }
    }
    // message.document: any file sent as a file (https://core.telegram.org/bots/api#document).
    if (const auto doc = message.find("document"); doc != message.end() && doc->is_object() && !str(*doc, "file_id").empty()) {
        auto name = str(*doc, "file_name");
        if (name.empty()) name = "document-" + str(*doc, "file_unique_id");
        out.push_back(Attachment{std::move(name), str(*doc, "mime_type"), size_of(*doc), str(*doc, "file_id"), "", ""});
    }
    return out;
}

std::string locale_of(std::string_view language_code) {
    const auto dash = language_code.find_first_of("-_");
    return ascii_lower(language_code.substr(0, dash));
}

NeutralText neutral_text(std::string_view text, const json& entities, const BotIdentity& self) {
    NeutralText out;
    std::vector<Span> spans;
    const std::string our_name = ascii_lower(self.username);
    for (const auto& entity : entities) {
        if (!entity.is_object()) continue;
        const auto type = str(entity, "type");
        const auto offset = integer(entity, "offset", -1);
        const auto length = integer(entity, "length", -1);
        if (offset < 0 || length <= 0 || length > INT64_MAX - offset) continue;
        const auto begin = utf16_to_byte_offset(text, static_cast<std::size_t>(offset));
        const auto end = utf16_to_byte_offset(text, static_cast<std::size_t>(offset + length));
        if (!begin || !end) continue;  // offsets past the text: ignore the entity, keep the words
        const std::string_view word = text.substr(*begin, *end - *begin);
        if (type == "bot_command") {
            // "/claim@FrontlineBot": core sees "/claim". A command for another bot is not ours.
            const auto at = word.find('@');
            const std::string name = ascii_lower(word.substr(1, at == std::string_view::npos ? std::string_view::npos : at - 1));
            if (at != std::string_view::npos && ascii_lower(word.substr(at + 1)) != our_name) {
                if (trim(text.substr(0, *begin)).empty()) out.for_us = false;
                continue;
            }
            const bool leading = trim(text.substr(0, *begin)).empty();
            if (leading) out.command = true;
            spans.push_back({*begin, *end, "/" + (leading ? core_command(name) : name)});
        } else if (type == "mention" && !our_name.empty() && ascii_lower(word) == "@" + our_name) {
            spans.push_back({*begin, *end, ""});
        } else if (type == "text_mention") {
            const auto user = id_text(obj(entity, "user"), "id");
            if (user.empty()) continue;
            spans.push_back({*begin, *end, "@" + user});
            out.mentions.push_back(Identity{"telegram", user});
        }
    }
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    std::string result;
    std::size_t at = 0;
    for (const auto& s : spans) {
        if (s.begin < at) continue;  // overlapping entities: the first one wins
        result.append(text.substr(at, s.begin - at));
        result += s.replacement;
        at = s.end;
    }
    result.append(text.substr(at));
    // "@FrontlineBot  my VPN" loses the mention and its spaces.
    std::string collapsed;
    for (char c : trim(result)) {
        if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
        collapsed += c;
    }
    out.text = std::move(collapsed);
    return out;
}

Result<UpdateBatch> parse_get_updates(std::string_view body, const UpdateContext& ctx) {
    const json root = json::parse(body, nullptr, false);
    if (!root.is_object() || !flag(root, "ok") || !root.contains("result") || !root["result"].is_array())
        return make_error(Errc::protocol, "telegram getUpdates: not an {ok:true, result:[…]} answer");
    UpdateBatch batch;
    for (const auto& u : root["result"]) {
        if (!has_update_id(u)) continue;  // nothing to confirm it by: skip
        auto d = decode(u, ctx);
        batch.next_offset = std::max(batch.next_offset.value_or(0), d.update_id + 1);
        batch.updates.push_back(std::move(d));
    }
    return batch;
}

Result<DecodedUpdate> parse_update(std::string_view body, const UpdateContext& ctx) {
    const json u = json::parse(body, nullptr, false);
    if (!has_update_id(u)) return make_error(Errc::protocol, "telegram update: not an object with an update_id");
    return decode(u, ctx);
}

}  // namespace frontline::telegram
