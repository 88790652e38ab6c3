#pragma once
// Reads a captured payload from tests/fixtures/.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

inline std::string fixture(const std::string& name) {
    std::ifstream in(std::string(FRONTLINE_FIXTURES_DIR) + "/" + name, std::ios::binary);
    if (!in) throw std::runtime_error("missing fixture " + name);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
