#pragma once
// What the Telegram connector needs from the configuration (the "telegram" section) and the
// environment.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/result.hpp"

namespace frontline::telegram {

enum class LogLevel { debug, info, warn, error };
/// Where the connector reports. Lines pass through mask_token() first: the token is part of every
/// Bot API URL, so no line may ever carry it.
using LogSink = std::function<void(LogLevel, const std::string&)>;

/// Looks up an environment variable; injectable so tests need not touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
std::optional<std::string> process_env(const std::string& name);

enum class Mode { polling, webhook };

/// One entry of the command menu (setMyCommands).
struct BotCommand {
    std::string command;      ///< 1-32 of a-z, 0-9, _ without the slash
    std::string description;  ///< 1-256 characters
};

struct TelegramSettings {
    std::string api_base_url = "https://api.telegram.org";  ///< no trailing slash
    std::string token;                                      ///< "123456:ABC…", from token_env
    std::string token_env = "FRONTLINE_TELEGRAM_TOKEN";     ///< for error messages
    Mode mode = Mode::polling;
    std::set<std::string> agents_chats;  ///< the teams' groups in agents.file ("-100…"); may be none
    int poll_timeout_seconds = 30;       ///< getUpdates long-poll hold (Telegram caps it at 50)
    std::string webhook_path = "/telegram/webhook";
    std::string webhook_url;             ///< public https URL Telegram posts to (webhook mode)
    std::string webhook_secret;          ///< from webhook_secret_env (webhook mode)
    std::string webhook_secret_env = "FRONTLINE_TELEGRAM_WEBHOOK_SECRET";
    std::string extra_ca_file;           ///< PEM trusted besides the system store (tests)
    std::chrono::milliseconds request_timeout{15'000};
    /// Of a photo's sizes the largest up to this is kept: attachments.max_bytes (default 10 MB),
    /// at most the 20 MB the Bot API lets bots download.
    std::uint64_t max_photo_bytes = 10u * 1024 * 1024;
    /// Whole download of one attachment (up to the Bot API's 20 MB over a slow link).
    std::chrono::milliseconds download_timeout{60'000};
    std::chrono::milliseconds reconnect_initial{500};
    std::chrono::milliseconds reconnect_max{30'000};
    /// Longest a delivery waits inline for a 429's retry_after before handing it back as "retry".
    std::chrono::milliseconds max_inline_wait{3'000};
    /// Command menus per language ("" = every language without its own): requesters' in private
    /// chats, agents' in the agents' group.
    std::map<std::string, std::vector<BotCommand>> user_commands;
    std::map<std::string, std::vector<BotCommand>> agent_commands;
    LogSink log;                         ///< default: standard error
};

/// The teams' Telegram rooms from agents.file become the agents' groups; an error names a room
/// that is not a numeric chat id.
Status set_agents_chats(TelegramSettings& settings, const std::vector<std::string>& rooms);

/// Reads the "telegram" section: api_base_url, token_env, mode,
/// poll_timeout_seconds, webhook_path, webhook_url, webhook_secret_env, extra_ca_file. Errors name
/// the key (prefix them with the file) and, for secrets, the variable, never a value.
/// `public_url` (http.public_url) gives the default webhook_url.
Result<TelegramSettings> settings_from_json(const nlohmann::json& section, const std::string& public_url = {},
                                            const EnvLookup& env = process_env);

/// `text` with every occurrence of `token` (and of its secret part after the colon) replaced by
/// "<token>".
std::string mask_token(std::string text, const std::string& token);

}  // namespace frontline::telegram
