#include "fixture.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace frontline::test {
std::string fixture(const std::string& relative) {
    const std::string path = std::string(FRONTLINE_FIXTURES_DIR) + "/" + relative;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("missing fixture " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace frontline::test
