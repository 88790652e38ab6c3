#include "bot/slack_texts.hpp"

#include "bot/config/engine_config_loader.hpp"
#include "core/handoff/agent_command.hpp"

namespace frontline {

Result<slack::SlackTexts> slack_texts(const Config& config) {
    auto engine = load_engine_config(config);
    if (!engine) return engine.error();
    slack::SlackTexts texts;
    texts.default_language = engine->settings.default_locale;
    for (const auto& lang : engine->catalog.languages())
        texts.mention_notice[lang] = engine->catalog.text(lang, "slack.mention_notice");
    // Agents read the modal in the language the hand-off speaks to them (agents.locale).
    auto agents_locale = config.string("agents.locale", "en");
    if (!agents_locale) return agents_locale.error();
    const std::string lang = engine->catalog.has_language(*agents_locale) ? *agents_locale : texts.default_language;
    texts.reply_modal = {engine->catalog.text(lang, "slack.reply_modal.title"), engine->catalog.text(lang, "slack.reply_modal.label"),
                         engine->catalog.text(lang, "slack.reply_modal.submit"), engine->catalog.text(lang, "slack.reply_modal.cancel")};
    texts.asks_for_text = [](std::string_view payload) {
        const auto button = handoff::parse_button_payload(payload);
        return button && button->verb == handoff::Verb::reply;
    };
    return texts;
}

}  // namespace frontline
