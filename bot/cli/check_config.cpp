#include "bot/cli/check_config.hpp"

#include <ostream>

#include "bot/cli/existing_store.hpp"
#include "bot/config/core_settings.hpp"
#include "bot/config/desk_factory.hpp"
#include "bot/config/engine_config_loader.hpp"
#include "bot/config/store_settings.hpp"
#include "bot/config/team_rooms.hpp"
#include "bot/runtime/adapter_registry.hpp"
#include "bot/runtime/alertmanager_config.hpp"
#include "bot/runtime/limits_config.hpp"
#include "bot/runtime/pace_config.hpp"
#include "bot/runtime/room_check.hpp"

namespace frontline {
namespace {

Status check_listen_address(const Config& c) {
    auto listen = c.string("http.listen", "127.0.0.1:8080");
    if (!listen) return listen.error();
    const auto colon = listen->rfind(':');
    if (colon == std::string::npos || colon == 0) return c.error("http.listen", "expected host:port, e.g. 127.0.0.1:8080");
    const std::string port = listen->substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) > 65535)
        return c.error("http.listen", "port must be a number from 0 to 65535");
    return {};
}

/// Each enabled adapter: the environment variables its secrets are named by must be set, and its
/// section must read the way its connector reads it at start (adapter_registry.cpp says how).
Status check_adapters(const Config& c) {
    for (const auto& r : platform_adapters()) {
        auto enabled = c.boolean(r.platform + ".enabled", false);
        if (!enabled) return enabled.error();
        if (!*enabled) continue;
        for (const auto& key : r.secret_keys)
            if (auto secret = secret_from_env(c, key); !secret) return secret.error();
        if (r.check)
            if (auto ok = r.check(c); !ok) return ok;
    }
    return {};
}

/// Pings for a room on a platform without an adapter would wait in the outbox forever.
Status check_team_rooms_are_on_enabled_platforms(const Config& c) {
    auto rooms = load_team_rooms(c);
    if (!rooms) return rooms.error();
    auto enabled = enabled_platform_names(c);
    if (!enabled) return enabled.error();
    const auto problems = rooms_on_disabled_platforms(*rooms, *enabled);
    if (problems.empty()) return {};
    std::string message = c.file().string() + ": agents.file names rooms on platforms that are not enabled:";
    for (const auto& p : problems) message += "\n  " + p;
    return make_error(Errc::invalid_argument, message);
}

/// The flow versions saved conversations stand on, beside the configured ones, when store.path
/// holds a desk's database: what an admin needs to know before removing an old flow's texts or
/// known fixes. Nothing is printed for a desk that has not started yet.
void report_flow_versions(const Config& config, std::ostream& out) {
    // Opening a PostgreSQL store migrates it: a check must change nothing, so only a SQLite desk is read.
    auto settings = read_store_settings(config);
    if (!settings || settings->backend != StoreBackend::sqlite) return;
    auto store = open_existing_store(config);
    if (!store) return;
    auto engine = load_engine_config(config);
    auto versions = (*store)->flow_versions();
    if (!engine || !versions) return;
    for (const auto& [id, flow] : engine->flows) {
        int on_current = 0;
        std::vector<const FlowVersionUse*> older;
        for (const auto& v : *versions) {
            if (v.flow != id) continue;
            if (v.version == flow.version) on_current = v.conversations;
            else if (v.conversations > 0) older.push_back(&v);
        }
        if (older.empty()) continue;  // only the current version is in use: nothing to tell
        out << "flow " << id << ": version " << flow.version << " (current, " << on_current << " conversation(s))";
        for (const auto* v : older) out << "; older version " << v->version << " still used by " << v->conversations << " conversation(s)";
        out << "\n";
    }
    for (const auto& v : *versions)
        if (v.conversations > 0 && !engine->flows.count(v.flow))
            out << "flow " << v.flow << " (no longer configured): version " << v.version << " still used by "
                << v.conversations << " conversation(s)\n";
}

}  // namespace

Status validate_config(const Config& config) {
    if (auto s = read_store_settings(config); !s) return s.error();
    if (auto ok = check_listen_address(config); !ok) return ok;
    if (auto s = load_core_settings(config); !s) return s.error();
    if (auto ok = check_adapters(config); !ok) return ok;
    if (auto am = read_alertmanager_webhook(config); !am) return am.error();
    if (auto pace = read_pacing(config); !pace) return pace.error();
    if (auto days = read_history_days(config); !days) return days.error();
    if (auto ok = validate_engine_config(config); !ok) return ok;
    if (auto ok = validate_desk_config(config); !ok) return ok;
    if (auto ok = check_team_rooms_are_on_enabled_platforms(config); !ok) return ok;
    return {};
}

int run_check_config(const Config& config, std::ostream& out, std::ostream& err) {
    if (auto ok = validate_config(config); !ok) {
        err << "frontline: " << ok.error().message << "\n";
        return 1;
    }
    if (auto problems = verify_team_rooms_now(config); !problems.empty()) {
        err << "frontline: " << config.file().string() << ": rooms in agents.file that nobody would see:\n";
        for (const auto& p : problems) err << "  " << p << "\n";
        return 1;
    }
    out << config.file().string() << ": ok\n";
    report_flow_versions(config, out);
    return 0;
}

}  // namespace frontline
