#include "bot/config/alert_rules_loader.hpp"

#include <algorithm>

#include "bot/config/engine_config_loader.hpp"

namespace frontline {

Result<handoff::AlertRules> load_alert_rules(const Config& config) {
    const nlohmann::json* section = config.find("alertmanager");
    auto rules = handoff::AlertRules::from_json(section ? *section : nlohmann::json(), config.file().string());
    if (!rules) return rules.error();
    auto engine = load_engine_config(config);
    if (!engine) return engine.error();
    // A category the engine does not know would route the incident nowhere anyone expects.
    auto check = [&](const handoff::AlertRule& r, const std::string& key) -> Status {
        const std::string category = r.category.substr(0, r.category.find('/'));
        const Category* c = engine->category(category);
        if (!c)
            return config.error("alertmanager." + key + ".category", "unknown category '" + category + "' (see engine.categories_file)");
        if (const auto slash = r.category.find('/'); slash != std::string::npos) {
            const std::string sub = r.category.substr(slash + 1);
            if (std::find(c->subcategories.begin(), c->subcategories.end(), sub) == c->subcategories.end())
                return config.error("alertmanager." + key + ".category", "category '" + category + "' has no subcategory '" + sub + "'");
        }
        return {};
    };
    if (auto ok = check(rules->fallback(), "default"); !ok) return ok.error();
    for (std::size_t i = 0; i < rules->rules().size(); ++i)
        if (auto ok = check(rules->rules()[i], "rules[" + std::to_string(i) + "]"); !ok) return ok.error();
    return rules;
}

}  // namespace frontline
