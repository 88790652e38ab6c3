#include "bot/config/core_settings.hpp"

#include <memory>

#include "bot/config/zoneinfo_source.hpp"

namespace frontline {

Result<CoreSettings> load_core_settings(const Config& config) {
    CoreSettings s;
    if (const auto* m = config.find("priority_matrix")) {
        auto matrix = PriorityMatrix::from_json(*m);
        if (!matrix) return make_error(Errc::parse, config.file().string() + ": " + matrix.error().message);
        s.priority_matrix = *matrix;
    }
    if (const auto* j = config.find("sla")) {
        // The calendars' time zones come from the same tzdata folder as the agents' zones.
        auto zoneinfo = config.path("agents.zoneinfo_dir", kDefaultZoneinfoDir);
        if (!zoneinfo) return zoneinfo.error();
        auto sla = SlaPolicy::from_json(*j, zoneinfo_folder(*zoneinfo));
        if (!sla) return make_error(Errc::parse, config.file().string() + ": " + sla.error().message);
        s.sla = *sla;
    }
    auto reopen = config.integer("lifecycle.reopen_window_hours", 168);
    if (!reopen) return reopen.error();
    if (*reopen < 0) return config.error("lifecycle.reopen_window_hours", "must not be negative");
    s.lifecycle.reopen_window = std::chrono::hours{*reopen};
    auto close_days = config.integer("lifecycle.auto_close_days", 3);
    if (!close_days) return close_days.error();
    if (*close_days < 1) return config.error("lifecycle.auto_close_days", "must be at least 1");
    s.auto_close_after = std::chrono::hours{24 * *close_days};
    s.lifecycle.sla = std::make_shared<const SlaPolicy>(s.sla);
    return s;
}

}  // namespace frontline
