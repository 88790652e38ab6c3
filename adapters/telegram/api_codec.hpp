#pragma once
// Bot API answers -> values: the {ok, result} / {ok:false, error_code, description, parameters}
// envelope, classified once into what the caller should do. https://core.telegram.org/bots/api#making-requests
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/telegram/update_codec.hpp"
#include "core/result.hpp"

namespace frontline::telegram {

enum class ApiVerdict {
    ok,
    not_modified,  ///< 400 "message is not modified": the edit is already there, a success
    stale_query,   ///< 400 "query is too old": a late answerCallbackQuery; log it, never retry
    rate_limited,  ///< 429: wait parameters.retry_after
    conflict,      ///< 409: a webhook is set or another process polls; retrying cannot help
    blocked,       ///< 403: the user blocked the bot or left the chat; permanent for that chat
    rejected,      ///< other 4xx: permanent for this request (chat not found, text too long, …)
    auth,          ///< 401/404 on the method: the token is wrong or revoked
    retry,         ///< 5xx, malformed answers: transient
};

struct ApiStatus {
    ApiVerdict verdict = ApiVerdict::ok;
    int error_code = 0;
    std::string description;           ///< Telegram's words, or "http 502"; never the token
    std::chrono::seconds retry_after{0};
    bool ok() const { return verdict == ApiVerdict::ok || verdict == ApiVerdict::not_modified; }
};

/// When a 429 carries no retry_after (Telegram always sends one; a proxy may not).
inline constexpr std::chrono::seconds kDefaultRetryAfter{5};

/// Classifies one answer from its HTTP status and body. `retry_after_header` is the parsed
/// Retry-After header, used when the body's parameters lack one.
ApiStatus classify_response(int http_status, std::string_view body,
                            std::optional<std::chrono::seconds> retry_after_header = std::nullopt);

const char* to_string(ApiVerdict v) noexcept;

/// getMe -> our id and username.
Result<BotIdentity> parse_get_me(std::string_view body);
/// sendMessage / editMessageText -> the message id (as text). An editMessageText of an inline
/// message answers `true` instead: nullopt then.
Result<std::optional<std::string>> parse_message_id(std::string_view body);
/// What getFile says about a file (https://core.telegram.org/bots/api#file).
struct FileInfo {
    std::string file_path;   ///< to append to <api base>/file/bot<token>/; empty: not downloadable
    std::uint64_t size = 0;  ///< file_size when given, else 0
};
/// getFile -> the file's path and size.
Result<FileInfo> parse_get_file(std::string_view body);

/// getChat -> the chat's title (or first name for a private chat).
Result<std::string> parse_chat_title(std::string_view body);

}  // namespace frontline::telegram
