#pragma once
// One libpq connection to the PostgreSQL store: parameterised queries only (values never enter the
// SQL text), each statement prepared once per connection and cached by its SQL text, transactions
// that nest through savepoints as Store::in_transaction does. One Connection per thread, like
// SQLite's. Errors are values; the password is never part of a message.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.hpp"

struct pg_conn;
struct pg_result;

namespace frontline::pg {

/// How to reach the server.
struct ConnectOptions {
    std::string url;       ///< libpq connection string or postgresql:// URI, without a password
    std::string password;  ///< from the environment variable named in config; may be empty
};

/// A connection string checked without connecting: it parses and carries no password.
Status check_url(const std::string& url);

/// The keyword/value pairs handed to libpq: the URL's own, the password, and the TLS default when
/// the URL sets no sslmode: `verify-full` when it names a CA (sslrootcert), else `prefer`.
Result<std::vector<std::pair<std::string, std::string>>> connection_parameters(const ConnectOptions& o);

/// A query parameter in libpq's text format; nullopt is SQL NULL.
using Param = std::optional<std::string>;
inline Param text(std::string s) { return Param{std::move(s)}; }
inline Param integer(std::int64_t v) { return Param{std::to_string(v)}; }
inline Param null() { return std::nullopt; }
/// A text[] parameter (`$1::text[]`): the array literal of `items`, each quoted.
Param text_array(const std::vector<std::string>& items);

/// The rows a query returned (all of them: libpq reads the whole result).
class Rows {
public:
    explicit Rows(pg_result* r);
    int size() const;
    int columns() const;
    bool empty() const { return size() == 0; }
    bool null(int row, int column) const;
    std::string text(int row, int column) const;
    std::int64_t integer(int row, int column) const;
    /// Rows changed by an INSERT, UPDATE or DELETE.
    std::int64_t affected() const;

private:
    std::shared_ptr<pg_result> result_;
};

class Connection {
public:
    static Result<std::unique_ptr<Connection>> open(const ConnectOptions& o);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Runs one statement with `$1..$n` parameters, prepared on first use and cached.
    Result<Rows> query(const std::string& sql, const std::vector<Param>& params = {});
    /// Runs a script of several statements without parameters (schema migrations, BEGIN/COMMIT).
    Status execute_script(const std::string& sql);
    /// Runs `fn` in one transaction: commits when it returns ok, rolls back on an error or an
    /// exception. Nested calls join the outer transaction through a savepoint.
    Status in_transaction(const std::function<Status()>& fn);
    bool inside_transaction() const { return depth_ > 0; }
    /// How many statements this connection has prepared; for tests.
    std::size_t statements_prepared() const { return prepared_.size(); }
    /// How many times the connection was lost and opened again; for tests and logs.
    int reconnects() const { return reconnects_; }

private:
    explicit Connection(pg_conn* c) : conn_(c) {}
    Result<std::string> prepared_name(const std::string& sql);
    /// Outside a transaction, opens a lost connection again (the server restarted, a network
    /// blip): the next statement then runs on the new session.
    Status ensure_connected();

    pg_conn* conn_;
    std::unordered_map<std::string, std::string> prepared_;  // SQL text -> server-side statement name
    int depth_ = 0;
    int reconnects_ = 0;
};

}  // namespace frontline::pg
