#include "adapters/slack/slack_factory.hpp"

#include <nlohmann/json.hpp>

#include "adapters/slack/slack_adapter.hpp"

namespace frontline::slack {

Result<std::unique_ptr<Adapter>> make_adapter(net::Executor executor, const nlohmann::json& config_root,
                                              const std::string& config_file, SlackTexts texts, const EnvLookup& env) {
    static const nlohmann::json kMissing;
    const auto it = config_root.is_object() ? config_root.find("slack") : config_root.end();
    auto settings = settings_from_json(it == config_root.end() ? kMissing : *it, env);
    if (!settings) return make_error(settings.error().code, config_file + ": " + settings.error().message);
    settings->mention_notice = std::move(texts.mention_notice);
    settings->default_language = std::move(texts.default_language);
    settings->reply_modal = std::move(texts.reply_modal);
    settings->asks_for_text = std::move(texts.asks_for_text);
    auto adapter = SlackAdapter::create(std::move(executor), std::move(*settings));
    if (!adapter) return make_error(adapter.error().code, config_file + ": slack: " + adapter.error().message);
    return std::unique_ptr<Adapter>(std::move(*adapter));
}

}  // namespace frontline::slack
