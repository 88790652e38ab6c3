#include "adapters/matrix/sync_codec.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <nlohmann/json.hpp>

#include "adapters/json_fields.hpp"
#include "adapters/matrix/json_repair.hpp"

#include "adapters/matrix/html_text.hpp"
#include "core/text.hpp"

namespace frontline::matrix {
namespace {

using nlohmann::json;
using json_fields::flag;
using json_fields::obj;
using json_fields::str;

const json& events_of(const json& section) {
    static const json empty = json::array();
    const auto it = section.find("events");
    return it != section.end() && it->is_array() ? *it : empty;
}

/// Removes a leading address to us ("@bot:hs: " or "@bot:hs ") so "@frontline:hs claim X" reads "claim X".
std::string strip_self_address(std::string text, const std::string& self) {
    if (self.empty() || !text.starts_with(self)) return text;
    text.erase(0, self.size());
    if (!text.empty() && (text[0] == ':' || text[0] == ',')) text.erase(0, 1);
    return trim(text);
}

struct RoomDecoder {
    const SyncContext& ctx;
    SyncBatch& out;
    std::string room_id;
    std::map<std::string, std::string> names;  ///< user -> display name, from member events
    bool encrypted = false;

    void member(const json& ev) {
        const auto user = str(ev, "state_key");
        const auto name = str(obj(ev, "content"), "displayname");
        if (!user.empty() && !name.empty()) names[user] = name;
    }

    void state_event(const json& ev) {
        const auto type = str(ev, "type");
        if (type == "m.room.encryption") encrypted = true;
        else if (type == "m.room.member") member(ev);
    }

    void timeline_event(const json& ev) {
        if (!ev.is_object()) return ++out.skipped, void();
        const auto type = str(ev, "type");
        if (ev.contains("state_key")) {
            state_event(ev);
            return ++out.skipped, void();
        }
        if (type == "m.room.encrypted") {
            encrypted = true;
            return ++out.skipped, void();
        }
        if (type != "m.room.message") return ++out.skipped, void();
        const auto sender = str(ev, "sender");
        const json& content = obj(ev, "content");
        const auto msgtype = str(content, "msgtype");
        const json& relates = obj(content, "m.relates_to");
        // Our own sends come back with unsigned.transaction_id (and our sender); notices are other
        // bots' output that the spec says never to answer; edits are not new messages.
        if (sender.empty() || sender == ctx.self_user_id || obj(ev, "unsigned").contains("transaction_id") ||
            !(msgtype == "m.text" || msgtype == "m.image" || msgtype == "m.file") ||
            str(relates, "rel_type") == "m.replace" || str(ev, "event_id").empty() ||
            ctx.history)
            return ++out.skipped, void();

        InboundEvent e;
        e.event_id = event_key(str(ev, "event_id"));
        e.kind = InboundKind::text;
        e.from = Identity{"matrix", sender};
        e.received_at = ctx.now;
        std::vector<std::string> pills;
        std::string text;
        const bool media = msgtype != "m.text";
        if (media) {
            if (auto file = media_attachment(content)) e.attachments.push_back(std::move(*file));
        }
        if (media && media_caption(content).empty()) {
            // body is only the file's name: no words came with it
        } else if (str(content, "format") == "org.matrix.custom.html" && !str(content, "formatted_body").empty())
            text = html_to_text(str(content, "formatted_body"), &pills);
        else
            text = trim(strip_reply_fallback(str(content, "body")));
        bool addressed = !ctx.self_user_id.empty() && text.starts_with(ctx.self_user_id);
        e.text = strip_self_address(std::move(text), ctx.self_user_id);
        // m.mentions is the intentional list (spec v1.7); pills in the HTML add nothing it lacks,
        // but older clients send only pills.
        std::vector<std::string> mentioned;
        if (const auto m = obj(content, "m.mentions").find("user_ids"); m != obj(content, "m.mentions").end() && m->is_array())
            for (const auto& u : *m)
                if (u.is_string()) mentioned.push_back(u.get<std::string>());
        for (auto& p : pills) mentioned.push_back(std::move(p));
        for (const auto& u : mentioned) {
            if (u == ctx.self_user_id) {
                addressed = true;
                continue;
            }
            const Identity id{"matrix", u};
            bool seen = false;
            for (const auto& have : e.mentions) seen = seen || have == id;
            if (!seen) e.mentions.push_back(id);
        }
        const auto reply = str(obj(relates, "m.in_reply_to"), "event_id");
        std::string thread;
        if (str(relates, "rel_type") == "m.thread") thread = str(relates, "event_id");
        // In a thread, m.in_reply_to only points at the latest event when is_falling_back is set:
        // that is the thread's fallback, not a real reply.
        if (!reply.empty() && !(thread.size() && flag(relates, "is_falling_back"))) e.reply_to = reply;
        e.where = Address{"matrix", room_id, thread};
        if (const auto it = names.find(sender); it != names.end()) e.display_name = it->second;
        if (e.text.empty() && e.attachments.empty()) return ++out.skipped, void();
        if (addressed) out.addressed_to_us.insert(e.event_id);
        out.events.push_back(std::move(e));
    }
};

}  // namespace

std::optional<MediaId> parse_mxc(std::string_view uri) {
    // https://spec.matrix.org/v1.11/client-server-api/#matrix-content-mxc-uris: mxc://<server-name>/<media-id>,
    // the media id of A-Z a-z 0-9 _ -. Both become URL path segments: anything else is refused.
    constexpr std::string_view scheme = "mxc://";
    if (!uri.starts_with(scheme)) return std::nullopt;
    uri.remove_prefix(scheme.size());
    const auto slash = uri.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 >= uri.size()) return std::nullopt;
    MediaId id{std::string(uri.substr(0, slash)), std::string(uri.substr(slash + 1))};
    const auto server_ok = [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'; };
    const auto media_ok = [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; };
    if (!std::all_of(id.server_name.begin(), id.server_name.end(), server_ok) ||
        !std::all_of(id.media_id.begin(), id.media_id.end(), media_ok))
        return std::nullopt;
    return id;
}

std::string media_caption(const json& content) {
    // Spec v1.10 media captions: with a `filename` that differs from `body`, body is a caption;
    // without one, body is the file's name.
    const auto filename = str(content, "filename");
    const auto body = str(content, "body");
    return !filename.empty() && body != filename ? body : std::string{};
}

std::optional<Attachment> media_attachment(const json& content) {
    Attachment a;
    a.name = str(content, "filename");
    if (a.name.empty()) a.name = str(content, "body");
    const json& info = obj(content, "info");
    a.media_type = str(info, "mimetype");
    if (const auto it = info.find("size"); it != info.end() && it->is_number_unsigned()) a.size = it->get<std::uint64_t>();
    const auto url = str(content, "url");
    if (!url.empty()) {
        if (!parse_mxc(url)) return std::nullopt;
        a.platform_ref = url;
        return a;
    }
    // In an encrypted room the file is an EncryptedFile (content.file) that only a device holding
    // the room keys can decrypt: frontline is not such a device, so the file is unavailable.
    if (content.contains("file") && content["file"].is_object()) {
        a.state = "unavailable";
        return a;
    }
    return std::nullopt;
}

std::string event_key(std::string_view event_id) { return std::string(event_id); }

Result<SyncBatch> parse_sync(std::string_view body, const SyncContext& ctx) {
    json root = json::parse(body, nullptr, false);
    // A lone surrogate or a stray byte in one event would otherwise make every retry fail alike.
    if (root.is_discarded()) root = json::parse(repair_json_text(body), nullptr, false);
    if (!root.is_object()) return make_error(Errc::parse, "matrix /sync: the body is not a JSON object");
    SyncBatch batch;
    batch.next_batch = str(root, "next_batch");
    if (batch.next_batch.empty()) return make_error(Errc::parse, "matrix /sync: no next_batch");
    const json& rooms = obj(root, "rooms");
    for (const auto& [room_id, room] : obj(rooms, "join").items()) {
        RoomDecoder d{ctx, batch, room_id, {}, false};
        for (const auto& ev : events_of(obj(room, "state")))
            if (ev.is_object()) d.state_event(ev);
        for (const auto& ev : events_of(obj(room, "timeline"))) d.timeline_event(ev);
        if (!ctx.history && flag(obj(room, "timeline"), "limited"))
            batch.gaps.push_back(TimelineGap{room_id, str(obj(room, "timeline"), "prev_batch")});
        const json& summary = obj(room, "summary");
        const auto count = [&](const char* key) -> std::optional<int> {
            const auto it = summary.find(key);
            if (it == summary.end() || !it->is_number_integer() || it->get<long long>() < 0) return std::nullopt;
            return static_cast<int>(std::min<long long>(it->get<long long>(), 1'000'000));
        };
        if (RoomSummary sum{count("m.joined_member_count"), count("m.invited_member_count")}; sum.joined || sum.invited)
            batch.summaries[room_id] = sum;
        if (d.encrypted) batch.encrypted_rooms.push_back(room_id);
    }
    for (const auto& [room_id, room] : obj(rooms, "invite").items()) {
        RoomInvite invite{room_id, "", false};
        for (const auto& ev : events_of(obj(room, "invite_state"))) {
            if (!ev.is_object() || str(ev, "type") != "m.room.member" || str(ev, "state_key") != ctx.self_user_id) continue;
            if (str(obj(ev, "content"), "membership") != "invite") continue;
            invite.inviter = str(ev, "sender");
            invite.is_direct = flag(obj(ev, "content"), "is_direct");
        }
        if (!invite.inviter.empty()) batch.invites.push_back(std::move(invite));
    }
    return batch;
}

Result<MessagesPage> parse_messages(std::string_view body, const std::string& room_id, const SyncContext& ctx) {
    json root = json::parse(body, nullptr, false);
    if (root.is_discarded()) root = json::parse(repair_json_text(body), nullptr, false);
    if (!root.is_object()) return make_error(Errc::parse, "matrix /messages: the body is not a JSON object");
    MessagesPage page;
    page.end = str(root, "end");
    const auto chunk = root.find("chunk");
    if (chunk == root.end() || !chunk->is_array()) return make_error(Errc::parse, "matrix /messages: no chunk");
    page.chunk_size = static_cast<int>(chunk->size());
    RoomDecoder d{ctx, page.events, room_id, {}, false};
    for (const auto& ev : root.value("state", json::array()))
        if (ev.is_object()) d.state_event(ev);
    // dir=b: newest first; decoded oldest first, as a timeline reads.
    for (auto it = chunk->rbegin(); it != chunk->rend(); ++it) d.timeline_event(*it);
    return page;
}

std::string messages_filter_json() {
    static const std::string filter =
        json{{"types", {"m.room.message", "m.room.encrypted", "m.room.member"}}, {"lazy_load_members", true}}.dump();
    return filter;
}

std::string sync_filter_json() {
    static const std::string filter = json{
        {"presence", {{"not_types", {"*"}}}},
        {"account_data", {{"not_types", {"*"}}}},
        {"room",
         {{"timeline", {{"limit", 50}, {"types", {"m.room.message", "m.room.encrypted", "m.room.encryption", "m.room.member"}}}},
          {"state", {{"types", {"m.room.encryption", "m.room.member"}}, {"lazy_load_members", true}}},
          {"ephemeral", {{"not_types", {"*"}}}},
          {"account_data", {{"not_types", {"*"}}}}}}}.dump();
    return filter;
}

}  // namespace frontline::matrix
