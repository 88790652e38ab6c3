#include "bot/runtime/pace_config.hpp"

#include <nlohmann/json.hpp>

#include "bot/runtime/adapter_registry.hpp"

namespace frontline {
namespace {

struct PaceKey {
    const char* name;
    double PaceLimits::*field;
    double min;  ///< the smallest value that makes sense
};

constexpr PaceKey kKeys[] = {
    {"per_second", &PaceLimits::platform_per_second, 0.01},
    {"burst", &PaceLimits::platform_burst, 1},
    {"max_per_second", &PaceLimits::platform_max_per_second, 0.01},
    {"min_per_second", &PaceLimits::platform_min_per_second, 0.01},
    {"increase_per_accepted", &PaceLimits::increase_per_accepted, 0},
    {"conversation_per_second", &PaceLimits::conversation_per_second, 0.01},
    {"conversation_burst", &PaceLimits::conversation_burst, 1},
    {"bulk_reserve", &PaceLimits::bulk_reserve, 0},
};

Status read_one(const Config& config, const std::string& platform, PaceLimits& limits) {
    const std::string section = platform + ".pace";
    const nlohmann::json* pace = config.find(section);
    if (!pace || pace->is_null()) return {};
    if (!pace->is_object()) return config.error(section, "expected an object of numbers (docs/operations.md, Pace)");
    for (const auto& [key, value] : pace->items()) {
        const PaceKey* known = nullptr;
        for (const auto& k : kKeys)
            if (key == k.name) known = &k;
        if (!known) return config.error(section + "." + key, "not a pace setting (docs/operations.md, Pace)");
        if (!value.is_number() || value.get<double>() < known->min)
            return config.error(section + "." + key, "expected a number of at least " + nlohmann::json(known->min).dump());
        limits.*(known->field) = value.get<double>();
    }
    const double ceiling = limits.platform_max_per_second > 0 ? limits.platform_max_per_second : 2 * limits.platform_per_second;
    if (ceiling < limits.platform_per_second)
        return config.error(section + ".max_per_second", "is below per_second, where the rate starts");
    if (limits.platform_min_per_second > limits.platform_per_second)
        return config.error(section + ".min_per_second", "is above per_second, where the rate starts");
    return {};
}

}  // namespace

Result<std::map<std::string, PaceLimits>> read_pacing(const Config& config) {
    auto pacing = delivery_pacing();
    for (auto& [platform, limits] : pacing)
        if (auto ok = read_one(config, platform, limits); !ok) return ok.error();
    return pacing;
}

}  // namespace frontline
