// The HTTP side of the fake homeserver: the client-server endpoints the bot calls, with the spec's
// shapes and errcodes. https://spec.matrix.org/v1.10/client-server-api/
#include <algorithm>
#include <set>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "tests/fakes/matrix/fake_homeserver_impl.hpp"

namespace frontline::fakes {
namespace {

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::map<std::string, std::string> query_of(std::string_view q) {
    std::map<std::string, std::string> out;
    while (!q.empty()) {
        const auto amp = q.find('&');
        const auto pair = q.substr(0, amp);
        const auto eq = pair.find('=');
        if (!pair.empty())
            out[percent_decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        q.remove_prefix(amp + 1);
    }
    return out;
}

/// Path segments after the prefix, decoded.
std::vector<std::string> segments(std::string_view path) {
    std::vector<std::string> out;
    while (!path.empty()) {
        if (path[0] == '/') {
            path.remove_prefix(1);
            continue;
        }
        const auto slash = path.find('/');
        out.push_back(percent_decode(path.substr(0, slash)));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash);
    }
    return out;
}

std::string kind_of(const std::vector<std::string>& seg) {
    // /_matrix/client/v3/<kind>… or /_matrix/client/v3/rooms/{id}/<kind>/…
    if (seg.size() >= 2 && seg[0] == "_matrix" && seg[1] == "client" && seg.size() >= 3 && seg[2] == "versions") return "versions";
    if (seg.size() < 4) return "";
    if (seg[3] == "rooms" && seg.size() >= 6) return seg[5];
    if (seg[3] == "account" && seg.size() >= 5) return seg[4];
    return seg[3];
}

}  // namespace

net::HttpResponse matrix_error(int status, const std::string& errcode, const std::string& error) {
    return net::make_response(status, json{{"errcode", errcode}, {"error", error}}.dump(), "application/json");
}

net::HttpResponse matrix_ok(const json& body) { return net::make_response(200, body.dump(), "application/json"); }

json FakeHomeserver::Impl::sync_body_locked(long long since) {
    const bool initial = since < 0;
    json join = json::object();
    json invite = json::object();
    for (auto& [id, room] : rooms) {
        const bool member = room.members.count(opt.bot_user_id) > 0;
        if (!member && room.invites.count(opt.bot_user_id) && (initial || room.invited_bot_at > since)) {
            const auto& [inviter, direct] = room.invites[opt.bot_user_id];
            json content = {{"membership", "invite"}};
            if (direct) content["is_direct"] = true;
            invite[id] = {{"invite_state",
                           {{"events",
                             {{{"type", "m.room.member"}, {"state_key", inviter}, {"sender", inviter},
                               {"content", {{"membership", "join"}}}},
                              {{"type", "m.room.member"}, {"state_key", opt.bot_user_id}, {"sender", inviter},
                               {"content", content}}}}}}};
            continue;
        }
        if (!member) continue;
        json timeline = json::array();
        std::vector<std::pair<long long, json>> recent;
        bool members_changed = initial || room.bot_joined_at > since;
        for (const auto& [at, ev] : room.events)
            if (initial || at > since) {
                recent.emplace_back(at, ev);
                members_changed = members_changed || ev.value("type", "") == "m.room.member";
            }
        const int limit = initial ? opt.initial_timeline_limit : timeline_limit_locked();
        bool limited = false;
        std::string prev_batch = "s" + std::to_string(since);
        if (limit > 0 && static_cast<int>(recent.size()) > limit) {
            // Cut as a homeserver cuts: the newest `limit` events, and where the older ones end.
            recent.erase(recent.begin(), recent.end() - limit);
            limited = !initial;
            prev_batch = "s" + std::to_string(recent.front().first - 1);
        }
        for (auto& [at, ev] : recent) timeline.push_back(std::move(ev));
        json state = json::array();
        // A room joined since `since` comes with its state, encryption included.
        if (room.encrypted && (initial || room.bot_joined_at > since))
            state.push_back({{"type", "m.room.encryption"}, {"state_key", ""}, {"sender", "@creator:" + opt.server_name},
                             {"event_id", "$enc-" + id}, {"content", {{"algorithm", "m.megolm.v1.aes-sha2"}}}});
        if (timeline.empty() && state.empty()) continue;
        join[id] = {{"timeline", {{"events", timeline}, {"limited", limited}, {"prev_batch", prev_batch}}},
                    {"state", {{"events", state}}}, {"ephemeral", {{"events", json::array()}}}};
        // Sent when the membership changed, as Synapse does with lazy-loaded members.
        if (members_changed) {
            long long invited = 0;
            for (const auto& [user, pending] : room.invites) invited += room.members.count(user) ? 0 : 1;
            join[id]["summary"] = {{"m.joined_member_count", room.members.size()}, {"m.invited_member_count", invited}};
        }
    }
    if (!initial && join.empty() && invite.empty()) return nullptr;
    return {{"next_batch", "s" + std::to_string(pos)},
            {"rooms", {{"join", join}, {"invite", invite}, {"leave", json::object()}}},
            {"presence", {{"events", json::array()}}},
            {"account_data", {{"events", json::array()}}}};
}

net::awaitable<net::HttpResponse> FakeHomeserver::Impl::handle(net::IncomingRequest req) {
    const auto seg = segments(req.path);
    const auto kind = kind_of(seg);
    const auto q = query_of(req.query);
    std::unique_lock lock(mu);
    ++requests[kind.empty() ? req.path : kind];
    changed_locked();
    const bool media_path = seg.size() >= 4 && seg[0] == "_matrix" &&
                            ((seg[1] == "client" && seg[3] == "media") || (seg[1] == "media" && seg[3] == "download"));
    if (media_path) {
        if (media_delay.count() > 0) {
            // A slow media repository: the request is held, the lock is not.
            const auto delay = media_delay;
            lock.unlock();
            boost::asio::steady_timer t(ex, delay);
            co_await t.async_wait(boost::asio::use_awaitable);
            lock.lock();
        }
        co_return media_locked(seg, req);
    }
    if (kind == "versions")
        co_return matrix_ok({{"versions", opt.authenticated_media ? json{"v1.9", "v1.10", "v1.11"} : json{"v1.9", "v1.10"}},
                             {"unstable_features", json::object()}});
    if (kind == "login" && req.method == "POST") {
        const json body = json::parse(req.body, nullptr, false);
        if (!body.is_object()) co_return matrix_error(400, "M_NOT_JSON", "Content not JSON.");
        const auto user = body.value("identifier", json::object()).value("user", "");
        if (body.value("type", "") != "m.login.password" || body.value("password", "") != opt.bot_password ||
            (user != opt.bot_user_id && "@" + user + ":" + opt.server_name != opt.bot_user_id))
            co_return matrix_error(403, "M_FORBIDDEN", "Invalid username or password");
        // Every login is a new device with its own token, as on a real homeserver.
        ++logins;
        const std::string device = "LOGIN" + std::to_string(logins);
        const std::string token = "syt_login_" + std::to_string(logins) + "_" + std::to_string(ids++);
        devices[token] = device;
        co_return matrix_ok({{"user_id", opt.bot_user_id}, {"access_token", token}, {"device_id", device}});
    }
    const auto auth = req.headers.get("Authorization");
    if (!auth) co_return matrix_error(401, "M_MISSING_TOKEN", "Missing access token");
    const std::string token = auth->starts_with("Bearer ") ? std::string(auth->substr(7)) : std::string();
    const auto device_it = devices.find(token);
    if (device_it == devices.end()) co_return matrix_error(401, "M_UNKNOWN_TOKEN", "Invalid access token passed.");
    const std::string device = device_it->second;
    for (auto& [part, limit] : rate_limits) {
        if (limit.first <= 0 || (part != "*" && req.path.find(part) == std::string::npos)) continue;
        --limit.first;
        auto r = matrix_error(429, "M_LIMIT_EXCEEDED", "Too many requests");
        const json body = {{"errcode", "M_LIMIT_EXCEEDED"}, {"error", "Too many requests"}, {"retry_after_ms", limit.second}};
        r.body = body.dump();
        r.headers.set("Retry-After", std::to_string((limit.second + 999) / 1000));
        co_return r;
    }
    if (kind == "whoami") co_return matrix_ok({{"user_id", opt.bot_user_id}, {"device_id", device}, {"is_guest", false}});
    if (kind == "joined_rooms") {
        json list = json::array();
        for (const auto& [id, room] : rooms)
            if (room.members.count(opt.bot_user_id)) list.push_back(id);
        co_return matrix_ok({{"joined_rooms", list}});
    }
    if (kind == "sync") {
        long long since = -1;
        if (const auto it = q.find("since"); it != q.end()) {
            if (it->second.size() < 2 || it->second[0] != 's' || it->second.find_first_not_of("0123456789", 1) != std::string::npos)
                co_return matrix_error(400, "M_INVALID_PARAM", "Invalid since token");
            since = std::stoll(it->second.substr(1));
        }
        sinces.push_back(since < 0 ? "" : "s" + std::to_string(since));
        if (const auto it = q.find("filter"); it != q.end()) {
            if (!json::parse(it->second, nullptr, false).is_object() && it->second.find_first_not_of("0123456789") != std::string::npos)
                co_return matrix_error(400, "M_INVALID_PARAM", "Invalid filter");
            filter = it->second;
        }
        long long timeout_ms = 0;
        if (const auto it = q.find("timeout"); it != q.end() && !it->second.empty() &&
                                               it->second.find_first_not_of("0123456789") == std::string::npos)
            timeout_ms = std::min(std::stoll(it->second), 120'000LL);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        for (;;) {
            json body = sync_body_locked(since);
            if (!body.is_null()) co_return matrix_ok(body);
            if (!devices.count(token)) co_return matrix_error(401, "M_UNKNOWN_TOKEN", "Invalid access token passed.");
            if (stopping || std::chrono::steady_clock::now() >= deadline)
                co_return matrix_ok({{"next_batch", "s" + std::to_string(pos)}, {"rooms", json::object()}});
            // Held like a real long poll: woken by the next event within a few milliseconds.
            lock.unlock();
            boost::asio::steady_timer t(ex, std::chrono::milliseconds(5));
            co_await t.async_wait(boost::asio::use_awaitable);
            lock.lock();
        }
    }
    if (kind == "createRoom" && req.method == "POST") {
        const json body = json::parse(req.body, nullptr, false);
        if (!body.is_object()) co_return matrix_error(400, "M_NOT_JSON", "Content not JSON.");
        const auto id = "!dm" + std::to_string(++ids) + ":" + opt.server_name;
        auto& room = rooms[id];
        room.id = id;
        room.members.insert(opt.bot_user_id);
        member_event_locked(room, opt.bot_user_id, "join", opt.bot_user_id);
        room.bot_joined_at = pos;
        if (body.contains("invite") && body["invite"].is_array())
            for (const auto& u : body["invite"])
                if (u.is_string()) {
                    room.invites[u.get<std::string>()] = {opt.bot_user_id, body.value("is_direct", false)};
                    member_event_locked(room, u.get<std::string>(), "invite", opt.bot_user_id, body.value("is_direct", false));
                    dms_created[u.get<std::string>()] = id;
                }
        co_return matrix_ok({{"room_id", id}});
    }
    // /join/{roomIdOrAlias} or /rooms/{roomId}/join|leave|send
    std::string room_id;
    if (seg.size() >= 5 && seg[3] == "join") room_id = seg[4];
    else if (seg.size() >= 6 && seg[3] == "rooms") room_id = seg[4];
    const auto room_it = rooms.find(room_id);
    if ((kind == "join" || kind == "leave") && req.method == "POST") {
        if (room_it == rooms.end()) co_return matrix_error(404, "M_NOT_FOUND", "No known servers");
        auto& room = room_it->second;
        if (kind == "leave") {
            room.invites.erase(opt.bot_user_id);
            if (room.members.erase(opt.bot_user_id)) member_event_locked(room, opt.bot_user_id, "leave", opt.bot_user_id);
            co_return matrix_ok(json::object());
        }
        if (!room.members.count(opt.bot_user_id)) {
            if (!room.invites.count(opt.bot_user_id)) co_return matrix_error(403, "M_FORBIDDEN", "You are not invited to this room.");
            room.invites.erase(opt.bot_user_id);
            room.members.insert(opt.bot_user_id);
            member_event_locked(room, opt.bot_user_id, "join", opt.bot_user_id);
            room.bot_joined_at = pos;
        }
        co_return matrix_ok({{"room_id", room_id}});
    }
    if (kind == "messages" && req.method == "GET") {
        if (room_it == rooms.end() || !room_it->second.members.count(opt.bot_user_id))
            co_return matrix_error(403, "M_FORBIDDEN", "User " + opt.bot_user_id + " not in room " + room_id);
        const auto position = [&](const char* key, long long fallback) -> long long {
            const auto it = q.find(key);
            if (it == q.end() || it->second.size() < 2 || it->second[0] != 's' ||
                it->second.find_first_not_of("0123456789", 1) != std::string::npos)
                return fallback;
            return std::stoll(it->second.substr(1));
        };
        if (q.count("dir") == 0 || q.at("dir") != "b") co_return matrix_error(400, "M_INVALID_PARAM", "only dir=b here");
        const long long from = position("from", pos), to = position("to", 0);
        long long limit = 10;
        if (const auto it = q.find("limit"); it != q.end() && !it->second.empty() && it->second.find_first_not_of("0123456789") == std::string::npos)
            limit = std::clamp(std::stoll(it->second), 1LL, 1000LL);
        json chunk = json::array();
        json state = json::array();
        std::set<std::string> senders;
        long long oldest = from + 1;
        const auto& events = room_it->second.events;
        for (auto it = events.rbegin(); it != events.rend() && static_cast<long long>(chunk.size()) < limit; ++it) {
            if (it->first > from) continue;
            if (it->first <= to) break;
            chunk.push_back(it->second);
            oldest = it->first;
            const auto sender = it->second.value("sender", "");
            if (senders.insert(sender).second)
                state.push_back({{"type", "m.room.member"}, {"state_key", sender}, {"sender", sender},
                                 {"content", {{"membership", "join"}, {"displayname", sender.substr(1, sender.find(':') - 1)}}}});
        }
        json body = {{"start", "s" + std::to_string(from)}, {"chunk", chunk}, {"state", state}};
        // No "end" once nothing older (down to `to`) is left, as the spec says.
        bool older_left = false;
        for (const auto& [at, ev] : events) older_left = older_left || (at < oldest && at > to);
        if (older_left) body["end"] = "s" + std::to_string(oldest - 1);
        co_return matrix_ok(body);
    }
    if (kind == "send" && req.method == "PUT" && seg.size() >= 8) {
        const auto& txn = seg[7];
        if (room_it == rooms.end() || !room_it->second.members.count(opt.bot_user_id))
            co_return matrix_error(403, "M_FORBIDDEN", "User " + opt.bot_user_id + " not in room " + room_id);
        if (const auto t = txns.find({device, txn}); t != txns.end()) {
            // Idempotent per device: the first answer again, nothing posted.
            ++repeated;
            changed_locked();
            co_return matrix_ok({{"event_id", t->second}});
        }
        if (req.body.size() > 65536) co_return matrix_error(413, "M_TOO_LARGE", "Event too large");
        const json content = json::parse(req.body, nullptr, false);
        if (!content.is_object()) co_return matrix_error(400, "M_NOT_JSON", "Content not JSON.");
        auto& ev = append_locked(room_it->second, {{"type", seg[6]}, {"sender", opt.bot_user_id}, {"content", content},
                                                   {"unsigned", {{"transaction_id", txn}}}});
        FakeMatrixMessage m;
        m.room_id = room_id;
        m.event_id = ev["event_id"].get<std::string>();
        m.txn_id = txn;
        m.msgtype = content.value("msgtype", "");
        m.body = content.value("body", "");
        m.formatted_body = content.value("formatted_body", "");
        const json relates = content.value("m.relates_to", json::object());
        if (relates.value("rel_type", "") == "m.thread") m.thread_root = relates.value("event_id", "");
        if (relates.value("rel_type", "") == "m.replace") m.replaces = relates.value("event_id", "");
        if (const auto mm = content.value("m.mentions", json::object()); mm.contains("user_ids") && mm["user_ids"].is_array())
            for (const auto& u : mm["user_ids"])
                if (u.is_string()) m.mentions.push_back(u.get<std::string>());
        m.content_json = content.dump();
        sent.push_back(m);
        txns[{device, txn}] = m.event_id;
        if (lose_answers > 0) {
            --lose_answers;
            co_return net::make_response(502, "<html>Bad Gateway</html>", "text/html");
        }
        co_return matrix_ok({{"event_id", m.event_id}});
    }
    co_return matrix_error(404, "M_UNRECOGNIZED", "Unrecognized request");
}

}  // namespace frontline::fakes
