// Alertmanager webhook bodies (adapters/alertmanager/alert_payload.cpp): anyone who can reach the
// HTTP port can send one before the token is checked by a proxy in front, and a real Alertmanager
// sends groups of any size. Never throws; a decoded notice has what the desk relies on: a group key
// (one incident per group), a receiver, at least one alert, every alert identified, and no end time
// on an alert still firing. The labels a group is matched on are derived without failing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "adapters/alertmanager/alert_payload.hpp"
#include "core/handoff/alert_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)frontline::alertmanager::parse_rfc3339(input);
    auto notice = frontline::alertmanager::parse_webhook_payload(input);
    if (!notice) return 0;
    if (notice->group_key.empty() || notice->receiver.empty() || notice->alerts.empty()) std::abort();
    for (const auto& a : notice->alerts) {
        if (a.fingerprint.empty()) std::abort();
        if (a.firing && a.ends_at) std::abort();
    }
    static const frontline::handoff::AlertRules rules;  // the default rule only: matching must not fail
    (void)rules.match(frontline::handoff::labels_for_matching(*notice));
    return 0;
}
