#pragma once
// Builds the Slack adapter from the whole configuration document (its "slack" section) and the
// environment: what the service's adapter registry calls.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "adapters/adapter.hpp"
#include "adapters/net/net.hpp"
#include "adapters/slack/slack_settings.hpp"

namespace frontline::slack {

/// What the adapter says in its own name, per language (the texts live with the other locales).
struct SlackTexts {
    std::map<std::string, std::string> mention_notice;  ///< language -> text
    std::string default_language = "en";
    ReplyModalTexts reply_modal;                         ///< in the desk's (default) language
    /// Button payloads that ask for text first (the hand-off's Reply).
    std::function<bool(std::string_view payload)> asks_for_text;
};

/// Errors read "<config_file>: key 'slack.…': …" and name environment variables, never their values.
Result<std::unique_ptr<Adapter>> make_adapter(net::Executor executor, const nlohmann::json& config_root,
                                              const std::string& config_file, SlackTexts texts = {},
                                              const EnvLookup& env = process_env);

}  // namespace frontline::slack
