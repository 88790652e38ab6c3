#include "adapters/slack/slack_settings.hpp"

#include <cstdlib>

#include <nlohmann/json.hpp>

namespace frontline::slack {
namespace {

Result<std::string> string_key(const nlohmann::json& s, const char* key, std::string fallback) {
    const auto it = s.find(key);
    if (it == s.end() || it->is_null()) return fallback;
    if (!it->is_string()) return make_error(Errc::invalid_argument, std::string("key 'slack.") + key + "': expected a string");
    return it->get<std::string>();
}

Result<long long> int_key(const nlohmann::json& s, const char* key, long long fallback, long long lo, long long hi) {
    const auto it = s.find(key);
    if (it == s.end() || it->is_null()) return fallback;
    if (!it->is_number_integer() || it->get<long long>() < lo || it->get<long long>() > hi)
        return make_error(Errc::invalid_argument, std::string("key 'slack.") + key + "': expected a whole number from " +
                                                      std::to_string(lo) + " to " + std::to_string(hi));
    return it->get<long long>();
}

Result<std::string> token(const EnvLookup& env, const std::string& key, const std::string& var, const char* prefix,
                          const char* what) {
    if (var.empty()) return make_error(Errc::invalid_argument, "key 'slack." + key + "': names no environment variable");
    auto value = env(var);
    if (!value || value->empty())
        return make_error(Errc::invalid_argument, "key 'slack." + key + "': the environment variable " + var +
                                                      " is not set (it should hold the Slack " + what + ")");
    if (!value->starts_with(prefix))
        return make_error(Errc::invalid_argument, "key 'slack." + key + "': the value of " + var + " is not a Slack " +
                                                      what + " (those start with " + prefix + ")");
    return *value;
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
    if (const char* v = std::getenv(name.c_str())) return std::string(v);
    return std::nullopt;
}

Result<SlackSettings> settings_from_json(const nlohmann::json& section, const EnvLookup& env) {
    if (!section.is_object()) return make_error(Errc::invalid_argument, "key 'slack': expected an object");
    SlackSettings s;
#define FRONTLINE_TRY(var, expr) \
    auto var = (expr);           \
    if (!var) return var.error();
    FRONTLINE_TRY(base, string_key(section, "api_base_url", s.api_base_url));
    if (!base->starts_with("https://") && !base->starts_with("http://"))
        return make_error(Errc::invalid_argument, "key 'slack.api_base_url': expected an http(s) URL");
    s.api_base_url = *base;
    if (!s.api_base_url.ends_with('/')) s.api_base_url += '/';
    FRONTLINE_TRY(app_env, string_key(section, "app_token_env", s.app_token_env));
    FRONTLINE_TRY(bot_env, string_key(section, "bot_token_env", s.bot_token_env));
    s.app_token_env = *app_env;
    s.bot_token_env = *bot_env;
    // Two places for the agents' room disagreed once (a card went to the team's room while this key
    // named another): the teams' rooms in agents.file are the one place now.
    if (section.contains("agents_channel"))
        return make_error(Errc::invalid_argument,
                          "key 'slack.agents_channel' is no longer read: the Slack rooms of the teams in agents.file "
                          "are where pings go and where agents type commands (docs/agents.md); remove the key");
    FRONTLINE_TRY(command, string_key(section, "slash_command", s.slash_command));
    s.slash_command = *command;
    FRONTLINE_TRY(conns, int_key(section, "connections", 1, 1, 10));
    s.connections = static_cast<int>(*conns);
    FRONTLINE_TRY(idle, int_key(section, "idle_timeout_seconds", 30, 2, 600));
    s.idle_timeout = std::chrono::seconds(*idle);
    FRONTLINE_TRY(ca, string_key(section, "extra_ca_file", ""));
    s.extra_ca_file = *ca;
    FRONTLINE_TRY(bot, token(env, "bot_token_env", s.bot_token_env, "xoxb-", "bot token"));
    FRONTLINE_TRY(app, token(env, "app_token_env", s.app_token_env, "xapp-", "app-level token"));
#undef FRONTLINE_TRY
    s.bot_token = *bot;
    s.app_token = *app;
    return s;
}

}  // namespace frontline::slack
