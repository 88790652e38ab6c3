#pragma once
// What the Slack connector needs from the configuration (the "slack" section) and the environment.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "adapters/slack/reply_modal.hpp"
#include "core/result.hpp"

namespace frontline::slack {

enum class LogLevel { debug, info, warn, error };
/// Where the connector reports; never receives a token.
using LogSink = std::function<void(LogLevel, const std::string&)>;

struct SlackSettings {
    std::string api_base_url = "https://slack.com/api/";  ///< also serves apps.connections.open
    std::string bot_token;                 ///< xoxb-…, from the variable named by slack.bot_token_env
    std::string app_token;                 ///< xapp-…, from the variable named by slack.app_token_env
    std::string bot_token_env = "FRONTLINE_SLACK_BOT_TOKEN";  ///< for error messages
    std::string app_token_env = "FRONTLINE_SLACK_APP_TOKEN";
    /// The teams' Slack rooms from agents.file (not a key of the "slack" section): where pings go,
    /// and where plain messages are agents' commands.
    std::set<std::string> agents_channels;
    std::string slash_command = "/frontline";
    int connections = 1;                   ///< Socket Mode connections kept open (Slack allows 10)
    std::chrono::milliseconds request_timeout{15'000};
    /// Whole download of one attachment from Slack's file host.
    std::chrono::milliseconds download_timeout{60'000};
    /// No frame or pong for this long drops a socket as half-open; our pings go out at half of it.
    std::chrono::milliseconds idle_timeout{30'000};
    std::chrono::milliseconds reconnect_initial{500};
    std::chrono::milliseconds reconnect_max{30'000};
    /// Longest a delivery waits inline for a method's Retry-After before handing it back as "retry".
    std::chrono::milliseconds max_inline_wait{5'000};
    std::string extra_ca_file;             ///< PEM trusted besides the system store (tests)
    /// Language -> the short note left (ephemeral, only the user sees it) in a channel where
    /// someone mentioned the bot, saying the conversation goes on in a DM. Empty: no note.
    std::map<std::string, std::string> mention_notice;
    std::string default_language = "en";   ///< for the note when the user's locale has none
    /// Which button payloads ask for text first (the hand-off's Reply); empty: none do.
    std::function<bool(std::string_view payload)> asks_for_text;
    ReplyModalTexts reply_modal;
    LogSink log;                           ///< default: standard error
};

/// Looks up an environment variable; injectable so tests need not touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

/// The process environment.
std::optional<std::string> process_env(const std::string& name);

/// Reads the "slack" section: api_base_url, app_token_env, bot_token_env, slash_command, connections, idle_timeout_seconds. Errors name the key (prefix them with the
/// file) and, for tokens, the variable, never a value.
Result<SlackSettings> settings_from_json(const nlohmann::json& section, const EnvLookup& env = process_env);

}  // namespace frontline::slack
