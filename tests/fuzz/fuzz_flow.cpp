// Diagnosis flows and the other content files (core/engine/flow_parser.cpp, config_parsers.cpp):
// categories, classifier and known fixes are parsed from the same bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/engine/config_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)frontline::parse_flow(input, "fuzz.json");
    (void)frontline::parse_categories(input, "fuzz.json");
    (void)frontline::parse_classifier(input, "fuzz.json");
    (void)frontline::parse_kb(input, "fuzz.json");
    return 0;
}
