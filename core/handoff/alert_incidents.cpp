// Monitoring's alert groups as incidents. The group key is the identity: the first firing
// notification opens the incident and pings the team; every later one only adds what is new (alerts
// that joined the group, the group resolving or firing again), so Alertmanager's repeats and retries
// change nothing. A group whose incident is no longer open opens a new one when it fires again.
#include "core/handoff/alert_incidents.hpp"

#include <algorithm>
#include <optional>

#include "core/text.hpp"

namespace frontline::handoff {
namespace {

/// The alert's own words first: its summary, else its name, else the group.
std::string alert_title(const AlertLabels& labels, const AlertLabels& annotations, const std::string& fallback) {
    if (auto it = annotations.find("summary"); it != annotations.end() && !it->second.empty()) return it->second;
    if (auto it = labels.find("alertname"); it != labels.end() && !it->second.empty()) return it->second;
    return fallback;
}

std::string joined(const AlertLabels& labels) {
    std::string out;
    for (const auto& [k, v] : labels) out += (out.empty() ? "" : ", ") + k + "=" + v;
    return out;
}

nlohmann::json alert_details(const AlertItem& a) {
    nlohmann::json j = {{"fingerprint", a.fingerprint},
                        {"status", a.firing ? "firing" : "resolved"},
                        {"labels", a.labels},
                        {"annotations", a.annotations},
                        {"starts_at", format_iso8601(a.starts_at)}};
    if (a.ends_at) j["ends_at"] = format_iso8601(*a.ends_at);
    if (!a.source_url.empty()) j["source_url"] = a.source_url;
    return j;
}

/// Annotations of the group: those all alerts share, else the first alert's.
AlertLabels annotations_of(const AlertNotice& n) {
    if (!n.common_annotations.empty() || n.alerts.empty()) return n.common_annotations;
    return n.alerts.front().annotations;
}

/// When the first alert of the group started, as monitoring says; none when no alert says.
std::optional<TimePoint> earliest_start(const AlertNotice& n) {
    std::optional<TimePoint> t;
    for (const auto& a : n.alerts)
        if (a.starts_at.time_since_epoch().count() > 0 && (!t || a.starts_at < *t)) t = a.starts_at;
    return t;
}

}  // namespace

Status AlertIncidents::notice(const InboundEvent& e) {
    if (!e.alert) return make_error(Errc::invalid_argument, "an alert event without its alert group");
    const AlertNotice& n = *e.alert;
    auto group = run_.repos().alerts.find_alert_group(n.group_key);
    if (!group) return group.error();
    if (*group) {
        auto t = run_.load((*group)->ticket);
        if (!t && t.error().code != Errc::not_found) return t.error();
        // The group's incident is still someone's work (or awaits the requester's word): it is updated.
        if (t && (is_open(t->status) || t->status == TicketStatus::resolved))
            if (is_open(t->status) || !n.firing) return update(std::move(*t), std::move(**group), n);
    }
    // A resolved notice for a group we never opened (or whose incident is gone) has nothing to update.
    if (!n.firing) return {};
    return open(n, e);
}

Status AlertIncidents::open(const AlertNotice& n, const InboundEvent& e) {
    const DeskConfig& cfg = run_.config();
    const AlertLabels labels = labels_for_matching(n);
    const AlertLabels annotations = annotations_of(n);
    const AlertRule& rule = cfg.alerts.match(labels);

    auto id = run_.repos().tickets.allocate_id(TicketType::incident);
    if (!id) return id.error();
    Ticket t;
    t.id = *id;
    t.type = TicketType::incident;
    t.status = TicketStatus::new_;
    t.category = rule.category;
    if (auto slash = t.category.find('/'); slash != std::string::npos) {
        t.subcategory = t.category.substr(slash + 1);
        t.category.resize(slash);
    }
    t.affected_service = rule.affected_service;
    if (t.affected_service.empty())
        if (auto it = labels.find("service"); it != labels.end()) t.affected_service = it->second;
    t.team = rule.team;
    t.impact = rule.impact;
    t.urgency = rule.urgency;
    t.priority = cfg.settings.matrix.priority(t.impact, t.urgency);
    // Nobody wrote in: the monitoring system is the requester, and there is no conversation to answer.
    t.requester = {run_.agent_text("handoff.alert.requester", {{"receiver", e.from.user_id}}), e.from, "", ""};
    t.locale = cfg.settings.agent_locale;
    t.title = utf8_truncate(alert_title(labels, annotations, n.group_key), 200);
    if (auto it = annotations.find("description"); it != annotations.end()) t.description = utf8_truncate(it->second, 4000);
    // The desk learns of it now: the SLA clocks start here, as for a call; the card says when the
    // alerts began (monitoring may have waited a while before notifying).
    const std::optional<TimePoint> started = earliest_start(n);
    t.reported_at = run_.now();
    t.logged_at = run_.now();
    // What the card shows: the labels, the annotations (a runbook as a plain URL is a link on every
    // platform), and when the alert started.
    t.symptoms.push_back({"alert.labels", run_.agent_text("handoff.alert.labels"), joined(labels)});
    for (const auto& [key, value] : annotations) {
        if (key == "summary" || key == "description") continue;
        const std::string label = key == "runbook_url" ? run_.agent_text("handoff.alert.runbook") : key;
        t.symptoms.push_back({"alert.annotation." + key, label, value});
    }
    t.symptoms.push_back({"alert.started", run_.agent_text("handoff.alert.started"), format_iso8601(started.value_or(t.reported_at))});
    cfg.settings.sla.apply(t);
    if (auto ok = run_.save(t); !ok) return ok;
    if (auto ok = run_.journal(t, Actor::system().label(), "created",
                               {{"type", "incident"}, {"title", t.title}, {"platform", e.from.platform},
                                {"group_key", n.group_key}, {"rule", rule.name}});
        !ok)
        return ok;
    AlertGroup g{n.group_key, t.id, {}, true};
    for (const auto& a : n.alerts) {
        if (auto ok = run_.journal(t, Actor::system().label(), "alert", alert_details(a)); !ok) return ok;
        g.fingerprints.push_back(a.fingerprint);
    }
    if (auto ok = run_.repos().alerts.save_alert_group(g); !ok) return ok;
    auto escalated = escalator_.escalate_ticket({t.id, Tier::l2, "alert", {}});
    if (!escalated) return escalated.error();
    return {};
}

Status AlertIncidents::update(Ticket t, AlertGroup g, const AlertNotice& n) {
    // Alerts that joined the group since the last notification: on the journal and in the thread.
    std::vector<std::string> joined_titles;
    for (const auto& a : n.alerts) {
        if (std::find(g.fingerprints.begin(), g.fingerprints.end(), a.fingerprint) != g.fingerprints.end()) continue;
        if (auto ok = run_.journal(t, Actor::system().label(), "alert", alert_details(a)); !ok) return ok;
        g.fingerprints.push_back(a.fingerprint);
        if (a.firing) joined_titles.push_back(alert_title(a.labels, a.annotations, a.fingerprint));
    }
    bool changed = !joined_titles.empty();
    if (!joined_titles.empty() && is_open(t.status)) {
        std::string list;
        for (const auto& title : joined_titles) list += (list.empty() ? "" : "; ") + title;
        run_.post_to_ticket(t, run_.agent_text("handoff.alert.joined", {{"ticket", t.id.str()}, {"alerts", list}}), {}, false);
    }
    if (!n.firing && g.firing) {
        if (auto ok = group_resolved(t, g, n); !ok) return ok;
        changed = true;
    } else if (n.firing && !g.firing) {
        g.firing = true;
        if (auto ok = run_.journal(t, Actor::system().label(), "alert_firing_again", {{"group_key", n.group_key}}); !ok) return ok;
        run_.post_to_ticket(t, run_.agent_text("handoff.alert.firing_again", {{"ticket", t.id.str()}}), {}, false);
        changed = true;
    }
    if (!changed) return {};
    return run_.repos().alerts.save_alert_group(g);
}

Status AlertIncidents::group_resolved(Ticket t, AlertGroup& g, const AlertNotice& n) {
    g.firing = false;
    const AlertRule& rule = run_.config().alerts.match(labels_for_matching(n));
    if (auto ok = run_.journal(t, Actor::system().label(), "alert_resolved",
                               {{"group_key", n.group_key}, {"rule", rule.name}, {"auto_resolve", rule.auto_resolve}});
        !ok)
        return ok;
    if (!is_open(t.status)) return {};
    if (rule.auto_resolve) {
        const std::string notes = run_.agent_text("handoff.alert.auto_resolved_notes");
        auto children = resolution_.resolve_with_children(t, Actor::system(), run_.agent_text("handoff.alert.monitoring"),
                                                          "monitoring", notes);
        if (!children) return children.error();
        run_.post_to_ticket(t, run_.agent_text("handoff.alert.auto_resolved", {{"ticket", t.id.str()}, {"children", std::to_string(*children)}}),
                            {}, false);
        return {};
    }
    // A person decides: the assignee privately, or the team in the ticket's thread when nobody claimed it.
    const std::string text = run_.agent_text("handoff.alert.resolved_notice", {{"ticket", t.id.str()}});
    if (const Agent* owner = run_.assignee(t))
        run_.dm(*owner, t, text, false);
    else
        run_.post_to_ticket(t, text, {}, false);
    return {};
}

}  // namespace frontline::handoff
