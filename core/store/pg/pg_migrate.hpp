#pragma once
// The shared migration list (core/store/migrations.hpp) applied to a PostgreSQL database. Several
// frontline processes may start together on one empty database: the whole run holds a session-level
// advisory lock, so one of them migrates and the others find the work done.
#include <optional>

#include "core/result.hpp"
#include "core/store/pg/pg_connection.hpp"

namespace frontline::pg {

/// The advisory lock key every frontline process takes to migrate ("frontlin" in ASCII).
inline constexpr std::int64_t kMigrationLock = 0x66726f6e746c696e;

/// Brings the database to `target` (default: the latest this build knows), each step in its own
/// transaction with its version row; refuses a database newer than this build.
Status migrate(Connection& c, std::optional<int> target = std::nullopt);

/// The version the database is at (0 when never migrated).
Result<int> schema_version(Connection& c);

}  // namespace frontline::pg
