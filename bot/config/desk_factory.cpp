#include "bot/config/desk_factory.hpp"


#include <random>

#include <nlohmann/json.hpp>

#include "bot/config/alert_rules_loader.hpp"
#include "bot/config/attachments_config.hpp"
#include "bot/config/calls_config.hpp"
#include "bot/config/core_settings.hpp"
#include "bot/config/engine_config_loader.hpp"
#include "bot/config/file_text.hpp"
#include "bot/config/team_rooms.hpp"
#include "bot/config/zoneinfo_source.hpp"
#include "core/handoff/desk.hpp"

namespace frontline {
namespace {

/// 64 bits from the system's random source (getrandom / /dev/urandom behind std::random_device on
/// Linux), for one-time `link` codes: nobody may guess a code during its few minutes of life.
std::uint64_t system_random_bits() {
    static thread_local std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ static_cast<std::uint64_t>(device());
}

/// Every config/locales/<lang>.handoff.json, one language each.
Result<handoff::Texts> load_handoff_texts(const Config& config) {
    auto dir = config.path("engine.locales_dir", "locales");
    if (!dir) return dir.error();
    handoff::Texts texts;
    std::error_code ec;
    const std::string suffix = ".handoff.json";
    for (const auto& entry : std::filesystem::directory_iterator(*dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        auto text = read_text_file(entry.path());
        if (!text) return text.error();
        auto j = nlohmann::json::parse(*text, nullptr, false);
        if (j.is_discarded()) return make_error(Errc::parse, entry.path().string() + ": not valid JSON");
        const std::string lang = name.substr(0, name.size() - suffix.size());
        if (auto ok = texts.add_language(lang, j, entry.path().string()); !ok) return ok.error();
    }
    if (ec) return make_error(Errc::not_found, dir->string() + ": " + ec.message());
    if (!texts.has_language("en")) return make_error(Errc::parse, dir->string() + ": en.handoff.json is missing");
    if (auto ok = texts.validate(); !ok) return ok.error();
    return texts;
}

/// desk.time_zone: the zone times are said in to people whose own zone is unknown; absent, the
/// default business calendar's (null here).
Result<std::shared_ptr<const TimeZone>> load_desk_zone(const Config& config, const ZoneSource& zones) {
    if (!config.find("desk.time_zone")) return std::shared_ptr<const TimeZone>{};
    auto name = config.string("desk.time_zone");
    if (!name) return name.error();
    if (!is_zone_name(*name)) return config.error("desk.time_zone", "'" + *name + "' is not an IANA time zone name such as Europe/Rome");
    auto bytes = zones(*name);
    if (!bytes) return config.error("desk.time_zone", "unknown time zone '" + *name + "' (" + bytes.error().message + ")");
    auto zone = TimeZone::from_tzif(*bytes, *name);
    if (!zone) return config.error("desk.time_zone", zone.error().message);
    return std::shared_ptr<const TimeZone>(std::make_shared<const TimeZone>(std::move(*zone)));
}

Result<handoff::DeskConfig> load_desk_config(const Config& config, PlatformCapabilitiesMap platforms) {
    auto core = load_core_settings(config);
    if (!core) return core.error();
    auto texts = load_handoff_texts(config);
    if (!texts) return texts.error();
    auto agents_path = config.path("agents.file");
    if (!agents_path) return agents_path.error();
    auto agents_text = read_text_file(*agents_path);
    if (!agents_text) return agents_text.error();

    handoff::DeskSettings settings;
    settings.lifecycle = core->lifecycle;
    settings.sla = core->sla;
    settings.auto_close_after = core->auto_close_after;
    settings.matrix = core->priority_matrix;
    auto default_locale = config.string("engine.default_locale", "en");
    if (!default_locale) return default_locale.error();
    settings.default_locale = *default_locale;
    auto agent_locale = config.string("agents.locale", "en");
    if (!agent_locale) return agent_locale.error();
    if (!texts->has_language(*agent_locale))
        return config.error("agents.locale", "no hand-off texts for language '" + *agent_locale + "'");
    settings.agent_locale = *agent_locale;
    // Cards and private messages only go to platforms whose adapter runs (else they wait forever),
    // shaped by what each can show.
    settings.platforms = std::move(platforms);
    // How long a person's `link` code works: long enough to open the other app, short enough
    // that a code seen over a shoulder is soon worthless.
    auto link_minutes = config.integer("identity.link_code_minutes", 10);
    if (!link_minutes) return link_minutes.error();
    if (*link_minutes < 1 || *link_minutes > 24 * 60)
        return config.error("identity.link_code_minutes", "must be between 1 and 1440");
    settings.link_code_life = std::chrono::minutes{*link_minutes};
    auto files = read_file_limits(config);
    if (!files) return files.error();
    settings.files = *files;
    auto calls = read_call_settings(config);
    if (!calls) return calls.error();
    settings.calls = *calls;
    auto links = make_call_links(config);
    if (!links) return links.error();
    auto zoneinfo = config.path("agents.zoneinfo_dir", kDefaultZoneinfoDir);
    if (!zoneinfo) return zoneinfo.error();
    auto alerts = load_alert_rules(config);
    if (!alerts) return alerts.error();
    auto desk = handoff::parse_desk_config(*agents_text, agents_path->string(), std::move(*texts), settings,
                                           zoneinfo_folder(*zoneinfo));
    if (!desk) return desk.error();
    // An alert rule's team must be one the agents file knows, or its incidents would have no room.
    const auto check_team = [&](const handoff::AlertRule& r, const std::string& key) -> Status {
        if (r.team.empty() || desk->directory.team(r.team)) return {};
        return config.error("alertmanager." + key + ".team", "unknown team '" + r.team + "' (see the teams of " + agents_path->string() + ")");
    };
    if (auto ok = check_team(alerts->fallback(), "default"); !ok) return ok.error();
    for (std::size_t i = 0; i < alerts->rules().size(); ++i)
        if (auto ok = check_team(alerts->rules()[i], "rules[" + std::to_string(i) + "]"); !ok) return ok.error();
    // After the agents: a missing tzdata folder is reported on the agents' zones first.
    auto desk_zone = load_desk_zone(config, zoneinfo_folder(*zoneinfo));
    if (!desk_zone) return desk_zone.error();
    desk->settings.time_zone = *desk_zone;
    desk->alerts = std::move(*alerts);
    desk->call_links = std::move(*links);
    auto file_links = make_file_links(config);
    if (!file_links) return file_links.error();
    desk->file_links = std::move(*file_links);
    desk->random_bits = system_random_bits;
    return desk;
}

}  // namespace

Result<std::unique_ptr<handoff::Desk>> make_desk(const Config& config, PlatformCapabilitiesMap platforms) {
    auto desk_config = load_desk_config(config, platforms);
    if (!desk_config) return desk_config.error();
    auto engine = load_conversation_engine(config);
    if (!engine) return engine.error();
    // The engine asks before a hand-off only what the person's platform does not tell.
    (*engine)->set_platforms(std::move(platforms));
    return std::make_unique<handoff::Desk>(std::move(*desk_config), std::move(*engine));
}

Status validate_desk_config(const Config& config) {
    auto desk_config = load_desk_config(config, {});
    if (!desk_config) return desk_config.error();
    return {};
}

}  // namespace frontline
