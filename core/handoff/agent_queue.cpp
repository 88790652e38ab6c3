// The running clock is the response clock until somebody answered the requester, then the
// resolution clock; its warning comes at the policy's share of the target (SlaPolicy::warning_at,
// on the ticket's calendar and net of pauses), exactly when the hand-off's warning timer fires.
#include "core/handoff/agent_queue.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace frontline::handoff {

using nlohmann::json;

std::string_view to_string(ClockState s) {
    switch (s) {
        case ClockState::none: return "none";
        case ClockState::ok: return "ok";
        case ClockState::warning: return "warning";
        case ClockState::breached: return "breached";
        case ClockState::paused: return "paused";
    }
    return "none";
}

namespace {

bool with_the_people(TicketStatus s) {
    return s == TicketStatus::escalated || s == TicketStatus::in_progress || s == TicketStatus::pending_user;
}

std::string team_of(const Ticket& t, const DeskConfig& cfg) {
    const auto route = cfg.policy.route(t);
    const Team* team = cfg.directory.team(t.tier == Tier::l3 ? route.l3_team : route.team);
    if (!team && !cfg.directory.teams().empty()) team = &cfg.directory.teams().front();
    return team ? team->id : std::string();
}

void set_clock(QueueRow& row, const SlaPolicy& sla, TimePoint now) {
    const Ticket& t = row.ticket;
    const bool response = !t.first_response_at && t.sla.response_due;
    const std::optional<TimePoint> due = response ? t.sla.response_due : t.sla.resolution_due;
    if (!due) return;
    row.clock = response ? "response" : "resolution";
    row.due = due;
    row.warning_at = sla.warning_at(t, response ? SlaClockKind::response : SlaClockKind::resolution);
    row.seconds_left = sla_remaining(t, *due, now).count();
    if (row.seconds_left <= 0) row.state = ClockState::breached;
    else if (t.sla.paused_since) row.state = ClockState::paused;
    else if (now >= *row.warning_at) row.state = ClockState::warning;
    else row.state = ClockState::ok;
}

}  // namespace

std::vector<QueueRow> agent_queue(const std::vector<Ticket>& open_tickets, const DeskConfig& cfg, const std::string& reader,
                                  TimePoint now) {
    const Agent* officer = cfg.directory.security_officer();
    const bool reader_is_officer = officer && officer->handle == reader;
    std::vector<QueueRow> rows;
    for (const auto& t : open_tickets) {
        if (!with_the_people(t.status)) continue;
        QueueRow row;
        row.ticket = t;
        row.redacted = t.restricted && !reader_is_officer && (reader.empty() || t.assignee != reader);
        row.team = team_of(t, cfg);
        set_clock(row, cfg.settings.sla, now);
        rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end(), [](const QueueRow& x, const QueueRow& y) {
        if (x.ticket.priority != y.ticket.priority) return x.ticket.priority < y.ticket.priority;
        const TimePoint wx = x.ticket.escalated_at.value_or(x.ticket.reported_at);
        const TimePoint wy = y.ticket.escalated_at.value_or(y.ticket.reported_at);
        if (wx != wy) return wx < wy;
        return x.ticket.id.str() < y.ticket.id.str();
    });
    return rows;
}

json queue_to_json(const std::vector<QueueRow>& rows, const DeskConfig& cfg, const std::string& reader, TimePoint now) {
    json teams = json::array();
    for (const auto& team : cfg.directory.teams()) teams.push_back({{"id", team.id}, {"name", team.name}});
    json tickets = json::array();
    for (const auto& row : rows) {
        const Ticket& t = row.ticket;
        json j = {{"id", t.id.str()}, {"priority", to_string(t.priority)}, {"status", to_string(t.status)}, {"restricted", t.restricted}};
        if (!row.redacted) {
            j["title"] = t.title;
            j["category"] = t.category;
            j["tier"] = to_string(t.tier);
            j["team"] = row.team;
            j["assignee"] = t.assignee;
            j["requester"] = t.requester.name;
            j["reported_at"] = format_iso8601(t.reported_at);
            j["clock"] = row.clock;
            j["state"] = to_string(row.state);
            j["seconds_left"] = row.seconds_left;
            j["due"] = row.due ? json(format_iso8601(*row.due)) : json(nullptr);
            j["warning_at"] = row.warning_at ? json(format_iso8601(*row.warning_at)) : json(nullptr);
        }
        tickets.push_back(std::move(j));
    }
    return {{"generated_at", format_iso8601(now)},
            {"agent", reader},
            {"warning_share", cfg.settings.sla.warning_share()},
            {"teams", teams},
            {"tickets", tickets}};
}

}  // namespace frontline::handoff
