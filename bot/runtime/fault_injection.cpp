#include "bot/runtime/fault_injection.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace frontline {

void crash_point(std::string_view point) {
    static const std::string configured = [] {
        const char* v = std::getenv("FRONTLINE_FAULT");
        return std::string(v ? v : "");
    }();
    if (!configured.empty() && configured == point) _exit(kFaultExitCode);
}

}  // namespace frontline
