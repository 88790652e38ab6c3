#include "bot/cli/existing_store.hpp"

#include <filesystem>

#include "bot/config/open_store.hpp"
#include "bot/config/store_settings.hpp"

namespace frontline {

Result<std::unique_ptr<Store>> open_existing_store(const Config& config) {
    auto settings = read_store_settings(config);
    if (!settings) return settings.error();
    std::error_code ec;
    if (settings->backend == StoreBackend::sqlite && !std::filesystem::is_regular_file(settings->sqlite_path, ec))
        return make_error(Errc::not_found, "no database at " + settings->sqlite_path.string() +
                                               " (check --db or store.path in " + config.file().string() + ")");
    return open_store(*settings, process_holder_name());
}

}  // namespace frontline
