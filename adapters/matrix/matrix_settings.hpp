#pragma once
// What the Matrix connector needs from the configuration (the "matrix" section) and the environment.
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/result.hpp"

namespace frontline::matrix {

enum class LogLevel { debug, info, warn, error };
/// Where the connector reports; never receives the access token.
using LogSink = std::function<void(LogLevel, const std::string&)>;

struct MatrixSettings {
    std::string homeserver_url;            ///< "https://matrix.example.org" (no trailing slash)
    std::string user_id;                   ///< "@frontline:example.org"; whoami must agree
    std::string access_token;              ///< from the variable named by matrix.access_token_env
    std::string access_token_env = "FRONTLINE_MATRIX_TOKEN";  ///< for error messages
    /// Set when access_token_env's variable is not: the bot logs in once with this password and
    /// keeps the access token (and so its device, which txnIds belong to) in the store.
    std::string password;
    std::string password_env;              ///< the variable password came from, for error messages
    std::set<std::string> agents_rooms;    ///< the teams' rooms in agents.file ("!room:hs"); may be none
    /// Server names whose users' invites are joined ("example.org"); empty: only the bot's own.
    std::vector<std::string> allowed_homeservers;
    /// How long the homeserver holds a /sync open; the HTTP read timeout is longer.
    std::chrono::milliseconds sync_timeout{30'000};
    std::chrono::milliseconds request_timeout{15'000};
    /// Whole download of one attachment from the media repository.
    std::chrono::milliseconds download_timeout{60'000};
    std::chrono::milliseconds reconnect_initial{500};
    std::chrono::milliseconds reconnect_max{30'000};
    /// Longest a delivery waits inline for M_LIMIT_EXCEEDED before handing it back as "retry".
    std::chrono::milliseconds max_inline_wait{5'000};
    std::string extra_ca_file;             ///< PEM trusted besides the system store (tests)
    /// Language -> the notice posted once in a room with end-to-end encryption.
    std::map<std::string, std::string> encrypted_notice;
    std::string default_language = "en";
    LogSink log;                           ///< default: standard error
};

/// Looks up an environment variable; injectable so tests need not touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

/// The process environment.
std::optional<std::string> process_env(const std::string& name);

/// The server name of a user or room id ("@a:example.org" -> "example.org"); empty when none.
std::string server_name_of(const std::string& id);

/// The teams' Matrix rooms from agents.file become the agents' rooms (joined at start, bot status
/// there as m.notice); an error names a room that is not a room id.
Status set_agents_rooms(MatrixSettings& settings, const std::vector<std::string>& rooms);

/// Reads the "matrix" section: homeserver_url, user_id, access_token_env (or password_env when that
/// variable is not set),
/// allowed_homeservers, sync_timeout_seconds, extra_ca_file. Errors name the key (prefix them with
/// the file) and, for the token, the variable, never its value.
Result<MatrixSettings> settings_from_json(const nlohmann::json& section, const EnvLookup& env = process_env);

}  // namespace frontline::matrix
