#pragma once
// Slack Web API responses -> values. Logical errors are HTTP 200 with {"ok":false,"error":"…"};
// only 429 matters as a status. https://docs.slack.dev/apis/web-api/
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/slack/socket_frame.hpp"
#include "core/result.hpp"

namespace frontline::slack {

/// What a caller should do with a Web API answer.
enum class ApiVerdict {
    ok,
    retry,         ///< transient (5xx, internal_error, fatal_error, request_timeout, service_unavailable)
    rate_limited,  ///< 429 / ratelimited: wait retry_after, then retry
    rejected,      ///< permanent for this request (channel_not_found, msg_too_long, invalid_blocks, …)
    fatal,         ///< the token is bad or revoked: stop and tell the operator
};

struct ApiStatus {
    ApiVerdict verdict = ApiVerdict::ok;
    std::string error;                ///< Slack's error code, or "http 503"; never a secret
    std::chrono::seconds retry_after{0};
};

/// Seconds to wait on a 429 without a usable Retry-After header (the official SDKs use 30 s).
inline constexpr std::chrono::seconds kDefaultRetryAfter{30};

/// Classifies one response. `retry_after` is the parsed Retry-After header, when present.
ApiStatus classify_api_response(int http_status, std::string_view body,
                                std::optional<std::chrono::seconds> retry_after);

/// The verdict of one Slack error code ("invalid_auth" -> fatal, "ratelimited" -> rate_limited, …).
ApiVerdict verdict_of_error(std::string_view error);

/// Errc matching a verdict, for Result errors (auth, rate_limited, invalid_argument, network).
Errc errc_of(ApiVerdict v);

/// auth.test -> our own ids.
Result<SelfIdentity> parse_auth_test(std::string_view body);
/// apps.connections.open -> the single-use WebSocket URL.
Result<std::string> parse_connections_open(std::string_view body);

/// Where chat.postMessage / chat.update put the message.
struct PostedMessage {
    std::string channel;
    std::string ts;
};
Result<PostedMessage> parse_posted_message(std::string_view body);
/// The metadata event type of our posts; its payload's "key" is the outbox row's key.
inline constexpr const char* kOutboxMetadataType = "frontline_outbox";
/// The key a piece of an outbox message carries: the row's key, with "#2", "#3"… for later pieces.
std::string piece_key(const std::string& idempotency_key, std::size_t piece);

/// Where to look for the posts an unconfirmed attempt may have made: conversations.replies for a
/// reply in a thread, conversations.history otherwise, from `oldest` (unix seconds), with metadata.
struct HistoryLookup {
    std::string method;
    std::vector<std::pair<std::string, std::string>> args;
};
Result<HistoryLookup> history_lookup(std::string_view post_body, long long oldest);
/// A conversations.history / conversations.replies answer -> piece key -> ts of our posts in it.
Result<std::map<std::string, std::string>> parse_posted_keys(std::string_view body);

/// conversations.open -> the DM channel id (D…).
Result<std::string> parse_conversations_open(std::string_view body);

/// What users.info tells us about a person.
struct UserProfile {
    std::string id;
    std::string name;      ///< real name, else display name, else handle
    std::string locale;    ///< "en", "it", … (language part of en-US); may be empty
    std::string tz;        ///< IANA zone, may be empty
    std::string email;     ///< needs users:read.email; may be empty
    std::string phone;     ///< profile.phone as the user typed it; may be empty
    bool is_bot = false;
};
Result<UserProfile> parse_users_info(std::string_view body);

/// What conversations.info says about a channel the bot was given.
struct ChannelInfo {
    std::string id;
    bool is_member = false;    ///< the bot can post only where it is a member (or it is a DM)
    bool is_archived = false;  ///< posting answers is_archived
};
/// conversations.info -> the channel; Slack's own error (channel_not_found, …) as the message.
Result<ChannelInfo> parse_conversations_info(std::string_view body);

/// "D123:1700000000.000100": how a Slack message is named in the outbox (channel and ts).
std::string platform_message_id(std::string_view channel, std::string_view ts);
/// The inverse; nullopt when `id` has no ':'.
std::optional<PostedMessage> split_platform_message_id(std::string_view id);

}  // namespace frontline::slack
