#include "adapters/matrix/matrix_settings.hpp"

#include <cstdlib>

#include <nlohmann/json.hpp>

namespace frontline::matrix {
namespace {

Error bad(const std::string& key, const std::string& what) {
    return make_error(Errc::invalid_argument, "key 'matrix." + key + "': " + what);
}

Result<std::string> string_key(const nlohmann::json& s, const char* key, std::string fallback) {
    const auto it = s.find(key);
    if (it == s.end() || it->is_null()) return fallback;
    if (!it->is_string()) return bad(key, "expected a string");
    return it->get<std::string>();
}

/// "@local:server" / "!opaque:server": a sigil, something, a colon, a server name.
bool is_id(const std::string& s, char sigil) {
    const auto colon = s.find(':');
    return s.size() > 3 && s[0] == sigil && colon != std::string::npos && colon > 1 && colon + 1 < s.size() &&
           s.find_first_of(" \t\r\n/") == std::string::npos;
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
    if (const char* v = std::getenv(name.c_str())) return std::string(v);
    return std::nullopt;
}

std::string server_name_of(const std::string& id) {
    const auto colon = id.find(':');
    return colon == std::string::npos ? std::string{} : id.substr(colon + 1);
}

Status set_agents_rooms(MatrixSettings& settings, const std::vector<std::string>& rooms) {
    for (const auto& room : rooms) {
        if (!is_id(room, '!'))
            return make_error(Errc::invalid_argument, "agents.file: the matrix room '" + room +
                                                          "' is not a room id; expected one such as !abc123:example.org "
                                                          "(Element: Room settings, Advanced)");
        settings.agents_rooms.insert(room);
    }
    return {};
}

Result<MatrixSettings> settings_from_json(const nlohmann::json& section, const EnvLookup& env) {
    if (!section.is_object()) return make_error(Errc::invalid_argument, "key 'matrix': expected an object");
    MatrixSettings s;
#define FRONTLINE_TRY(var, expr) \
    auto var = (expr);           \
    if (!var) return var.error();
    FRONTLINE_TRY(url, string_key(section, "homeserver_url", ""));
    if (!url->starts_with("https://") && !url->starts_with("http://"))
        return bad("homeserver_url", "expected the homeserver's http(s) URL, e.g. https://matrix.example.org");
    s.homeserver_url = *url;
    while (s.homeserver_url.ends_with('/')) s.homeserver_url.pop_back();
    FRONTLINE_TRY(user, string_key(section, "user_id", ""));
    if (!is_id(*user, '@')) return bad("user_id", "expected the bot's full user id, e.g. @frontline:example.org");
    s.user_id = *user;
    // The agents' rooms are the teams' rooms in agents.file, the one place that says where pings go.
    if (section.contains("agents_room"))
        return bad("agents_room", "no longer read: name the agents' room as a team's \"matrix\" room in agents.file "
                                  "(docs/agents.md, \"Where a team's pings go\")");
    if (const auto it = section.find("allowed_homeservers"); it != section.end() && !it->is_null()) {
        if (!it->is_array()) return bad("allowed_homeservers", "expected a list of server names");
        for (const auto& h : *it) {
            if (!h.is_string() || h.get<std::string>().empty() || h.get<std::string>().find_first_of(" /@:") == 0)
                return bad("allowed_homeservers", "expected server names such as \"example.org\"");
            s.allowed_homeservers.push_back(h.get<std::string>());
        }
    }
    if (const auto it = section.find("sync_timeout_seconds"); it != section.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 120)
            return bad("sync_timeout_seconds", "expected a whole number from 1 to 120");
        s.sync_timeout = std::chrono::seconds(it->get<long long>());
    }
    FRONTLINE_TRY(ca, string_key(section, "extra_ca_file", ""));
    s.extra_ca_file = *ca;
    FRONTLINE_TRY(var, string_key(section, "access_token_env", s.access_token_env));
    if (var->empty()) return bad("access_token_env", "names no environment variable");
    s.access_token_env = *var;
    FRONTLINE_TRY(password_var, string_key(section, "password_env", ""));
    s.password_env = *password_var;
#undef FRONTLINE_TRY
    const auto token = env(s.access_token_env);
    if (token && !token->empty()) {
        if (token->find_first_of(" \t\r\n") != std::string::npos)
            return bad("access_token_env", "the value of " + s.access_token_env + " contains white space: not an access token");
        s.access_token = *token;
        return s;
    }
    // No token: a password to log in with once, when the config names where it is.
    const auto password = s.password_env.empty() ? std::nullopt : env(s.password_env);
    if (!password || password->empty()) {
        if (s.password_env.empty())
            return bad("access_token_env", "the environment variable " + s.access_token_env +
                                               " is not set (it should hold the bot account's access token, or name a "
                                               "password's variable in matrix.password_env; see docs/matrix.md)");
        return bad("password_env", "neither " + s.access_token_env + " (an access token) nor " + s.password_env +
                                       " (the bot account's password) is set; see docs/matrix.md");
    }
    s.password = *password;
    return s;
}

}  // namespace frontline::matrix
