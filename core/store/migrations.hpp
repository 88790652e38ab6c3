#pragma once
// Forward-only schema migrations, applied in order at open, one list for both backends: each step
// has its SQLite SQL and its PostgreSQL SQL, so the two schemas advance together under one version
// number. Never edit a released migration: add one.
#include <string_view>
#include <vector>

namespace frontline {

struct Migration {
    int version;
    std::string_view description;
    std::string_view sqlite;      ///< one or more statements, run in one transaction
    /// The same step on PostgreSQL (core/store/pg/pg_migrate.cpp), one transaction too. A step
    /// with nothing to do there (a SQLite-only index rebuild) says why in an SQL comment.
    std::string_view postgresql;
};

/// The newest schema version this build knows.
int latest_schema_version();

/// All migrations, ascending by version, starting at 1 with no gaps.
const std::vector<Migration>& migrations();

}  // namespace frontline
