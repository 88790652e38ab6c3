#pragma once
// The store's keys: store.backend ("sqlite", the default, or "postgresql"), store.path for SQLite,
// store.url and store.password_env for PostgreSQL (docs/scale-out.md). The password itself is read
// from the environment variable the config names, never from the file, and never logged.
#include <filesystem>

#include "bot/config/config.hpp"
#include "core/store/pg/pg_connection.hpp"

namespace frontline {

enum class StoreBackend { sqlite, postgresql };

struct StoreSettings {
    StoreBackend backend = StoreBackend::sqlite;
    std::filesystem::path sqlite_path;  ///< with sqlite
    pg::ConnectOptions postgresql;      ///< with postgresql: the URL and the password from the environment
};

/// Reads and checks store.*: an unknown backend, a missing or unreadable store.url (or one with a
/// password in it), a store.password_env naming an unset variable are errors naming the key.
Result<StoreSettings> read_store_settings(const Config& config);

/// The SQLite file every mode of this build runs on. With store.backend "postgresql" (valid keys or
/// not) an error saying that the PostgreSQL store is not complete in this build: the process stops
/// instead of running half on one store and half on the other.
Result<std::filesystem::path> sqlite_store_path(const Config& config);

}  // namespace frontline
