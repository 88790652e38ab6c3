#include "bot/cli/existing_store.hpp"

#include <filesystem>

#include "bot/config/store_settings.hpp"
#include "core/store/sqlite_store.hpp"

namespace frontline {

Result<std::unique_ptr<Store>> open_existing_store(const Config& config) {
    auto path = sqlite_store_path(config);
    if (!path) return path.error();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*path, ec))
        return make_error(Errc::not_found, "no database at " + path->string() + " (check --db or store.path in " +
                                               config.file().string() + ")");
    auto store = SqliteStore::open(*path);
    if (!store) return store.error();
    return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace frontline
