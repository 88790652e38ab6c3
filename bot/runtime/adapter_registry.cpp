#include "bot/runtime/adapter_registry.hpp"

#include <algorithm>

#include "adapters/matrix/matrix_adapter.hpp"
#include "adapters/matrix/matrix_factory.hpp"
#include "adapters/matrix/matrix_settings.hpp"
#include "adapters/matrix/matrix_texts.hpp"
#include "adapters/slack/slack_adapter.hpp"
#include "adapters/slack/slack_factory.hpp"
#include "adapters/slack/slack_settings.hpp"
#include "adapters/telegram/telegram_factory.hpp"
#include "adapters/webchat/webchat_adapter.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/store/outbox_store.hpp"
#include "core/platform.hpp"

namespace frontline {

namespace {

/// The web chat is ours: paced only against runaway loops, per conversation. Its platform-wide rate
/// is no limit at all (a cap of 500/s was what held a 200-user run to ~230 lines/s: each line is
/// answered with two or three messages).
constexpr PaceLimits kWebchatPace{100'000, 100'000, 50, 50, 50};

Status check_slack(const Config& c) {
    auto settings = slack::settings_from_json(*c.find("slack"));
    if (!settings) return make_error(Errc::parse, c.file().string() + ": slack: " + settings.error().message);
    return {};
}

Status check_matrix(const Config& c) {
    // A token or a password (matrix.password_env): the section's reader says which is missing.
    auto settings = matrix::settings_from_json(*c.find("matrix"));
    if (!settings) return make_error(Errc::parse, c.file().string() + ": " + settings.error().message);
    return {};
}

Status check_telegram(const Config& c) {
    auto public_url = c.string("http.public_url", "");
    if (!public_url) return public_url.error();
    auto settings = telegram::settings_from_json(*c.find("telegram"), *public_url);
    if (!settings) return make_error(Errc::parse, c.file().string() + ": telegram: " + settings.error().message);
    auto locales = c.path("engine.locales_dir", "locales");
    if (!locales) return locales.error();
    auto lang = c.string("engine.default_locale", "en");
    if (!lang) return lang.error();
    if (auto menus = telegram::load_command_menus(*locales, *lang, *settings); !menus) return menus.error();
    return {};
}

}  // namespace

std::vector<AdapterRegistration> platform_adapters() {
    // One entry per platform: its capabilities and factory (declared by the adapter's library), its
    // pace, its secrets and its config check. The web chat is not here: the service wires it to the
    // HTTP server itself.
    std::vector<AdapterRegistration> all;
    all.push_back({"slack", slack::SlackAdapter::kCapabilities,
                   [](const AdapterContext& c) -> Result<std::unique_ptr<Adapter>> {
                       auto locales = c.config.path("engine.locales_dir", "locales");
                       if (!locales) return locales.error();
                       return slack::make_adapter(c.executor, c.config.root(), c.config.file().string(), *locales, c.clock,
                                                  rooms_on(c.rooms, "slack"));
                   },
                   // About one message per second per channel. The workspace-wide cap is not
                   // published: start at 20 calls/s and grow while Slack accepts, up to 150/s
                   // (halving on every 429), so an outage's 1,000 first answers are not held to 40/s.
                   PaceLimits{20, 20, 1, 3, 5, 150}, {"slack.app_token_env", "slack.bot_token_env"}, check_slack});
    all.push_back({"matrix", matrix::MatrixAdapter::kCapabilities,
                   [](const AdapterContext& c) -> Result<std::unique_ptr<Adapter>> {
                       auto locales = c.config.path("engine.locales_dir", "locales");
                       if (!locales) return locales.error();
                       auto language = c.config.string("engine.default_locale", "en");
                       if (!language) return language.error();
                       auto texts = matrix::load_texts(*locales, *language);
                       if (!texts) return texts.error();
                       return matrix::make_adapter(c.executor, c.config.root(), c.config.file().string(), std::move(*texts),
                                                   rooms_on(c.rooms, "matrix"));
                   },
                   PaceLimits{10, 10, 2, 5, 3}, {}, check_matrix});
    all.push_back({"telegram", telegram::TelegramAdapter::kCapabilities,
                   [](const AdapterContext& c) -> Result<std::unique_ptr<Adapter>> {
                       auto locales = c.config.path("engine.locales_dir", "locales");
                       if (!locales) return locales.error();
                       auto adapter = telegram::make_adapter(c.executor, c.config.root(), c.config.file().string(), *locales,
                                                             rooms_on(c.rooms, "telegram"));
                       if (!adapter) return adapter.error();
                       if (auto* store = c.store) {
                           (*adapter)->set_choice_resolver([store](std::int64_t id) {
                               return store->run([id](Store& s) { return s.outbox().message_of(id); });
                           });
                       }
                       return std::unique_ptr<Adapter>(std::move(*adapter));
                   },
                   // About one message per second per chat and 30 per second overall.
                   PaceLimits{25, 25, 1, 3, 5}, {"telegram.token_env"}, check_telegram});
    return all;
}

std::map<std::string, PaceLimits> delivery_pacing() {
    std::map<std::string, PaceLimits> pace{{"webchat", kWebchatPace}};
    for (const auto& r : platform_adapters()) pace[r.platform] = r.pace;
    return pace;
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
    const auto registered = platform_adapters();
    for (const auto& platform : kAdapterPlatforms) {
        if (platform == "webchat") continue;  // wired by the service itself
        const bool known = std::any_of(registered.begin(), registered.end(),
                                       [&](const AdapterRegistration& r) { return r.platform == platform; });
        auto enabled = context.config.boolean(std::string(platform) + ".enabled", false);
        if (!enabled) return enabled.error();
        if (*enabled && !known)
            return context.config.error(std::string(platform) + ".enabled",
                                        "this build has no " + std::string(platform) + " adapter");
    }
    for (const auto& r : registered) {
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
