#include "bot/config/zoneinfo_source.hpp"

#include <fstream>
#include <iterator>

namespace frontline {
namespace {

namespace fs = std::filesystem;

// Real TZif files are a few kilobytes; anything far bigger is not one and is not read into memory.
constexpr std::uintmax_t kMaxZoneFileBytes = 1 << 20;

bool inside(const fs::path& file, const fs::path& folder) {
    auto f = file.begin();
    for (auto d = folder.begin(); d != folder.end(); ++d, ++f)
        if (f == file.end() || *f != *d) return false;
    return true;
}

Result<std::string> read_zone(const fs::path& folder, const std::string& name) {
    if (!is_zone_name(name)) return make_error(Errc::invalid_argument, "'" + name + "' is not a time zone name");
    std::error_code ec;
    const fs::path root = fs::canonical(folder, ec);
    if (ec || !fs::is_directory(root, ec))
        return make_error(Errc::invalid_argument,
                          folder.string() + " is not a folder of time zones (install tzdata or set agents.zoneinfo_dir)");
    const fs::path file = fs::canonical(root / name, ec);
    if (ec || !fs::is_regular_file(file, ec)) return make_error(Errc::not_found, "no such zone file in " + folder.string());
    // The name cannot climb out, but a symlink inside the folder could ("localtime" -> /etc/localtime).
    if (!inside(file, root)) return make_error(Errc::not_found, "its file lies outside " + folder.string());
    const auto size = fs::file_size(file, ec);
    if (ec || size > kMaxZoneFileBytes) return make_error(Errc::invalid_argument, file.string() + " is too big for a TZif file");
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error(Errc::invalid_argument, "cannot read " + file.string());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

ZoneSource zoneinfo_folder(fs::path folder) {
    return [folder = std::move(folder)](const std::string& name) { return read_zone(folder, name); };
}

}  // namespace frontline
