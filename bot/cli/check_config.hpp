#pragma once
#include <iosfwd>

#include "bot/config/config.hpp"

namespace frontline {
/// Validates every part of the configuration: the file itself, the files it names, the secrets'
/// variable names. Each subsystem adds its own check here.
Status validate_config(const Config& config);
/// `frontline check-config`: prints "ok" or the error (file, key, reason); exit code 0 or 1.
int run_check_config(const Config& config, std::ostream& out, std::ostream& err);
}  // namespace frontline
