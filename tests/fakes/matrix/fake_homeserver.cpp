// FakeHomeserver's public API: start/stop, rooms and users, faults and observation.
#include "tests/fakes/matrix/fake_homeserver.hpp"

#include <algorithm>

#include "tests/fakes/matrix/fake_homeserver_impl.hpp"

namespace frontline::fakes {

json& FakeHomeserver::Impl::append_locked(FakeRoom& room, json ev) {
    if (!ev.contains("event_id")) ev["event_id"] = next_event_id_locked();
    ev["origin_server_ts"] = 1'700'000'000'000LL + pos;
    ev["room_id"] = room.id;
    room.events.emplace_back(++pos, std::move(ev));
    changed_locked();
    return room.events.back().second;
}

void FakeHomeserver::Impl::member_event_locked(FakeRoom& room, const std::string& user, const std::string& membership,
                                               const std::string& sender, bool is_direct) {
    json content = {{"membership", membership}};
    if (is_direct) content["is_direct"] = true;
    if (membership == "join") content["displayname"] = user.substr(1, user.find(':') - 1);
    append_locked(room, {{"type", "m.room.member"}, {"state_key", user}, {"sender", sender}, {"content", content}});
}

FakeHomeserver::FakeHomeserver(net::Executor executor, FakeHomeserverOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options))) {}

FakeHomeserver::~FakeHomeserver() { stop(); }

Status FakeHomeserver::start() {
    impl_->server = std::make_unique<net::HttpServer>(impl_->ex);
    std::weak_ptr<Impl> weak = impl_;
    impl_->server->on_request([weak](net::IncomingRequest req) -> net::awaitable<net::HttpResponse> {
        auto self = weak.lock();
        if (!self) co_return net::make_response(503, "gone");
        co_return co_await self->handle(std::move(req));
    });
    if (auto ok = impl_->server->listen("127.0.0.1:0"); !ok) return ok;
    impl_->port = impl_->server->port();
    return {};
}

void FakeHomeserver::stop() {
    {
        // A /sync held open for a client that is gone would otherwise keep the io_context busy
        // until its timeout (up to 30 s) and delay the test's teardown.
        std::lock_guard lock(impl_->mu);
        impl_->stopping = true;
    }
    if (impl_->server) impl_->server->stop();
}

std::string FakeHomeserver::url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }
const FakeHomeserverOptions& FakeHomeserver::options() const { return impl_->opt; }

std::string FakeHomeserver::create_room(const std::string& creator, bool encrypted, const std::string& id) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    const auto room_id = id.empty() ? "!room" + std::to_string(++s.ids) + ":" + s.opt.server_name : id;
    auto& room = s.rooms[room_id];
    room.id = room_id;
    room.members.insert(creator);
    s.append_locked(room, {{"type", "m.room.create"}, {"state_key", ""}, {"sender", creator}, {"content", {{"creator", creator}}}});
    s.member_event_locked(room, creator, "join", creator);
    if (encrypted) {
        room.encrypted = true;
        s.append_locked(room, {{"type", "m.room.encryption"}, {"state_key", ""}, {"sender", creator},
                               {"content", {{"algorithm", "m.megolm.v1.aes-sha2"}}}});
    }
    return room_id;
}

void FakeHomeserver::invite_bot(const std::string& room_id, const std::string& inviter, bool is_direct) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    auto& room = s.rooms[room_id];
    room.id = room_id;
    room.invites[s.opt.bot_user_id] = {inviter, is_direct};
    s.member_event_locked(room, s.opt.bot_user_id, "invite", inviter, is_direct);
    room.invited_bot_at = s.pos;
}

void FakeHomeserver::join_bot(const std::string& room_id) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    auto& room = s.rooms[room_id];
    room.id = room_id;
    room.members.insert(s.opt.bot_user_id);
    s.member_event_locked(room, s.opt.bot_user_id, "join", s.opt.bot_user_id);
    room.bot_joined_at = s.pos;
}

std::string FakeHomeserver::say(const std::string& user, const std::string& room_id, const std::string& text,
                                const FakeSay& how) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    auto& room = s.rooms[room_id];
    room.id = room_id;
    if (room.members.insert(user).second) s.member_event_locked(room, user, "join", user);
    if (room.encrypted) {
        // What a client sends in an encrypted room: ciphertext only a device with the keys can read.
        return s.append_locked(room, {{"type", "m.room.encrypted"}, {"sender", user},
                                      {"content", {{"algorithm", "m.megolm.v1.aes-sha2"}, {"ciphertext", "QmFzZTY0Q2lwaGVy"},
                                                   {"device_id", "USERDEVICE"}, {"session_id", "S1"}, {"sender_key", "K1"}}}})["event_id"]
            .get<std::string>();
    }
    std::string body = text;
    std::string html;
    json content = {{"msgtype", how.msgtype}};
    for (const auto& m : how.mentions)
        html += "<a href=\"https://matrix.to/#/" + m + "\">" + m.substr(1, m.find(':') - 1) + "</a> ";
    if (!how.mentions.empty()) {
        body = text;  // clients put the display name in the body; the pill carries the id
        content["m.mentions"] = {{"user_ids", how.mentions}};
    }
    if (!how.reply_to.empty()) {
        // The fallback of a reply (spec before v1.13): the quoted original in body and HTML.
        std::string quoted = "> <someone> the original message\n> second line\n\n";
        body = quoted + body;
        html = "<mx-reply><blockquote><a href=\"https://matrix.to/#/" + room_id + "/" + how.reply_to +
               "\">In reply to</a><br/>the original message</blockquote></mx-reply>" + html;
        content["m.relates_to"] = {{"m.in_reply_to", {{"event_id", how.reply_to}}}};
    }
    if (!how.thread_root.empty())
        content["m.relates_to"] = {{"rel_type", "m.thread"}, {"event_id", how.thread_root}, {"is_falling_back", true},
                                   {"m.in_reply_to", {{"event_id", how.thread_root}}}};
    content["body"] = body;
    if (!html.empty() || !how.reply_to.empty()) {
        content["format"] = "org.matrix.custom.html";
        std::string escaped;
        for (char c : text) escaped += c == '<' ? std::string("&lt;") : c == '&' ? std::string("&amp;") : std::string(1, c);
        content["formatted_body"] = html + escaped;
    }
    return s.append_locked(room, {{"type", "m.room.message"}, {"sender", user}, {"content", content}})["event_id"].get<std::string>();
}

void FakeHomeserver::rate_limit(const std::string& path_part, int count, int retry_after_ms) {
    std::lock_guard lock(impl_->mu);
    impl_->rate_limits[path_part] = {count, retry_after_ms};
}

void FakeHomeserver::lose_send_answers(int count) {
    std::lock_guard lock(impl_->mu);
    impl_->lose_answers = count;
}

void FakeHomeserver::revoke_token() {
    std::lock_guard lock(impl_->mu);
    impl_->devices.clear();
    impl_->changed_locked();
}

std::vector<FakeMatrixMessage> FakeHomeserver::bot_messages() const {
    std::lock_guard lock(impl_->mu);
    return impl_->sent;
}

std::vector<FakeMatrixMessage> FakeHomeserver::bot_messages_in(const std::string& room_id) const {
    std::lock_guard lock(impl_->mu);
    std::vector<FakeMatrixMessage> out;
    for (const auto& m : impl_->sent)
        if (m.room_id == room_id) out.push_back(m);
    return out;
}

int FakeHomeserver::requests_of(const std::string& kind) const {
    std::lock_guard lock(impl_->mu);
    const auto it = impl_->requests.find(kind);
    return it == impl_->requests.end() ? 0 : it->second;
}

std::vector<std::string> FakeHomeserver::sync_sinces() const {
    std::lock_guard lock(impl_->mu);
    return impl_->sinces;
}

std::string FakeHomeserver::last_filter() const {
    std::lock_guard lock(impl_->mu);
    return impl_->filter;
}

int FakeHomeserver::logins() const {
    std::lock_guard lock(impl_->mu);
    return impl_->logins;
}

int FakeHomeserver::repeated_txns() const {
    std::lock_guard lock(impl_->mu);
    return impl_->repeated;
}

bool FakeHomeserver::bot_joined(const std::string& room_id) const {
    std::lock_guard lock(impl_->mu);
    const auto it = impl_->rooms.find(room_id);
    return it != impl_->rooms.end() && it->second.members.count(impl_->opt.bot_user_id) > 0;
}

std::string FakeHomeserver::dm_created_for(const std::string& user) const {
    std::lock_guard lock(impl_->mu);
    const auto it = impl_->dms_created.find(user);
    return it == impl_->dms_created.end() ? std::string{} : it->second;
}

bool FakeHomeserver::wait_until(const std::function<bool()>& pred, std::chrono::milliseconds limit) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        if (pred()) return true;
        std::unique_lock lock(impl_->mu);
        if (impl_->cv.wait_until(lock, deadline) == std::cv_status::timeout) {
            lock.unlock();
            return pred();
        }
    }
}

}  // namespace frontline::fakes
