#pragma once
// Builds the Telegram adapter from the whole configuration document (its "telegram" section), the
// command menus in config/locales/<lang>.telegram.json and the environment: what the service's
// adapter registry calls.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "adapters/net/net.hpp"
#include "adapters/telegram/telegram_adapter.hpp"
#include "adapters/telegram/telegram_settings.hpp"

namespace frontline::telegram {

/// The command menus from every "<lang>.telegram.json" in `locales_dir`; `default_language`'s
/// menu is also the one for users whose language has none. Errors name the file.
Result<void> load_command_menus(const std::filesystem::path& locales_dir, const std::string& default_language,
                                TelegramSettings& settings);

/// `rooms`: the teams' Telegram rooms in agents.file (the agents' groups).
/// Errors read "<config_file>: key 'telegram.…': …" and name environment variables, never their values.
Result<std::unique_ptr<TelegramAdapter>> make_adapter(net::Executor executor, const nlohmann::json& config_root,
                                                      const std::string& config_file,
                                                      const std::filesystem::path& locales_dir,
                                                      std::vector<std::string> rooms = {},
                                                      const EnvLookup& env = process_env);

}  // namespace frontline::telegram
