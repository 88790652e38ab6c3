#include "bot/config/open_store.hpp"

#include <unistd.h>

#include <array>
#include <filesystem>
#include <random>

#include "core/store/pg/pg_store.hpp"
#include "core/store/sqlite_store.hpp"

namespace frontline {

std::string process_holder_name() {
    std::array<char, 256> host{};
    if (::gethostname(host.data(), host.size() - 1) != 0) host = {};
    std::random_device random;
    constexpr char kHex[] = "0123456789abcdef";
    std::string tag;
    for (int i = 0; i < 8; ++i) tag += kHex[random() % 16];
    const std::string name = host[0] ? host.data() : "host";
    return name + ":" + std::to_string(::getpid()) + ":" + tag;
}

std::string store_location(const StoreSettings& s) {
    if (s.backend == StoreBackend::sqlite) return s.sqlite_path.string();
    return "postgresql:" + s.postgresql.url;
}

Result<std::unique_ptr<Store>> open_store(const StoreSettings& s, const std::string& holder) {
    if (s.backend == StoreBackend::postgresql) {
        auto store = PgStore::open(s.postgresql, std::nullopt, PgClaims{holder, s.claim_lease});
        if (!store) return store.error();
        return std::unique_ptr<Store>(std::move(*store));
    }
    std::error_code ec;
    if (s.sqlite_path.has_parent_path()) std::filesystem::create_directories(s.sqlite_path.parent_path(), ec);
    auto store = SqliteStore::open(s.sqlite_path);
    if (!store) return store.error();
    return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace frontline
