#include "bot/runtime/room_check.hpp"

#include <exception>
#include <set>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/webchat/memory_line_history.hpp"
#include "adapters/webchat/webchat_adapter.hpp"
#include "bot/runtime/adapter_registry.hpp"
#include "core/clock.hpp"

namespace asio = boost::asio;

namespace frontline {
namespace {

std::vector<TeamRoom> of_platform(const std::vector<TeamRoom>& rooms, const std::string& platform) {
    std::vector<TeamRoom> out;
    for (const auto& r : rooms)
        if (r.platform == platform) out.push_back(r);
    return out;
}

}  // namespace

boost::asio::awaitable<std::vector<std::string>> check_team_rooms(std::vector<TeamRoom> rooms,
                                                                  std::map<std::string, Adapter*> adapters) {
    std::set<std::string> running;
    for (const auto& [platform, adapter] : adapters) running.insert(platform);
    std::vector<std::string> problems = rooms_on_disabled_platforms(rooms, running);
    for (const auto& [platform, adapter] : adapters) {
        const auto mine = of_platform(rooms, platform);
        if (mine.empty()) continue;
        auto verdict = co_await adapter->verify_rooms(rooms_on(mine, platform));
        if (!verdict) {
            for (const auto& r : mine)
                problems.push_back(describe(r) + ": could not be verified: " + verdict.error().message);
            continue;
        }
        for (const auto& p : *verdict)
            for (const auto& r : mine)
                if (r.room == p.room) problems.push_back(describe(r) + ": " + p.problem);
    }
    co_return problems;
}

std::vector<std::string> verify_team_rooms_now(const Config& config) {
    auto rooms = load_team_rooms(config);
    if (!rooms) return {rooms.error().message};
    auto webchat_enabled = config.boolean("webchat.enabled", true);
    if (!webchat_enabled) return {webchat_enabled.error().message};
    asio::io_context io;
    const SystemClock clock;
    auto adapters = make_enabled_adapters(AdapterContext{io.get_executor(), config, clock, *rooms});
    if (!adapters) return {adapters.error().message};
    // The web chat's check needs no secret and no connection: its only agents' room is fixed.
    webchat::MemoryLineHistory history;
    webchat::WebchatAdapter chat(io.get_executor(), clock, history, webchat::WebchatOptions{});
    std::map<std::string, Adapter*> by_platform;
    if (*webchat_enabled) by_platform["webchat"] = &chat;
    for (auto& a : *adapters) by_platform[a->platform()] = a.get();
    std::vector<std::string> problems;
    asio::co_spawn(io, check_team_rooms(*rooms, by_platform), [&problems](std::exception_ptr e, std::vector<std::string> found) {
        if (e) {
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                problems.push_back(std::string("rooms could not be verified: ") + ex.what());
            }
            return;
        }
        problems = std::move(found);
    });
    io.run();
    return problems;
}

}  // namespace frontline
