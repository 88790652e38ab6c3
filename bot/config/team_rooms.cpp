#include "bot/config/team_rooms.hpp"

#include <algorithm>

#include "bot/config/file_text.hpp"
#include "core/handoff/agents_directory.hpp"
#include "core/platform.hpp"

namespace frontline {

Result<std::vector<TeamRoom>> load_team_rooms(const Config& config) {
    // A runtime around another handler than the Desk (tests' scripted handler) has no agents.
    if (!config.find("agents.file")) return std::vector<TeamRoom>{};
    auto path = config.path("agents.file");
    if (!path) return path.error();
    auto text = read_text_file(*path);
    if (!text) return text.error();
    auto directory = handoff::AgentsDirectory::from_text(*text, path->string());
    if (!directory) return directory.error();
    std::vector<TeamRoom> out;
    for (const auto& team : directory->teams())
        for (const auto& [platform, room] : team.rooms) out.push_back({team.id, platform, room});
    return out;
}

std::vector<std::string> rooms_on(const std::vector<TeamRoom>& rooms, const std::string& platform) {
    std::vector<std::string> out;
    for (const auto& r : rooms)
        if (r.platform == platform && std::find(out.begin(), out.end(), r.room) == out.end()) out.push_back(r.room);
    return out;
}

Result<std::set<std::string>> enabled_platform_names(const Config& config) {
    std::set<std::string> out;
    for (const auto& platform : kAdapterPlatforms) {
        auto on = config.boolean(std::string(platform) + ".enabled", std::string(platform) == "webchat");
        if (!on) return on.error();
        if (*on) out.insert(std::string(platform));
    }
    return out;
}

std::string describe(const TeamRoom& room) {
    return room.platform + ":" + room.room + " (team " + room.team + ")";
}

std::vector<std::string> rooms_on_disabled_platforms(const std::vector<TeamRoom>& rooms,
                                                     const std::set<std::string>& enabled) {
    std::vector<std::string> out;
    for (const auto& r : rooms)
        if (!enabled.count(r.platform))
            out.push_back(describe(r) + ": " + r.platform + " is not enabled (" + r.platform +
                          ".enabled is false), so nobody would see the team's pings there");
    return out;
}

}  // namespace frontline
