#pragma once
// The start-up check of where pings go: every team room in agents.file must be on a platform whose
// adapter runs, and that adapter must confirm the room exists and the bot can post there
// (Adapter::verify_rooms). The service logs each problem and /readyz answers 503 naming it;
// `frontline check-config` fails on it.
#include <map>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "adapters/adapter.hpp"
#include "bot/config/team_rooms.hpp"

namespace frontline {

/// One line per problem ("slack:C0SERVICEDESK (team service-desk): channel_not_found"); empty when
/// every room is fine. `adapters` maps platform -> the adapter that runs for it.
boost::asio::awaitable<std::vector<std::string>> check_team_rooms(std::vector<TeamRoom> rooms,
                                                                  std::map<std::string, Adapter*> adapters);

/// Builds the adapters the service would run (web chat and the enabled platforms), asks them about
/// the teams' rooms and blocks until they answered: `frontline check-config`'s network half.
std::vector<std::string> verify_team_rooms_now(const Config& config);

/// What /readyz reports about the rooms: not ready until the check ran, then ready only if it
/// found nothing. Written and read on the network thread.
struct RoomStatus {
    bool checked = false;
    std::vector<std::string> problems;
};

}  // namespace frontline
