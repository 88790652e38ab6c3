#include "bot/config/store_settings.hpp"

namespace frontline {

Result<StoreSettings> read_store_settings(const Config& config) {
    StoreSettings s;
    auto backend = config.string("store.backend", "sqlite");
    if (!backend) return backend.error();
    if (*backend == "sqlite") {
        auto path = config.path("store.path");
        if (!path) return path.error();
        s.sqlite_path = std::move(*path);
        s.files_beside = s.sqlite_path;
        return s;
    }
    if (*backend != "postgresql")
        return config.error("store.backend", "expected \"sqlite\" or \"postgresql\", not \"" + *backend + "\"");
    s.backend = StoreBackend::postgresql;
    s.files_beside = config.resolve("var/postgresql");
    auto url = config.string("store.url", "");
    if (!url) return url.error();
    if (url->empty())
        return config.error("store.url", "the PostgreSQL connection string is missing (e.g. \"host=db.example.org "
                                         "dbname=frontline user=frontline\")");
    if (auto ok = pg::check_url(*url); !ok) return config.error("store.url", ok.error().message);
    s.postgresql.url = std::move(*url);
    auto claim = config.integer("store.claim_seconds", 30);
    if (!claim) return claim.error();
    if (*claim < 5 || *claim > 3600)
        return config.error("store.claim_seconds", "expected 5 to 3600 (seconds): longer than any one delivery takes");
    s.claim_lease = Seconds{*claim};
    auto lease = config.integer("store.leader_lease_seconds", 3);
    if (!lease) return lease.error();
    if (*lease < 2 || *lease > 300) return config.error("store.leader_lease_seconds", "expected 2 to 300 (seconds)");
    s.leader_lease = Seconds{*lease};
    auto follow = config.integer("store.follow_ms", 500);
    if (!follow) return follow.error();
    if (*follow < 50 || *follow > 10000) return config.error("store.follow_ms", "expected 50 to 10000 (milliseconds)");
    s.follow_every = std::chrono::milliseconds{*follow};
    // No password_env: libpq's own ways (a ~/.pgpass file, peer or certificate authentication).
    if (config.find("store.password_env")) {
        auto password = secret_from_env(config, "store.password_env");
        if (!password) return password.error();
        s.postgresql.password = std::move(*password);
    }
    return s;
}

}  // namespace frontline
