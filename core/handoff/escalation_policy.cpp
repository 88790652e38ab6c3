#include "core/handoff/escalation_policy.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace frontline::handoff {
namespace {

using nlohmann::json;

Error fail(const std::string& origin, const std::string& key, const std::string& what) {
    return make_error(Errc::parse, origin + ": key '" + key + "': " + what);
}

Result<Seconds> positive_minutes(const json& j, const char* field, const std::string& origin, const std::string& key,
                                 Seconds fallback) {
    if (!j.contains(field)) return fallback;
    if (!j[field].is_number_integer() || j[field].get<long long>() <= 0)
        return fail(origin, key + "." + field, "expected a positive whole number of minutes");
    return Seconds{j[field].get<long long>() * 60};
}

/// Reads a route; fields left out keep the values of `base` (the default route for rules).
Result<EscalationRoute> parse_route(const json& j, const std::string& origin, const std::string& key,
                                    const EscalationRoute& base, const AgentsDirectory& dir) {
    if (!j.is_object()) return fail(origin, key, "expected an object");
    EscalationRoute r = base;
    if (j.contains("team")) {
        if (!j["team"].is_string() || !dir.team(j["team"].get<std::string>()))
            return fail(origin, key + ".team", "expected the id of a team listed under \"teams\"");
        r.team = j["team"].get<std::string>();
        if (!j.contains("l3_team")) r.l3_team = r.team;
    }
    if (j.contains("l3_team")) {
        if (!j["l3_team"].is_string() || !dir.team(j["l3_team"].get<std::string>()))
            return fail(origin, key + ".l3_team", "expected the id of a team listed under \"teams\"");
        r.l3_team = j["l3_team"].get<std::string>();
    }
    if (j.contains("tier")) {
        auto t = j["tier"].is_string() ? parse_tier(j["tier"].get<std::string>()) : make_error(Errc::parse, "");
        if (!t || *t == Tier::l1) return fail(origin, key + ".tier", "expected \"L2\" or \"L3\"");
        r.tier = *t;
    }
    if (j.contains("mention")) {
        const auto& m = j["mention"];
        if (m == "on_call") r.mention = MentionMode::on_call;
        else if (m == "team") r.mention = MentionMode::team;
        else if (m == "none") r.mention = MentionMode::none;
        else return fail(origin, key + ".mention", "expected \"on_call\", \"team\" or \"none\"");
    }
    auto reping = positive_minutes(j, "reping_minutes", origin, key, r.reping_every);
    if (!reping) return reping.error();
    r.reping_every = *reping;
    auto up = positive_minutes(j, "tier_up_after_minutes", origin, key, r.tier_up_after);
    if (!up) return up.error();
    r.tier_up_after = *up;
    return r;
}

Result<BreachPolicy> parse_breach(const json& j, const std::string& origin) {
    BreachPolicy b;
    if (!j.is_object()) return fail(origin, "data_breach", "expected an object");
    if (j.contains("categories")) {
        if (!j["categories"].is_array() || j["categories"].empty())
            return fail(origin, "data_breach.categories", "expected a non-empty list of category ids");
        b.categories.clear();
        for (const auto& c : j["categories"]) {
            if (!c.is_string()) return fail(origin, "data_breach.categories", "expected category ids as strings");
            b.categories.push_back(c.get<std::string>());
        }
    }
    if (j.contains("notification_deadline_hours")) {
        const auto& h = j["notification_deadline_hours"];
        if (!h.is_number_integer() || h.get<long long>() <= 0)
            return fail(origin, "data_breach.notification_deadline_hours", "expected a positive whole number of hours");
        b.notification_deadline = std::chrono::hours{h.get<long long>()};
    }
    if (j.contains("warn_before_hours")) {
        const auto& w = j["warn_before_hours"];
        if (!w.is_array()) return fail(origin, "data_breach.warn_before_hours", "expected a list of hours, e.g. [24, 6, 1]");
        b.warn_before.clear();
        for (const auto& h : w) {
            if (!h.is_number_integer() || h.get<long long>() <= 0)
                return fail(origin, "data_breach.warn_before_hours", "expected positive whole numbers of hours");
            b.warn_before.push_back(std::chrono::hours{h.get<long long>()});
        }
    }
    for (const auto& w : b.warn_before)
        if (w >= b.notification_deadline)
            return fail(origin, "data_breach.warn_before_hours", "every warning must come after the report (less than the deadline)");
    return b;
}

}  // namespace

Result<EscalationPolicy> EscalationPolicy::from_json(const json& root, const std::string& origin,
                                                     const AgentsDirectory& dir) {
    EscalationPolicy p;
    p.default_.team = dir.teams().front().id;
    p.default_.l3_team = p.default_.team;
    for (const auto& team : dir.teams()) p.teams_.push_back(team.id);
    if (root.contains("data_breach")) {
        auto b = parse_breach(root["data_breach"], origin);
        if (!b) return b.error();
        p.breach_ = std::move(*b);
    }
    if (!root.contains("escalation")) return p;
    const auto& e = root["escalation"];
    if (!e.is_object()) return fail(origin, "escalation", "expected an object with \"default\" and \"rules\"");
    if (e.contains("default")) {
        auto d = parse_route(e["default"], origin, "escalation.default", p.default_, dir);
        if (!d) return d.error();
        p.default_ = std::move(*d);
    }
    // The warning is now a share of each target on the SLA's calendar: a fixed lead time kept here
    // would silently do nothing, so the old key is refused with where its successor lives.
    if (e.contains("sla_warning_minutes"))
        return fail(origin, "escalation.sla_warning_minutes",
                    "replaced by \"sla.warning_share\" in frontline.json (a share of each SLA target, default 0.75); remove it");
    if (e.contains("rules")) {
        if (!e["rules"].is_array()) return fail(origin, "escalation.rules", "expected a list");
        for (std::size_t i = 0; i < e["rules"].size(); ++i) {
            const std::string key = "escalation.rules[" + std::to_string(i) + "]";
            const auto& rj = e["rules"][i];
            if (!rj.is_object()) return fail(origin, key, "expected an object");
            EscalationRule rule;
            if (rj.contains("category")) {
                if (!rj["category"].is_string()) return fail(origin, key + ".category", "expected a category id");
                rule.category = rj["category"].get<std::string>();
            }
            if (rj.contains("priority")) {
                auto pr = rj["priority"].is_string() ? parse_priority(rj["priority"].get<std::string>())
                                                     : make_error(Errc::parse, "");
                if (!pr) return fail(origin, key + ".priority", "expected \"P1\"..\"P4\"");
                rule.priority = *pr;
            }
            auto route = parse_route(rj, origin, key, p.default_, dir);
            if (!route) return route.error();
            rule.route = std::move(*route);
            p.rules_.push_back(std::move(rule));
        }
    }
    return p;
}

bool EscalationPolicy::is_breach(const Ticket& t) const {
    return t.restricted || std::find(breach_.categories.begin(), breach_.categories.end(), t.category) != breach_.categories.end();
}

EscalationRoute EscalationPolicy::route(const Ticket& t) const {
    EscalationRoute r = default_;
    for (const auto& rule : rules_) {
        if (!rule.category.empty() && rule.category != t.category) continue;
        if (rule.priority && *rule.priority != t.priority) continue;
        r = rule.route;
        break;
    }
    // A team named on the ticket by its source (an alert rule) takes it at every tier; one the
    // agents file no longer lists falls back to the rules rather than sending the card nowhere.
    if (!t.team.empty() && std::find(teams_.begin(), teams_.end(), t.team) != teams_.end()) {
        r.team = t.team;
        r.l3_team = t.team;
    }
    if (t.priority == Priority::p1 || is_breach(t)) r.tier = Tier::l3;  // critical work never waits at L2
    if (t.tier > r.tier) r.tier = t.tier;                               // never hand a ticket back down
    return r;
}

}  // namespace frontline::handoff
