#include "adapters/telegram/telegram_settings.hpp"

#include <cstdlib>

#include <nlohmann/json.hpp>

namespace frontline::telegram {
namespace {

Error key_error(const std::string& key, const std::string& what) {
    return make_error(Errc::invalid_argument, "key 'telegram." + key + "': " + what);
}

Result<std::string> string_key(const nlohmann::json& s, const char* key, std::string fallback) {
    const auto it = s.find(key);
    if (it == s.end() || it->is_null()) return fallback;
    if (!it->is_string()) return key_error(key, "expected a string");
    return it->get<std::string>();
}

bool token_shaped(const std::string& t) {
    // BotFather's tokens: the bot's numeric id, a colon, then letters, digits, '_' and '-'.
    const auto colon = t.find(':');
    if (colon == 0 || colon == std::string::npos || colon + 20 > t.size()) return false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (i < colon ? !(c >= '0' && c <= '9')
                      : i > colon && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

bool secret_shaped(const std::string& s) {
    if (s.empty() || s.size() > 256) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-')) return false;
    return true;
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
    if (const char* v = std::getenv(name.c_str())) return std::string(v);
    return std::nullopt;
}

Status set_agents_chats(TelegramSettings& settings, const std::vector<std::string>& rooms) {
    for (const auto& room : rooms) {
        // A chat id is a number ("-100…" for a supergroup); a name or @handle cannot be posted to.
        if (room.empty() || room.find_first_not_of("-0123456789") != std::string::npos)
            return make_error(Errc::invalid_argument, "agents.file: the telegram room '" + room +
                                                          "' is not a chat id; expected a number such as \"-1001234567890\"");
        settings.agents_chats.insert(room);
    }
    return {};
}

Result<TelegramSettings> settings_from_json(const nlohmann::json& section, const std::string& public_url, const EnvLookup& env) {
    if (!section.is_object()) return make_error(Errc::invalid_argument, "key 'telegram': expected an object");
    TelegramSettings s;
#define FRONTLINE_TRY(var, expr) \
    auto var = (expr);           \
    if (!var) return var.error();
    FRONTLINE_TRY(base, string_key(section, "api_base_url", s.api_base_url));
    if (!base->starts_with("https://") && !base->starts_with("http://")) return key_error("api_base_url", "expected an http(s) URL");
    s.api_base_url = *base;
    while (s.api_base_url.ends_with('/')) s.api_base_url.pop_back();

    FRONTLINE_TRY(mode, string_key(section, "mode", "polling"));
    if (*mode == "polling") s.mode = Mode::polling;
    else if (*mode == "webhook") s.mode = Mode::webhook;
    else return key_error("mode", "expected \"polling\" or \"webhook\"");

    // The agents' groups are the teams' rooms in agents.file, the one place that says where pings
    // go; a second key here could (and did, on Slack) disagree with it.
    if (section.contains("agents_chat_id"))
        return key_error("agents_chat_id", "no longer read: name the agents' group as a team's \"telegram\" room in "
                                           "agents.file (docs/agents.md, \"Where a team's pings go\")");

    const auto timeout = section.find("poll_timeout_seconds");
    if (timeout != section.end() && !timeout->is_null()) {
        if (!timeout->is_number_integer() || timeout->get<int>() < 1 || timeout->get<int>() > 50)
            return key_error("poll_timeout_seconds", "expected a whole number from 1 to 50 (Telegram's cap)");
        s.poll_timeout_seconds = timeout->get<int>();
    }
    FRONTLINE_TRY(path, string_key(section, "webhook_path", s.webhook_path));
    if (!path->starts_with('/') || path->find_first_of("?# ") != std::string::npos)
        return key_error("webhook_path", "expected a path starting with '/'");
    s.webhook_path = *path;
    std::string origin = public_url;
    while (origin.ends_with('/')) origin.pop_back();
    FRONTLINE_TRY(url, string_key(section, "webhook_url", origin.empty() ? std::string() : origin + s.webhook_path));
    s.webhook_url = *url;
    FRONTLINE_TRY(ca, string_key(section, "extra_ca_file", ""));
    s.extra_ca_file = *ca;

    FRONTLINE_TRY(token_env, string_key(section, "token_env", s.token_env));
    s.token_env = *token_env;
    if (s.token_env.empty()) return key_error("token_env", "names no environment variable");
    const auto token = env(s.token_env);
    if (!token || token->empty())
        return key_error("token_env", "the environment variable " + s.token_env + " is not set (it should hold the bot token from BotFather)");
    if (!token_shaped(*token))
        return key_error("token_env", "the value of " + s.token_env + " is not a bot token (BotFather's tokens look like 123456789:AA…)");
    s.token = *token;

    FRONTLINE_TRY(secret_env, string_key(section, "webhook_secret_env", s.webhook_secret_env));
    s.webhook_secret_env = *secret_env;
    if (s.mode == Mode::webhook) {
        if (s.webhook_url.empty()) return key_error("webhook_url", "webhook mode needs the public https URL Telegram posts to (or http.public_url)");
        if (!s.webhook_url.starts_with("https://") && !s.webhook_url.starts_with("http://"))
            return key_error("webhook_url", "expected an https URL");
        const auto secret = env(s.webhook_secret_env);
        if (!secret || secret->empty())
            return key_error("webhook_secret_env", "the environment variable " + s.webhook_secret_env +
                                                       " is not set (webhook mode needs a secret Telegram sends back with every update)");
        if (!secret_shaped(*secret))
            return key_error("webhook_secret_env", "the value of " + s.webhook_secret_env + " must be 1-256 of A-Z a-z 0-9 _ -");
        s.webhook_secret = *secret;
    }
#undef FRONTLINE_TRY
    return s;
}

std::string mask_token(std::string text, const std::string& token) {
    if (token.empty()) return text;
    const auto colon = token.find(':');
    for (const std::string& secret : {token, colon == std::string::npos ? std::string() : token.substr(colon + 1)}) {
        if (secret.size() < 8) continue;
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) text.replace(at, secret.size(), "<token>");
    }
    return text;
}

}  // namespace frontline::telegram
