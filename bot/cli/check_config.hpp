#pragma once
#include <iosfwd>

#include "bot/config/config.hpp"

namespace frontline {
/// Validates every part of the configuration without the network: the file itself, the files it
/// names, the secrets' variable names, and that every team room is on an enabled platform. Each
/// subsystem adds its own check here.
Status validate_config(const Config& config);
/// `frontline check-config`: validate_config, then verify_team_rooms_now; prints "ok" or
/// every problem (file, key or room, reason); exit code 0 or 1.
int run_check_config(const Config& config, std::ostream& out, std::ostream& err);
}  // namespace frontline
