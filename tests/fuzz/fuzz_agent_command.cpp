// Agent commands as typed on any platform and button payloads (core/handoff/agent_command.cpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/handoff/agent_command.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)frontline::handoff::parse_agent_command(input);
    (void)frontline::handoff::parse_button_payload(input);
    return 0;
}
