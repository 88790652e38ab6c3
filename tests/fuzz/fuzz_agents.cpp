// The agents file (core/handoff/agents_directory.cpp): teams, agents, on-call, escalation rules.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/handoff/agents_directory.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    auto directory = frontline::handoff::AgentsDirectory::from_text(input, "fuzz.json");
    if (directory)
        for (const auto& a : directory->agents()) (void)a.identity_on("webchat");
    return 0;
}
