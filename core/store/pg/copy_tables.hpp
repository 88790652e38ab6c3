#pragma once
// Which tables `frontline migrate` copies from a SQLite desk into PostgreSQL, and which it leaves
// out on purpose. A table a later migration adds and this list forgets fails the copy's tests
// (both schemas are enumerated from their catalogs) and makes the copy refuse, never lose rows.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/store/pg/pg_connection.hpp"

namespace SQLite {
class Database;
}

namespace frontline::pg {

/// The tables copied, each parent before its children (identities need their persons).
const std::vector<std::string>& copied_tables();

/// The tables of a SQLite desk that are neither copied nor deliberately left out. Left out:
/// SQLite's own (sqlite_sequence is read for the id sequences), schema_version (the target keeps
/// its own), and the FTS5 search indexes with their shadow tables (PostgreSQL keeps its own index,
/// rebuilt for the copied tickets).
std::vector<std::string> uncovered_sqlite_tables(SQLite::Database& db);

/// The tables of the PostgreSQL schema neither copied nor deliberately left out (schema_version
/// and the search index, ticket_search and ticket_words).
Result<std::vector<std::string>> uncovered_pg_tables(Connection& c);

/// `name` as an SQL identifier, double-quoted: table names enter SQL text only from copied_tables()
/// and the catalogs, never from input, and are quoted all the same.
std::string quoted(const std::string& name);

}  // namespace frontline::pg
