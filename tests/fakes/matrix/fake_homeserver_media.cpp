// The fake homeserver's content repository: uploads, m.image / m.file messages, and downloads by
// authenticated media (https://spec.matrix.org/v1.11/client-server-api/#get_matrixclientv1mediadownloadservernamemediaid,
// token required: 401 M_MISSING_TOKEN / M_UNKNOWN_TOKEN) or the legacy unauthenticated
// /_matrix/media/v3/download; a pre-v1.11 server answers the first 404 M_UNRECOGNIZED.
#include "tests/fakes/matrix/fake_homeserver_impl.hpp"

namespace frontline::fakes {

std::string FakeHomeserver::upload_media(std::string bytes, const std::string& content_type) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    const auto id = "FakeMedia" + std::to_string(++s.ids) + "xYz";
    s.media[id] = {std::move(bytes), content_type};
    return "mxc://" + s.opt.server_name + "/" + id;
}

std::string FakeHomeserver::say_media(const std::string& user, const std::string& room_id, const FakeMediaMessage& m) {
    json content = {{"msgtype", m.msgtype}, {"body", m.body}};
    if (!m.filename.empty()) content["filename"] = m.filename;
    json info = {{"mimetype", m.mimetype}};
    if (m.size > 0) info["size"] = m.size;
    content["info"] = info;
    if (m.encrypted) {
        // An EncryptedFile: the url points at ciphertext, the key is in the event itself.
        content["file"] = {{"url", "mxc://" + impl_->opt.server_name + "/EncryptedBlob"},
                           {"key", {{"kty", "oct"}, {"alg", "A256CTR"}, {"k", "c2VjcmV0LWtleQ"}, {"ext", true}, {"key_ops", {"encrypt", "decrypt"}}}},
                           {"iv", "AAAAAAAAAAAAAAAAAAAAAA"},
                           {"hashes", {{"sha256", "fakehash"}}},
                           {"v", "v2"}};
    } else {
        content["url"] = m.mxc;
    }
    return say_content(user, room_id, content.dump());
}

std::string FakeHomeserver::say_content(const std::string& user, const std::string& room_id, const std::string& content_json) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    auto& room = s.rooms[room_id];
    room.id = room_id;
    if (room.members.insert(user).second) s.member_event_locked(room, user, "join", user);
    return s.append_locked(room, {{"type", "m.room.message"}, {"sender", user}, {"content", json::parse(content_json)}})["event_id"]
        .get<std::string>();
}

void FakeHomeserver::fail_media(int count, int status) {
    std::lock_guard lock(impl_->mu);
    impl_->media_failures = count;
    impl_->media_failure_status = status;
}

void FakeHomeserver::delay_media(std::chrono::milliseconds delay) {
    std::lock_guard lock(impl_->mu);
    impl_->media_delay = delay;
}

int FakeHomeserver::media_requests(const std::string& outcome) const {
    std::lock_guard lock(impl_->mu);
    const auto it = impl_->media_outcomes.find(outcome);
    return it == impl_->media_outcomes.end() ? 0 : it->second;
}

net::HttpResponse FakeHomeserver::Impl::media_locked(const std::vector<std::string>& seg, const net::IncomingRequest& req) {
    changed_locked();
    // /_matrix/client/v1/media/download/{server}/{id} or /_matrix/media/v3/download/{server}/{id}
    const bool v1 = seg[1] == "client";
    const std::size_t at = v1 ? 4 : 3;
    if (req.method != "GET" || seg.size() < at + 3 || seg[at] != "download")
        return matrix_error(404, "M_UNRECOGNIZED", "Unrecognized request");
    if (v1) {
        if (!opt.authenticated_media) {
            ++media_outcomes["unrecognized"];
            return matrix_error(404, "M_UNRECOGNIZED", "Unrecognized request");
        }
        const auto auth = req.headers.get("Authorization");
        const std::string token = auth && auth->starts_with("Bearer ") ? auth->substr(7) : std::string();
        if (token.empty() || !devices.count(token)) {
            ++media_outcomes["unauthorized"];
            return token.empty() ? matrix_error(401, "M_MISSING_TOKEN", "Missing access token")
                                 : matrix_error(401, "M_UNKNOWN_TOKEN", "Invalid access token passed.");
        }
    }
    if (media_failures > 0) {
        --media_failures;
        return matrix_error(media_failure_status, "M_UNKNOWN", "Internal server error");
    }
    const auto& server_name = seg[at + 1];
    const auto it = media.find(seg[at + 2]);
    if (server_name != opt.server_name || it == media.end()) return matrix_error(404, "M_NOT_FOUND", "Not found");
    ++media_outcomes[v1 ? "v1" : "legacy"];
    net::HttpResponse r = net::make_response(200, it->second.first, it->second.second);
    // Authenticated media answers carry a Content-Disposition (spec v1.11), inline for safe types.
    r.headers.set("Content-Disposition", "inline");
    return r;
}

}  // namespace frontline::fakes
