#pragma once
// `frontline migrate`: a SQLite desk copied into an empty PostgreSQL database, every table of the
// schema (core/store/pg/copy_tables.hpp), in one PostgreSQL transaction, then verified row count by
// row count before it commits. The source may be a running desk: it is opened read-only and read in
// one read transaction (a consistent WAL snapshot), and never migrated or written.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/store/pg/pg_connection.hpp"

namespace frontline::pg {

/// One copied table: its rows in the source snapshot and in the target after the copy (equal, or
/// the copy rolled back).
struct CopiedTable {
    std::string name;
    std::int64_t source_rows = 0;
    std::int64_t target_rows = 0;
};

/// What a copy did.
struct CopyReport {
    int schema_version = 0;
    std::vector<CopiedTable> tables;
    std::int64_t indexed_tickets = 0;  ///< tickets given an entry in PostgreSQL's search index
};

/// Copies the desk at `source` into `target`: the target is migrated to this build's schema first
/// (under the migration lock), must hold no rows in any copied table, and ends with every row,
/// its id sequences continuing after the copied ids and its search index rebuilt. Refused with
/// nothing changed: a missing or unreadable source, a source at another schema version than this
/// build's, a target that is not empty, an unreachable server or a refused password (the password
/// is never part of an error).
Result<CopyReport> copy_sqlite_to_pg(const std::filesystem::path& source, const ConnectOptions& target);

}  // namespace frontline::pg
