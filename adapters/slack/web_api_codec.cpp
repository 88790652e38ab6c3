#include "adapters/slack/web_api_codec.hpp"

#include <array>

#include <nlohmann/json.hpp>

namespace frontline::slack {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

/// Parses the body and checks ok:true; an ok:false answer becomes an Error of the matching kind.
Result<json> ok_body(std::string_view body, std::string_view method) {
    json j;
    try {
        j = json::parse(body);
    } catch (const json::exception&) {
        return make_error(Errc::protocol, "slack " + std::string(method) + ": the answer is not JSON");
    }
    if (!j.is_object()) return make_error(Errc::protocol, "slack " + std::string(method) + ": the answer is not an object");
    const auto ok = j.find("ok");
    if (ok == j.end() || !ok->is_boolean()) return make_error(Errc::protocol, "slack " + std::string(method) + ": no 'ok' field");
    if (!ok->get<bool>()) {
        const auto error = str(j, "error");
        return make_error(errc_of(verdict_of_error(error)), "slack " + std::string(method) + ": " + error);
    }
    return j;
}

}  // namespace

ApiVerdict verdict_of_error(std::string_view error) {
    // https://docs.slack.dev/apis/web-api/#errors : these say the token itself is unusable.
    static constexpr std::array<std::string_view, 9> kFatal = {
        "not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired",
        "user_removed_from_team", "team_disabled", "no_permission", "not_allowed_token_type"};
    static constexpr std::array<std::string_view, 5> kTransient = {
        "internal_error", "fatal_error", "request_timeout", "service_unavailable", "team_added_to_org"};
    if (error == "ratelimited" || error == "rate_limited") return ApiVerdict::rate_limited;
    for (auto f : kFatal)
        if (error == f) return ApiVerdict::fatal;
    for (auto t : kTransient)
        if (error == t) return ApiVerdict::retry;
    return ApiVerdict::rejected;
}

Errc errc_of(ApiVerdict v) {
    switch (v) {
        case ApiVerdict::ok: return Errc::invalid_argument;
        case ApiVerdict::retry: return Errc::network;
        case ApiVerdict::rate_limited: return Errc::rate_limited;
        case ApiVerdict::rejected: return Errc::invalid_argument;
        case ApiVerdict::fatal: return Errc::auth;
    }
    return Errc::protocol;
}

ApiStatus classify_api_response(int http_status, std::string_view body,
                                std::optional<std::chrono::seconds> retry_after) {
    ApiStatus s;
    if (http_status == 429) {
        s.verdict = ApiVerdict::rate_limited;
        s.error = "ratelimited";
        s.retry_after = retry_after.value_or(kDefaultRetryAfter);
        return s;
    }
    if (http_status >= 500 || http_status == 408) {
        s.verdict = ApiVerdict::retry;
        s.error = "http " + std::to_string(http_status);
        return s;
    }
    if (http_status == 401 || http_status == 403) {
        s.verdict = ApiVerdict::fatal;
        s.error = "http " + std::to_string(http_status);
        return s;
    }
    if (http_status != 200) {
        s.verdict = ApiVerdict::rejected;
        s.error = "http " + std::to_string(http_status);
        return s;
    }
    json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
    const auto ok = j.is_object() ? j.find("ok") : j.end();
    if (!j.is_object() || ok == j.end() || !ok->is_boolean()) {
        // A 200 whose body is not Slack's JSON: a proxy or an outage page. Worth another try.
        s.verdict = ApiVerdict::retry;
        s.error = "malformed answer";
        return s;
    }
    if (ok->get<bool>()) return s;
    s.error = str(j, "error");
    s.verdict = verdict_of_error(s.error);
    if (s.verdict == ApiVerdict::rate_limited) s.retry_after = retry_after.value_or(kDefaultRetryAfter);
    return s;
}

Result<SelfIdentity> parse_auth_test(std::string_view body) {
    auto j = ok_body(body, "auth.test");
    if (!j) return j.error();
    SelfIdentity self{str(*j, "user_id"), str(*j, "bot_id"), str(*j, "team_id")};
    if (self.user_id.empty()) return make_error(Errc::protocol, "slack auth.test: no user_id in the answer");
    return self;
}

Result<std::string> parse_connections_open(std::string_view body) {
    auto j = ok_body(body, "apps.connections.open");
    if (!j) return j.error();
    auto url = str(*j, "url");
    if (!url.starts_with("wss://") && !url.starts_with("ws://"))
        return make_error(Errc::protocol, "slack apps.connections.open: no WebSocket url in the answer");
    return url;
}

Result<PostedMessage> parse_posted_message(std::string_view body) {
    auto j = ok_body(body, "chat");
    if (!j) return j.error();
    PostedMessage m{str(*j, "channel"), str(*j, "ts")};
    if (m.ts.empty()) m.ts = str(*j, "message_ts");  // chat.postEphemeral
    if (m.ts.empty()) return make_error(Errc::protocol, "slack chat: no ts in the answer");
    return m;
}

Result<std::string> parse_conversations_open(std::string_view body) {
    auto j = ok_body(body, "conversations.open");
    if (!j) return j.error();
    const auto ch = j->find("channel");
    if (ch == j->end() || !ch->is_object() || str(*ch, "id").empty())
        return make_error(Errc::protocol, "slack conversations.open: no channel id in the answer");
    return str(*ch, "id");
}

Result<ChannelInfo> parse_conversations_info(std::string_view body) {
    auto j = ok_body(body, "conversations.info");
    if (!j) return j.error();
    const auto ch = j->find("channel");
    if (ch == j->end() || !ch->is_object() || str(*ch, "id").empty())
        return make_error(Errc::protocol, "slack conversations.info: no channel in the answer");
    auto flag = [&](const char* key) {
        const auto f = ch->find(key);
        return f != ch->end() && f->is_boolean() && f->get<bool>();
    };
    // A DM (is_im) has no is_member: the bot is in it by construction.
    return ChannelInfo{str(*ch, "id"), flag("is_member") || flag("is_im"), flag("is_archived")};
}

Result<UserProfile> parse_users_info(std::string_view body) {
    auto j = ok_body(body, "users.info");
    if (!j) return j.error();
    const auto u = j->find("user");
    if (u == j->end() || !u->is_object()) return make_error(Errc::protocol, "slack users.info: no user in the answer");
    UserProfile p;
    p.id = str(*u, "id");
    p.tz = str(*u, "tz");
    if (const auto b = u->find("is_bot"); b != u->end() && b->is_boolean()) p.is_bot = b->get<bool>();
    // Slack locales look like "en-US" or "it-IT"; the engine speaks language codes.
    auto locale = str(*u, "locale");
    p.locale = locale.substr(0, locale.find_first_of("-_"));
    const json empty = json::object();
    const auto prof = u->find("profile");
    const json& profile = prof != u->end() && prof->is_object() ? *prof : empty;
    p.email = str(profile, "email");
    p.phone = str(profile, "phone");
    for (const auto& candidate : {str(profile, "real_name"), str(*u, "real_name"), str(profile, "display_name"), str(*u, "name")})
        if (!candidate.empty()) {
            p.name = candidate;
            break;
        }
    return p;
}

std::string platform_message_id(std::string_view channel, std::string_view ts) {
    return std::string(channel) + ":" + std::string(ts);
}

std::optional<PostedMessage> split_platform_message_id(std::string_view id) {
    const auto colon = id.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == id.size()) return std::nullopt;
    return PostedMessage{std::string(id.substr(0, colon)), std::string(id.substr(colon + 1))};
}

std::string piece_key(const std::string& idempotency_key, std::size_t piece) {
    return piece == 0 ? idempotency_key : idempotency_key + "#" + std::to_string(piece + 1);
}

Result<HistoryLookup> history_lookup(std::string_view post_body, long long oldest) {
    const auto body = json::parse(post_body, nullptr, false);
    const auto channel = str(body, "channel");
    if (channel.empty()) return make_error(Errc::invalid_argument, "slack: a post body without a channel");
    HistoryLookup l;
    l.args = {{"channel", channel}, {"oldest", std::to_string(oldest)}, {"include_all_metadata", "true"}, {"limit", "200"}};
    if (const auto thread = str(body, "thread_ts"); !thread.empty()) {
        // Replies live in their thread, not in the channel's history.
        l.method = "conversations.replies";
        l.args.emplace_back("ts", thread);
    } else {
        l.method = "conversations.history";
    }
    return l;
}

Result<std::map<std::string, std::string>> parse_posted_keys(std::string_view body) {
    auto j = ok_body(body, "conversations.history");
    if (!j) return j.error();
    const auto messages = j->find("messages");
    if (messages == j->end() || !messages->is_array()) return make_error(Errc::protocol, "slack history: no messages in the answer");
    std::map<std::string, std::string> keys;
    for (const auto& m : *messages) {
        if (!m.is_object()) continue;
        const auto meta = m.find("metadata");
        if (meta == m.end() || !meta->is_object() || str(*meta, "event_type") != kOutboxMetadataType) continue;
        const auto payload = meta->find("event_payload");
        if (payload == meta->end() || !payload->is_object()) continue;
        const auto ts = str(m, "ts");
        if (ts.empty()) continue;
        if (const auto key = str(*payload, "key"); !key.empty()) keys.emplace(key, ts);
        // A post that holds several rows (message_fold.hpp) lists all their keys.
        if (const auto all = payload->find("keys"); all != payload->end() && all->is_array())
            for (const auto& k : *all)
                if (k.is_string() && !k.get<std::string>().empty()) keys.emplace(k.get<std::string>(), ts);
    }
    return keys;
}

}  // namespace frontline::slack
