#pragma once
// Where a team's pings go: the rooms each team names in agents.file, per platform. This is the one
// place (docs/agents.md, "Where a team's pings go"): adapters get their platform's rooms from here
// (Slack treats plain messages in them as agents' commands), and the start-up check verifies each
// one with its platform.
#include <set>
#include <string>
#include <vector>

#include "bot/config/config.hpp"

namespace frontline {

struct TeamRoom {
    std::string team;      ///< the team's id in agents.file
    std::string platform;
    std::string room;      ///< the platform's room id ("C0SERVICEDESK", "agents", ...)
    friend bool operator==(const TeamRoom&, const TeamRoom&) = default;
};

/// Every team's rooms, in the order agents.file lists them (none without agents.file); errors
/// name the file and the key.
Result<std::vector<TeamRoom>> load_team_rooms(const Config& config);

/// The rooms of one platform, without duplicates (teams may share a room).
std::vector<std::string> rooms_on(const std::vector<TeamRoom>& rooms, const std::string& platform);

/// The platforms that have an adapter: the web chat unless webchat.enabled is false, every other
/// platform when "<platform>.enabled" is true.
Result<std::set<std::string>> enabled_platform_names(const Config& config);

/// "slack:C0SERVICEDESK (team service-desk)": how logs, check-config and /readyz name a room.
std::string describe(const TeamRoom& room);

/// Rooms on a platform that is not enabled: their pings would wait in the outbox forever.
/// One line per room, e.g. "telegram:-100123 (team service-desk): telegram is not enabled".
std::vector<std::string> rooms_on_disabled_platforms(const std::vector<TeamRoom>& rooms,
                                                     const std::set<std::string>& enabled);

}  // namespace frontline
