#pragma once
// Reads a service's SQLite file from a test while the service may still run (read-only, with a busy
// timeout): one number, or a ticket's journal kinds in order. Link SQLiteCpp to use it.
#include <filesystem>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

namespace frontline::testkit {

/// The first column of the first row of `sql`, or -1 when there is no row.
inline long long store_scalar(const std::filesystem::path& db_file, const std::string& sql) {
    SQLite::Database db(db_file.string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(2000);
    SQLite::Statement q(db, sql);
    return q.executeStep() ? q.getColumn(0).getInt64() : -1;
}

/// The kinds of `ticket`'s journal entries, oldest first.
inline std::vector<std::string> journal_kinds(const std::filesystem::path& db_file, const std::string& ticket) {
    SQLite::Database db(db_file.string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(2000);
    SQLite::Statement q(db, "SELECT kind FROM journal WHERE ticket_id = ? ORDER BY seq");
    q.bind(1, ticket);
    std::vector<std::string> kinds;
    while (q.executeStep()) kinds.push_back(q.getColumn(0).getString());
    return kinds;
}

}  // namespace frontline::testkit
