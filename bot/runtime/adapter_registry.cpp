#include "bot/runtime/adapter_registry.hpp"

#include "adapters/matrix/matrix_adapter.hpp"
#include "adapters/matrix/matrix_factory.hpp"
#include "adapters/slack/slack_adapter.hpp"
#include "adapters/slack/slack_factory.hpp"
#include "adapters/telegram/telegram_factory.hpp"
#include "adapters/webchat/webchat_adapter.hpp"
#include "bot/config/engine_config_loader.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/store/outbox_store.hpp"

namespace frontline {

std::vector<AdapterRegistration> platform_adapters() {
    // One entry per platform: {"slack", its capabilities, its factory}, both declared by the
    // adapter's library. The web chat is not here: the service wires it to the HTTP server itself.
    std::vector<AdapterRegistration> all;
    all.push_back({"slack", slack::SlackAdapter::kCapabilities, [](const AdapterContext& c) -> Result<std::unique_ptr<Adapter>> {
                       auto locales = c.config.path("engine.locales_dir", "locales");
                       if (!locales) return locales.error();
                       return slack::make_adapter(c.executor, c.config.root(), c.config.file().string(), *locales, c.clock);
                   }});
    all.push_back({"matrix", matrix::MatrixAdapter::kCapabilities, [](const AdapterContext& c) -> Result<std::unique_ptr<Adapter>> {
                       auto engine = load_engine_config(c.config);
                       if (!engine) return engine.error();
                       matrix::MatrixTexts texts;
                       texts.default_language = engine->settings.default_locale;
                       for (const auto& lang : engine->catalog.languages())
                           texts.encrypted_notice[lang] = engine->catalog.text(lang, "matrix.encrypted_notice");
                       return matrix::make_adapter(c.executor, c.config.root(), c.config.file().string(), std::move(texts));
                   }});
    all.push_back({"telegram", telegram::TelegramAdapter::kCapabilities, [](const AdapterContext& c) -> Result<std::unique_ptr<Adapter>> {
                       auto locales = c.config.path("engine.locales_dir", "locales");
                       if (!locales) return locales.error();
                       auto adapter = telegram::make_adapter(c.executor, c.config.root(), c.config.file().string(), *locales);
                       if (!adapter) return adapter.error();
                       if (auto* store = c.store) {
                           (*adapter)->set_choice_resolver([store](std::int64_t id) {
                               return store->run([id](Store& s) { return OutboxStore(s).message_of(id); });
                           });
                       }
                       return std::unique_ptr<Adapter>(std::move(*adapter));
                   }});
    return all;
}

Result<PlatformCapabilitiesMap> enabled_platforms(const Config& config) {
    PlatformCapabilitiesMap out;
    auto webchat = config.boolean("webchat.enabled", true);
    if (!webchat) return webchat.error();
    if (*webchat) out["webchat"] = webchat::WebchatAdapter::kCapabilities;
    for (const auto& r : platform_adapters()) {
        auto enabled = config.boolean(r.platform + ".enabled", false);
        if (!enabled) return enabled.error();
        if (*enabled) out[r.platform] = r.capabilities;
    }
    return out;
}

Result<std::vector<std::unique_ptr<Adapter>>> make_enabled_adapters(const AdapterContext& context) {
    std::vector<std::unique_ptr<Adapter>> out;
    for (const auto& r : platform_adapters()) {
        auto enabled = context.config.boolean(r.platform + ".enabled", false);
        if (!enabled) return enabled.error();
        if (!*enabled) continue;
        auto adapter = r.make(context);
        if (!adapter) return adapter.error();
        out.push_back(std::move(*adapter));
    }
    return out;
}

}  // namespace frontline
