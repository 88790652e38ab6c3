#pragma once
// Client-server API answers: the standard error envelope {errcode, error, retry_after_ms} classified
// into what the connector does next, and the small bodies it reads (whoami, send, join, rooms).
// https://spec.matrix.org/v1.10/client-server-api/#standard-error-response
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace frontline::matrix {

enum class ApiVerdict {
    ok,
    retry,         ///< network trouble or a server error: try again later
    rate_limited,  ///< M_LIMIT_EXCEEDED: wait retry_after, then try again
    fatal,         ///< M_UNKNOWN_TOKEN / M_MISSING_TOKEN: only the operator can fix it
    rejected,      ///< the request itself is refused (M_FORBIDDEN, M_NOT_FOUND, M_TOO_LARGE, ...)
};

struct ApiStatus {
    ApiVerdict verdict = ApiVerdict::ok;
    int http_status = 200;
    std::string errcode;                    ///< "M_LIMIT_EXCEEDED", empty on success
    std::string error;                      ///< the server's words, for logs
    std::chrono::milliseconds retry_after{0};
};

/// Classifies an answer. A 429 waits the longer of retry_after_ms (body) and the Retry-After header
/// (spec v1.10 sends both), 5 s when neither says.
ApiStatus classify_response(int http_status, std::string_view body, std::optional<std::chrono::seconds> retry_after_header);

/// whoami -> {user_id, device_id}.
struct WhoAmI {
    std::string user_id;
    std::string device_id;
};
Result<WhoAmI> parse_whoami(std::string_view body);

/// What a password login (POST /login) answers: a new device and its access token.
struct LoginAnswer {
    std::string user_id;
    std::string access_token;
    std::string device_id;
};
Result<LoginAnswer> parse_login(std::string_view body);
/// The body of POST /login for `user_id` with `password` (m.login.password, identified by user id).
std::string login_body(const std::string& user_id, const std::string& password);

/// {"event_id": "$…"} of a send.
Result<std::string> parse_event_id(std::string_view body);
/// {"room_id": "!…"} of a join or createRoom.
Result<std::string> parse_room_id(std::string_view body);
/// {"joined_rooms": ["!…", …]}.
Result<std::vector<std::string>> parse_joined_rooms(std::string_view body);

/// Percent-encodes a path segment (room ids carry '!' and ':', txn ids are ours).
std::string path_segment(std::string_view s);

}  // namespace frontline::matrix
