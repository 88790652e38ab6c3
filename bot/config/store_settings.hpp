#pragma once
// The store's keys: store.backend ("sqlite", the default, or "postgresql"), store.path for SQLite,
// store.url and store.password_env for PostgreSQL (docs/scale-out.md). The password itself is read
// from the environment variable the config names, never from the file, and never logged.
#include <chrono>
#include <filesystem>

#include "bot/config/config.hpp"
#include "core/clock.hpp"
#include "core/store/pg/pg_connection.hpp"

namespace frontline {

enum class StoreBackend { sqlite, postgresql };

struct StoreSettings {
    StoreBackend backend = StoreBackend::sqlite;
    std::filesystem::path sqlite_path;  ///< with sqlite
    pg::ConnectOptions postgresql;      ///< with postgresql: the URL and the password from the environment
    /// The default attachments folder is `files` beside this path: the SQLite file, or with
    /// postgresql `var/` under the config's folder. Processes on several machines must share one
    /// folder: set attachments.dir (docs/scale-out.md).
    std::filesystem::path files_beside;
    // With postgresql, where several processes share the work (docs/scale-out.md):
    /// store.claim_seconds: how long an outbox row a process is sending stays its own; after a crash
    /// the others send it once this has passed.
    Seconds claim_lease{30};
    /// store.leader_lease_seconds: the time to live of a leader lease (the Telegram poller, Matrix
    /// /sync); another process takes the work over within about this long of the holder's death.
    Seconds leader_lease{3};
    /// store.follow_ms: how often a process reads what the others changed that it must act on (web
    /// chat lines for its open pages, timers and outbox rows they left).
    std::chrono::milliseconds follow_every{500};
};

/// Reads and checks store.*: an unknown backend, a missing or unreadable store.url (or one with a
/// password in it), a store.password_env naming an unset variable are errors naming the key.
Result<StoreSettings> read_store_settings(const Config& config);

}  // namespace frontline
