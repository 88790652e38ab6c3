#pragma once
// The human side of the desk as configured in agents.json: agents with their time zones and working
// hours, teams and their rooms, on-call rotations, the security officer. Parsed and validated once at
// start-up (agents_file.cpp); read-only afterwards (look-ups in agents_directory.cpp, clocks in
// agents_time.cpp), so one directory is safely shared by every thread.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/clock.hpp"
#include "core/message.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"
#include "core/time_zone.hpp"

namespace frontline::handoff {

/// When an agent usually works, in their own timezone ("09:00" to "18:00" on the listed weekdays).
/// An end before the start is an overnight shift: it starts on a listed day and ends the next
/// morning ("22:00" to "06:00" on fri covers Friday 22:00 to Saturday 06:00).
struct WorkingHours {
    std::vector<int> weekdays;  ///< days a shift STARTS on; 0 = Monday .. 6 = Sunday
    int start_minute = 0;       ///< minutes after local midnight, 0 .. 23:59
    int end_minute = 24 * 60;   ///< exclusive; up to 24:00; never equal to the start
};

/// One L2/L3 human agent and the identities they use on each platform.
struct Agent {
    std::string handle;  ///< short unique id used in commands: `assign INC-000042 @alice`
    std::string name;    ///< display name shown to requesters
    Tier tier = Tier::l2;
    std::vector<std::string> teams;
    std::vector<Identity> identities;
    std::vector<std::string> skills;  ///< categories this agent knows best
    std::string timezone;             ///< IANA name, e.g. Europe/Rome; empty = UTC
    std::shared_ptr<const TimeZone> zone;  ///< `timezone` loaded by resolve_time_zones; null = UTC
    std::optional<WorkingHours> working_hours;
    /// Raised to revoke this agent's web chat token without rotating the shared secret: tokens of an
    /// earlier generation stop working (docs/agents.md).
    int token_generation = 0;

    /// This agent's identity on `platform`, if any.
    std::optional<Identity> identity_on(const std::string& platform) const;
};

/// How agent messages in a ticket's thread reach the requester.
enum class RelayMode {
    explicit_only,  ///< only `reply`/`r` and the Reply action go out; the rest stays internal
    thread,         ///< every thread message goes out except those starting with the note marker
};

/// One on-call override: on this UTC date these agents are on call instead of the rotation.
struct OnCallOverride {
    std::chrono::sys_days date{};
    std::vector<std::string> agents;
};

/// A weekly rotation: week n after `starts` is covered by weeks[n % size].
struct OnCall {
    std::chrono::sys_days starts{};
    std::vector<std::vector<std::string>> weeks;
    std::vector<OnCallOverride> overrides;
};

struct Team {
    std::string id;
    std::string name;
    std::map<std::string, std::string> rooms;  ///< platform -> room/channel id ("webchat" -> "agents")
    RelayMode relay_mode = RelayMode::explicit_only;
    std::string note_marker = "//";
    std::optional<OnCall> on_call;
};

class AgentsDirectory {
public:
    /// Parses agents.json; errors name `origin` and the key ("agents[1].tier: expected L2 or L3").
    static Result<AgentsDirectory> from_json(const nlohmann::json& j, const std::string& origin);
    /// Same, from the file's text.
    static Result<AgentsDirectory> from_text(const std::string& text, const std::string& origin);
    /// Loads every agent's `timezone` through `source` (one load per zone). Until this ran, every
    /// agent counts in UTC. Errors name `origin` and the key: "agents[2].timezone: unknown time zone".
    Status resolve_time_zones(const ZoneSource& source, const std::string& origin);

    const std::vector<Agent>& agents() const { return agents_; }
    const std::vector<Team>& teams() const { return teams_; }

    const Agent* agent_by_identity(const Identity& id) const;
    /// By handle or name (case-insensitive), "@handle", or "@user_id" of one of the event's
    /// `mentions` (codecs write a platform mention as "@" + user id and list its identity).
    const Agent* agent_by_reference(const std::string& ref, const std::vector<Identity>& mentions = {}) const;
    const Team* team(const std::string& id) const;
    /// The team whose room is this conversation, if it is one.
    const Team* team_by_room(const std::string& platform, const std::string& conversation_id) const;
    const Agent* security_officer() const;

    /// Agents of `team` on call at `now` (override for the day, else the week's rotation); may be empty.
    std::vector<const Agent*> on_call(const Team& team, TimePoint now) const;
    /// Every agent of `team` at or above `min_tier`.
    std::vector<const Agent*> members(const Team& team, Tier min_tier = Tier::l2) const;
    /// Whether `now` falls in the agent's working hours, weekday and time read on the agent's own
    /// wall clock (daylight saving included). Without working_hours an agent is always available.
    bool in_working_hours(const Agent& agent, TimePoint now) const;

private:
    std::vector<Agent> agents_;
    std::vector<Team> teams_;
    std::string security_officer_;
};

/// "2026-11-27" -> a day; nullopt on anything else.
std::optional<std::chrono::sys_days> parse_date(const std::string& s);

}  // namespace frontline::handoff
