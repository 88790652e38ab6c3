#pragma once
// The outbox's delivery pace per platform: each adapter's documented defaults (adapter_registry),
// overridden by "<platform>.pace" in the config (docs/operations.md lists the keys).
#include <map>
#include <string>

#include "bot/config/config.hpp"
#include "bot/runtime/delivery_pacer.hpp"

namespace frontline {

/// Platform -> pace; an error names the key that is wrong.
Result<std::map<std::string, PaceLimits>> read_pacing(const Config& config);

}  // namespace frontline
