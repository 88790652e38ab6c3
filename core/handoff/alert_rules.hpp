#pragma once
// How a monitoring alert group becomes an incident: label matchers -> category, affected service,
// impact and urgency (so priority), the team that takes it, and whether the incident resolves itself when the alerts clear.
// Read from the "alertmanager" section of frontline.json (docs/alertmanager.md).
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/alert_notice.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"

namespace frontline::handoff {

struct AlertRule {
    std::string name;        ///< for the journal; "default" for the fallback
    AlertLabels match;       ///< every label must have this value; empty matches everything
    std::string category;
    std::string affected_service;  ///< empty: the alerts' "service" label, when they carry one
    Level impact = Level::medium;
    Level urgency = Level::high;
    /// When the group resolves: true resolves the incident (and its children); false tells the
    /// assignee (or the team) and leaves resolving to a person.
    bool auto_resolve = false;
    /// The team whose agents take the incident (it must exist in agents.json); empty: the
    /// escalation rules decide, as for a ticket a user reported.
    std::string team;
};

class AlertRules {
public:
    /// Reads {"default": {...}, "rules": [{"name", "match": {label: value}, "category", ...}]};
    /// absent: everything goes to the default (category "outage"). Errors name `origin` and the key.
    static Result<AlertRules> from_json(const nlohmann::json& section, const std::string& origin);

    /// The first rule whose matchers all hold for `labels`, else the default.
    const AlertRule& match(const AlertLabels& labels) const;
    const std::vector<AlertRule>& rules() const { return rules_; }
    const AlertRule& fallback() const { return fallback_; }

private:
    std::vector<AlertRule> rules_;
    AlertRule fallback_{"default", {}, "outage", "", Level::medium, Level::high, false, ""};
};

/// The labels a group is matched on: the labels all its alerts share (else the first alert's).
AlertLabels labels_for_matching(const AlertNotice& n);

}  // namespace frontline::handoff
