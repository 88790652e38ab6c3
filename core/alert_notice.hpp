#pragma once
// A notification from monitoring about one group of alerts, already decoded from the monitoring
// system's payload by its adapter (adapters/alertmanager). Neutral: no wire format here.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace frontline {

using AlertLabels = std::map<std::string, std::string>;

/// One alert of the group, as the monitoring system last reported it.
struct AlertItem {
    std::string fingerprint;  ///< stable id of the alert (its label set)
    bool firing = true;       ///< false: this alert has resolved
    AlertLabels labels;
    AlertLabels annotations;  ///< summary, description, runbook_url, ...
    TimePoint starts_at{};
    std::optional<TimePoint> ends_at;  ///< set once resolved
    std::string source_url;   ///< where the alert comes from (a graph), may be empty
};

/// A notification about one alert group: every alert of the group, firing or resolved.
struct AlertNotice {
    std::string group_key;   ///< one incident per group key
    std::string receiver;    ///< the monitoring system's receiver name
    bool firing = true;      ///< false: every alert of the group has resolved
    AlertLabels group_labels;
    AlertLabels common_labels;
    AlertLabels common_annotations;
    std::string external_url;  ///< the monitoring system's own page, may be empty
    std::vector<AlertItem> alerts;
};

}  // namespace frontline
