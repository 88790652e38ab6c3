#pragma once
// Reads a whole configuration or content file; the error names the file.
#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace frontline {

Result<std::string> read_text_file(const std::filesystem::path& path);

}  // namespace frontline
