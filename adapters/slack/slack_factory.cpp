#include "adapters/slack/slack_factory.hpp"

#include <nlohmann/json.hpp>

#include "adapters/slack/slack_adapter.hpp"
#include "adapters/slack/slack_texts.hpp"

namespace frontline::slack {
namespace {

/// A string at "section.key" of the config, else `fallback` (the loader validated the types).
std::string config_string(const nlohmann::json& root, const char* section, const char* key, const char* fallback) {
    if (!root.is_object() || !root.contains(section) || !root[section].is_object()) return fallback;
    const auto& s = root[section];
    return s.contains(key) && s[key].is_string() ? s[key].get<std::string>() : fallback;
}

}  // namespace

Result<std::unique_ptr<Adapter>> make_adapter(net::Executor executor, const nlohmann::json& config_root,
                                              const std::string& config_file, const std::filesystem::path& locales_dir,
                                              const Clock& clock, std::vector<std::string> rooms, const EnvLookup& env) {
    static const nlohmann::json kMissing;
    const auto it = config_root.is_object() ? config_root.find("slack") : config_root.end();
    auto settings = settings_from_json(it == config_root.end() ? kMissing : *it, env);
    if (!settings) return make_error(settings.error().code, config_file + ": " + settings.error().message);
    auto texts = load_texts(locales_dir, config_string(config_root, "engine", "default_locale", "en"),
                            config_string(config_root, "agents", "locale", "en"));
    if (!texts) return texts.error();
    settings->mention_notice = std::move(texts->mention_notice);
    settings->default_language = std::move(texts->default_language);
    settings->reply_modal = std::move(texts->reply_modal);
    settings->asks_for_text = std::move(texts->asks_for_text);
    settings->agents_channels = {rooms.begin(), rooms.end()};
    auto adapter = SlackAdapter::create(std::move(executor), std::move(*settings), clock);
    if (!adapter) return make_error(adapter.error().code, config_file + ": slack: " + adapter.error().message);
    return std::unique_ptr<Adapter>(std::move(*adapter));
}

}  // namespace frontline::slack
