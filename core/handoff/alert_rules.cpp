#include "core/handoff/alert_rules.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace frontline::handoff {
namespace {

using nlohmann::json;

Error bad(const std::string& origin, const std::string& key, const std::string& why) {
    return make_error(Errc::parse, origin + ": key 'alertmanager." + key + "': " + why);
}

Status read_string(const json& j, const char* field, std::string& out, const std::string& origin, const std::string& key) {
    if (!j.contains(field)) return {};
    if (!j.at(field).is_string() || j.at(field).get<std::string>().empty())
        return bad(origin, key + "." + field, "expected a non-empty string");
    out = j.at(field).get<std::string>();
    return {};
}

/// The fields a rule and the default share.
Status read_target(const json& j, AlertRule& r, const std::string& origin, const std::string& key) {
    if (!j.is_object()) return bad(origin, key, "expected an object");
    static const char* kKnown[] = {"name", "match", "category", "affected_service", "impact", "urgency", "auto_resolve", "team"};
    for (const auto& [field, value] : j.items()) {
        (void)value;
        if (std::find(std::begin(kKnown), std::end(kKnown), field) == std::end(kKnown))
            return bad(origin, key + "." + field, "unknown key (known: name, match, category, affected_service, impact, urgency, auto_resolve, team)");
    }
    if (auto ok = read_string(j, "name", r.name, origin, key); !ok) return ok;
    if (auto ok = read_string(j, "category", r.category, origin, key); !ok) return ok;
    if (auto ok = read_string(j, "affected_service", r.affected_service, origin, key); !ok) return ok;
    if (auto ok = read_string(j, "team", r.team, origin, key); !ok) return ok;
    for (const char* field : {"impact", "urgency"}) {
        if (!j.contains(field)) continue;
        const auto& v = j.at(field);
        auto level = v.is_string() ? parse_level(v.get<std::string>()) : Result<Level>(make_error(Errc::parse, ""));
        if (!level) return bad(origin, key + "." + field, "expected \"high\", \"medium\" or \"low\"");
        (std::string(field) == "impact" ? r.impact : r.urgency) = *level;
    }
    if (j.contains("auto_resolve")) {
        if (!j.at("auto_resolve").is_boolean()) return bad(origin, key + ".auto_resolve", "expected true or false");
        r.auto_resolve = j.at("auto_resolve").get<bool>();
    }
    return {};
}

}  // namespace

Result<AlertRules> AlertRules::from_json(const json& section, const std::string& origin) {
    AlertRules out;
    if (section.is_null()) return out;
    if (!section.is_object()) return make_error(Errc::parse, origin + ": key 'alertmanager': expected an object");
    if (section.contains("default")) {
        if (section.at("default").contains("match")) return bad(origin, "default.match", "the default matches everything: no matchers");
        if (auto ok = read_target(section.at("default"), out.fallback_, origin, "default"); !ok) return ok.error();
        out.fallback_.name = "default";
    }
    if (!section.contains("rules")) return out;
    const auto& rules = section.at("rules");
    if (!rules.is_array()) return bad(origin, "rules", "expected an array of rules");
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const std::string key = "rules[" + std::to_string(i) + "]";
        AlertRule r = out.fallback_;
        r.name = key;
        r.affected_service.clear();
        if (auto ok = read_target(rules[i], r, origin, key); !ok) return ok.error();
        if (!rules[i].contains("match") || !rules[i].at("match").is_object() || rules[i].at("match").empty())
            return bad(origin, key + ".match", "expected an object of label matchers, e.g. {\"service\": \"vpn\"}");
        for (const auto& [label, value] : rules[i].at("match").items()) {
            if (!value.is_string()) return bad(origin, key + ".match." + label, "expected the label's value as a string");
            r.match[label] = value.get<std::string>();
        }
        if (!rules[i].contains("category")) return bad(origin, key + ".category", "missing: which category the incident gets");
        out.rules_.push_back(std::move(r));
    }
    return out;
}

const AlertRule& AlertRules::match(const AlertLabels& labels) const {
    for (const auto& r : rules_) {
        bool all = true;
        for (const auto& [label, value] : r.match) {
            const auto it = labels.find(label);
            if (it == labels.end() || it->second != value) {
                all = false;
                break;
            }
        }
        if (all) return r;
    }
    return fallback_;
}

AlertLabels labels_for_matching(const AlertNotice& n) {
    AlertLabels labels = n.common_labels;
    if (labels.empty() && !n.alerts.empty()) labels = n.alerts.front().labels;
    for (const auto& [k, v] : n.group_labels) labels.emplace(k, v);
    return labels;
}

}  // namespace frontline::handoff
