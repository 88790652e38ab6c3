// The real service runtime (store thread, engine loop, outbox, HTTP server, web chat) around the
// scripted test handler, so the durability tests can crash and restart a real process on a real
// SQLite file. Usage: runtime_test_service CONFIG [dotted.key=value]...
#include <iostream>
#include <string>
#include <vector>

#include "bot/config/config.hpp"
#include "bot/runtime/service.hpp"
#include "tests/unit/runtime/scripted_handler.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: runtime_test_service CONFIG [key=value]...\n";
        return 2;
    }
    std::vector<std::string> overrides(argv + 2, argv + argc);
    auto config = frontline::Config::load(argv[1], overrides);
    if (!config) {
        std::cerr << config.error().message << "\n";
        return 2;
    }
    frontline::testing::ScriptedHandler handler;
    return frontline::run_runtime(*config, handler, std::cout);
}
