#pragma once
// Builds the Slack adapter from the whole configuration document (its "slack" section), its own
// texts (<lang>.slack.json in the locales folder) and the environment: what the service's adapter
// registry calls.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "adapters/adapter.hpp"
#include "adapters/net/net.hpp"
#include "adapters/slack/slack_settings.hpp"
#include "core/clock.hpp"

namespace frontline::slack {

/// Errors read "<config_file>: key 'slack.…': …" and name environment variables, never their values.
/// The texts' languages follow the config's engine.default_locale and agents.locale (default "en").
/// `rooms`: the teams' Slack rooms from agents.file (SlackSettings::agents_channels).
Result<std::unique_ptr<Adapter>> make_adapter(net::Executor executor, const nlohmann::json& config_root,
                                              const std::string& config_file, const std::filesystem::path& locales_dir,
                                              const Clock& clock, std::vector<std::string> rooms = {},
                                              const EnvLookup& env = process_env);

}  // namespace frontline::slack
