// frontline.json and --set overrides (bot/config.cpp): any text gives a config or an error naming
// the file, never a crash; typed look-ups on what parsed never throw.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bot/config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string input(reinterpret_cast<const char*>(data), size);
    // The first line, when it looks like one, is also tried as a --set override.
    std::vector<std::string> overrides;
    if (const auto nl = input.find('\n'); nl != std::string::npos && input.find('=') < nl) overrides.push_back(input.substr(0, nl));
    auto config = frontline::Config::from_text(input, "fuzz.json", overrides);
    if (!config) return 0;
    for (const char* key : {"store.path", "http.listen", "http.max_connections", "webchat.enabled", "a.b.c", ""}) {
        (void)config->string(key, "x");
        (void)config->integer(key, 1);
        (void)config->boolean(key, true);
        (void)config->path(key, "p");
        (void)config->find(key);
    }
    return 0;
}
