// Placeholder until the service runtime lands (issue: service runtime).
#include "bot/service.hpp"

#include <iostream>

namespace frontline {
int run_service(const Config&) {
    std::cerr << "frontline: the service runtime is not built yet\n";
    return 1;
}
}  // namespace frontline
