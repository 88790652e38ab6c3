#include "bot/config/file_text.hpp"

#include <fstream>
#include <sstream>

namespace frontline {

Result<std::string> read_text_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(Errc::not_found, path.string() + ": cannot read the file");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace frontline
