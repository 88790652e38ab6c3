// run_service: the desk (conversation engine + hand-off) from the configuration, then the runtime
// around it.
#include "bot/service.hpp"

#include <iostream>

#include "bot/desk_factory.hpp"
#include "bot/service_runtime.hpp"

namespace frontline {

int run_service(const Config& config) {
    auto desk = make_desk(config);
    if (!desk) {
        std::cerr << "frontline: " << desk.error().message << "\n";
        return 2;
    }
    return run_runtime(config, **desk, std::cout);
}

}  // namespace frontline
