#include "adapters/telegram/api_codec.hpp"

#include <nlohmann/json.hpp>

#include "adapters/json_fields.hpp"
#include "core/text.hpp"

namespace frontline::telegram {
namespace {

using nlohmann::json;

bool contains(std::string_view haystack, std::string_view needle) {
    return ascii_lower(haystack).find(needle) != std::string::npos;
}

Result<json> ok_result(std::string_view body, const char* method) {
    json root = json::parse(body, nullptr, false);
    if (!root.is_object() || !json_fields::flag(root, "ok") || !root.contains("result"))
        return make_error(Errc::protocol, std::string("telegram ") + method + ": not an {ok:true, result} answer");
    return std::move(root["result"]);
}

}  // namespace

const char* to_string(ApiVerdict v) noexcept {
    switch (v) {
        case ApiVerdict::ok: return "ok";
        case ApiVerdict::not_modified: return "not_modified";
        case ApiVerdict::stale_query: return "stale_query";
        case ApiVerdict::rate_limited: return "rate_limited";
        case ApiVerdict::conflict: return "conflict";
        case ApiVerdict::blocked: return "blocked";
        case ApiVerdict::rejected: return "rejected";
        case ApiVerdict::auth: return "auth";
        case ApiVerdict::retry: return "retry";
    }
    return "?";
}

ApiStatus classify_response(int http_status, std::string_view body, std::optional<std::chrono::seconds> retry_after_header) {
    ApiStatus s;
    const json root = json::parse(body, nullptr, false);
    const bool envelope = root.is_object() && root.contains("ok") && root["ok"].is_boolean();
    if (envelope && root["ok"].get<bool>() && http_status < 300) return s;
    s.error_code = http_status;
    if (envelope) {
        if (root.contains("error_code") && root["error_code"].is_number_integer()) s.error_code = root["error_code"].get<int>();
        if (root.contains("description") && root["description"].is_string()) s.description = root["description"].get<std::string>();
        const auto params = root.find("parameters");
        if (params != root.end() && params->is_object() && params->contains("retry_after") &&
            (*params)["retry_after"].is_number_integer())
            s.retry_after = std::chrono::seconds((*params)["retry_after"].get<long long>());
    }
    if (s.description.empty()) s.description = "http " + std::to_string(http_status);
    const int code = s.error_code;
    if (code == 429) {
        s.verdict = ApiVerdict::rate_limited;
        if (s.retry_after.count() <= 0) s.retry_after = retry_after_header.value_or(kDefaultRetryAfter);
    } else if (code == 409) {
        s.verdict = ApiVerdict::conflict;
    } else if (code == 401 || (code == 404 && envelope)) {
        // A wrong token answers 401 Unauthorized; a malformed one 404 Not Found.
        s.verdict = ApiVerdict::auth;
    } else if (code == 403) {
        s.verdict = ApiVerdict::blocked;
    } else if (code == 400 && contains(s.description, "message is not modified")) {
        s.verdict = ApiVerdict::not_modified;
    } else if (code == 400 && (contains(s.description, "query is too old") || contains(s.description, "query id is invalid"))) {
        s.verdict = ApiVerdict::stale_query;
    } else if (code >= 400 && code < 500 && envelope) {
        s.verdict = ApiVerdict::rejected;
    } else {
        s.verdict = ApiVerdict::retry;  // 5xx, a proxy's page, a cut answer
    }
    return s;
}

Result<BotIdentity> parse_get_me(std::string_view body) {
    auto r = ok_result(body, "getMe");
    if (!r) return r.error();
    if (!r->is_object() || !r->contains("id") || !(*r)["id"].is_number_integer())
        return make_error(Errc::protocol, "telegram getMe: no id in the answer");
    BotIdentity me;
    me.id = (*r)["id"].get<std::int64_t>();
    if (r->contains("username") && (*r)["username"].is_string()) me.username = (*r)["username"].get<std::string>();
    return me;
}

Result<std::optional<std::string>> parse_message_id(std::string_view body) {
    auto r = ok_result(body, "sendMessage");
    if (!r) return r.error();
    if (r->is_boolean()) return std::optional<std::string>{};
    if (!r->is_object() || !r->contains("message_id") || !(*r)["message_id"].is_number_integer())
        return make_error(Errc::protocol, "telegram: no message_id in the answer");
    return std::optional<std::string>{std::to_string((*r)["message_id"].get<std::int64_t>())};
}

Result<std::string> parse_chat_title(std::string_view body) {
    auto r = ok_result(body, "getChat");
    if (!r) return r.error();
    if (!r->is_object()) return make_error(Errc::protocol, "telegram getChat: no chat in the answer");
    for (const char* key : {"title", "first_name", "username"})
        if (r->contains(key) && (*r)[key].is_string()) return (*r)[key].get<std::string>();
    return std::string{};
}

Result<FileInfo> parse_get_file(std::string_view body) {
    auto r = ok_result(body, "getFile");
    if (!r) return r.error();
    if (!r->is_object()) return make_error(Errc::protocol, "telegram getFile: no File in the answer");
    FileInfo info;
    if (r->contains("file_path") && (*r)["file_path"].is_string()) info.file_path = (*r)["file_path"].get<std::string>();
    if (r->contains("file_size") && (*r)["file_size"].is_number_unsigned()) info.size = (*r)["file_size"].get<std::uint64_t>();
    // A path is appended to a URL: one that could climb out of /file/bot<token>/ is refused.
    if (info.file_path.find("..") != std::string::npos || info.file_path.starts_with('/') ||
        info.file_path.find_first_of("?#\\ \r\n") != std::string::npos)
        return make_error(Errc::protocol, "telegram getFile: an unusable file_path");
    return info;
}

}  // namespace frontline::telegram
