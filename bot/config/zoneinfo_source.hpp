#pragma once
// The agents' time zones come from the system's TZif files (Debian's tzdata package): this reads
// them by IANA name from one folder, `agents.zoneinfo_dir` in frontline.json (default
// /usr/share/zoneinfo), for core to parse.
#include <filesystem>

#include "core/time_zone.hpp"

namespace frontline {

inline constexpr const char* kDefaultZoneinfoDir = "/usr/share/zoneinfo";

/// Reads `<folder>/<name>`: only well-formed zone names, only regular files that stay inside the
/// folder once symlinks are followed. Errc::not_found when the zone does not exist.
ZoneSource zoneinfo_folder(std::filesystem::path folder);

}  // namespace frontline
