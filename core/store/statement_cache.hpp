#pragma once
// Prepared statements kept per connection, keyed by their SQL text: a statement is compiled once,
// not on every call (sqlite3_prepare_v2 was 9% of a turn's CPU). A statement is lent for one use
// and comes back reset with its bindings cleared, so no lent statement keeps a read snapshot open
// after its call. Asking for SQL whose statement is still lent (a nested call while the outer one
// is reading rows) prepares a second copy: a running statement is never handed out twice.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace frontline {

/// One use of a cached statement; returns it to its cache (reset, bindings cleared) when it ends.
class StatementLease {
public:
    using Idle = std::vector<std::unique_ptr<SQLite::Statement>>;
    StatementLease(Idle& home, std::unique_ptr<SQLite::Statement> statement)
        : home_(&home), statement_(std::move(statement)) {}
    ~StatementLease();
    StatementLease(const StatementLease&) = delete;
    StatementLease& operator=(const StatementLease&) = delete;
    StatementLease(StatementLease&& other) noexcept = default;
    StatementLease& operator=(StatementLease&&) = delete;

    SQLite::Statement& operator*() { return *statement_; }
    SQLite::Statement* operator->() { return statement_.get(); }

private:
    Idle* home_;
    std::unique_ptr<SQLite::Statement> statement_;
};

class StatementCache {
public:
    explicit StatementCache(SQLite::Database& db) : db_(db) {}
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    /// A ready statement for `sql` (one statement, no trailing second one): prepared on first use.
    StatementLease get(std::string_view sql);
    /// How many statements this connection has prepared so far; for tests.
    std::size_t prepared() const { return prepared_; }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    SQLite::Database& db_;
    // unordered_map keeps its elements in place on rehash: a Lease's home stays valid.
    std::unordered_map<std::string, StatementLease::Idle, Hash, std::equal_to<>> idle_;
    std::size_t prepared_ = 0;
};

}  // namespace frontline
