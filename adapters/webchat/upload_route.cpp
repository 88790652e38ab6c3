// POST /upload and the fetch of what was uploaded (docs/webchat-protocol.md, "Files"): the page
// uploads a file with its session token, gets an id, and names it in its next message.
#include <nlohmann/json.hpp>

#include "adapters/webchat/protocol.hpp"
#include "adapters/webchat/session_token.hpp"
#include "adapters/webchat/webchat_adapter.hpp"

namespace frontline::webchat {
namespace {

/// encodeURIComponent's output back to bytes; nullopt when malformed.
std::optional<std::string> percent_decoded(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        auto hex = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        const int hi = hex(s[i + 1]);
        const int lo = hex(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

net::HttpResponse answer(int status, const std::string& code, const std::string& message) {
    auto r = net::make_response(status, nlohmann::json{{"error", code}, {"message", message}}.dump() + "\n", "application/json");
    r.headers.set("Cache-Control", "no-store");
    return r;
}

bool is_upload_id(std::string_view id) {
    if (id.size() != 64) return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

std::vector<AdapterRoute> WebchatAdapter::http_routes() {
    return {AdapterRoute{"/upload", [this](net::IncomingRequest r) { return upload(std::move(r)); }}};
}

net::awaitable<net::HttpResponse> WebchatAdapter::upload(net::IncomingRequest request) {
    if (request.method != "POST") {
        auto r = answer(405, "method", "POST the file's bytes to /upload");
        r.headers.set("Allow", "POST");
        co_return r;
    }
    if (!options_.keep_upload) co_return answer(404, "no_uploads", "this service takes no files");
    const std::string auth = request.headers.get("Authorization").value_or("");
    const std::string token = auth.starts_with("Bearer ") ? auth.substr(7) : std::string();
    if (!is_minted_session_token(options_.session_key, token)) {
        count_refusal("upload_session");
        co_return answer(401, "bad_session", "an upload needs the page's session token as a bearer token");
    }
    auto name = percent_decoded(request.headers.get("X-File-Name").value_or(""));
    if (!name || name->size() > 255) co_return answer(400, "bad_name", "X-File-Name: the file's name, percent-encoded, at most 255 bytes");
    if (request.body.empty()) co_return answer(400, "empty", "the file is empty");
    if (request.body.size() > options_.max_upload_bytes) {
        count_refusal("upload_too_large");
        co_return answer(413, "too_large", "the file is larger than " + std::to_string(options_.max_upload_bytes / (1024 * 1024)) + " MB");
    }
    const std::string user = user_id_for_token(token);
    if (uploads_ && uploads_->try_acquire(user, std::chrono::steady_clock::now()).count() != 0) {
        count_refusal("uploads");
        co_return answer(429, "rate_limited", "too many files from this conversation: please wait a while");
    }
    const std::size_t size = request.body.size();
    auto keep = options_.keep_upload(std::move(request.body));
    auto kept = co_await std::move(keep);
    if (!kept) co_return answer(503, "unavailable", "the file could not be kept just now: please try again");
    auto r = net::make_response(201, nlohmann::json{{"upload", *kept}, {"name", one_line(*name)}, {"size", size}}.dump() + "\n",
                                "application/json");
    r.headers.set("Cache-Control", "no-store");
    co_return r;
}

net::awaitable<Result<FetchedFile>> WebchatAdapter::fetch_attachment(Attachment attachment, std::size_t max_bytes) {
    // "<user id>/<upload id>": made by on_frame from the page's own conversation.
    const auto slash = attachment.platform_ref.find('/');
    const std::string id = slash == std::string::npos ? std::string() : attachment.platform_ref.substr(slash + 1);
    if (!is_upload_id(id) || !options_.read_upload) co_return make_error(Errc::not_found, "not a web chat upload");
    auto read = options_.read_upload(id);
    auto bytes = co_await std::move(read);
    if (!bytes) co_return bytes.error();
    if (bytes->size() > max_bytes) co_return make_error(Errc::too_large, "the upload is over the size limit");
    co_return FetchedFile{std::move(*bytes), ""};
}

}  // namespace frontline::webchat
