#pragma once
#include "bot/config.hpp"

namespace frontline {
/// Runs the service until SIGINT/SIGTERM; returns the process exit code.
int run_service(const Config& config);
}  // namespace frontline
