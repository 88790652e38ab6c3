#pragma once
// The agents' queue (GET /api/queue and the panel beside the agents' room): the open tickets that are
// with the people, most urgent first, each with the SLA clock that runs now, the time left on it and
// whether it passed the warning share or its due time. Pure: the tickets and the time are handed in.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/handoff/desk.hpp"
#include "core/ticket.hpp"

namespace frontline::handoff {

/// Where a ticket's running clock stands.
enum class ClockState { none, ok, warning, breached, paused };
std::string_view to_string(ClockState s);

struct QueueRow {
    Ticket ticket;
    /// Restricted (data breach) and the reader is neither its assignee nor the security officer: only
    /// the id, priority and status may be shown.
    bool redacted = false;
    std::string team;   ///< the team that carries it (its route at its tier)
    std::string clock;  ///< "response" until the first response, then "resolution"; empty: none runs
    std::optional<TimePoint> due;
    std::optional<TimePoint> warning_at;
    long long seconds_left = 0;  ///< until `due` (negative: overdue); frozen while paused
    ClockState state = ClockState::none;
};

/// The queue as `reader` (an agent's handle) sees it at `now`: tickets escalated, in progress or
/// waiting for the requester; by priority, then the longest waiting first.
std::vector<QueueRow> agent_queue(const std::vector<Ticket>& open_tickets, const DeskConfig& cfg, const std::string& reader,
                                  TimePoint now);

/// The JSON of GET /api/queue: {"generated_at", "agent", "warning_share", "teams": [{id, name}],
/// "tickets": [...]}. A redacted row has only "id", "priority", "status" and "restricted".
nlohmann::json queue_to_json(const std::vector<QueueRow>& rows, const DeskConfig& cfg, const std::string& reader, TimePoint now);

}  // namespace frontline::handoff
