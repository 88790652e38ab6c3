#include "tests/support/agents_file.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

namespace frontline::testkit {

std::filesystem::path write_agents_file(const std::filesystem::path& file, std::initializer_list<std::string> platforms) {
    const std::string example = std::string(FRONTLINE_SOURCE_DIR) + "/config/agents.example.json";
    std::ifstream in(example);
    auto agents = nlohmann::json::parse(in, nullptr, false);
    if (agents.is_discarded()) throw std::runtime_error(example + ": not JSON");
    const std::vector<std::string> keep(platforms);
    for (auto& team : agents["teams"]) {
        auto& rooms = team["rooms"];
        const auto all = rooms;
        for (auto it = rooms.begin(); it != rooms.end();)
            it = std::find(keep.begin(), keep.end(), it.key()) == keep.end() ? rooms.erase(it) : std::next(it);
        // Every team needs a room; one with none on these platforms keeps its web chat room.
        if (rooms.empty() && all.contains("webchat")) rooms["webchat"] = all["webchat"];
    }
    std::ofstream(file) << agents.dump(2);
    return file;
}

}  // namespace frontline::testkit
