#include "core/store/pg/pg_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <map>

namespace frontline::pg {
namespace {

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

/// The URL's keyword/value pairs, as libpq reads them.
Result<std::map<std::string, std::string>> parse(const std::string& url) {
    char* err = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &err);
    if (!options) {
        // libpq's reason may quote a piece of the string: left out when that piece could be a password.
        std::string reason = err ? trimmed(err) : std::string("out of memory");
        if (err) PQfreemem(err);
        if (url.find("pass") != std::string::npos) reason = "cannot be parsed";
        return make_error(Errc::invalid_argument,
                          "not a libpq connection string (key=value pairs or a postgresql:// URI): " + reason);
    }
    std::map<std::string, std::string> out;
    for (const PQconninfoOption* o = options; o->keyword; ++o)
        if (o->val) out[o->keyword] = o->val;
    PQconninfoFree(options);
    return out;
}

Error error_of(const PGresult* r, const std::string& what, pg_conn* conn) {
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const std::string message = primary ? primary : trimmed(PQerrorMessage(conn));
    const std::string sqlstate = state ? state : "";
    // 23505 unique_violation: someone else holds that key (a lost race), not a broken store.
    const Errc code = sqlstate == "23505" ? Errc::conflict : Errc::storage;
    return make_error(code, what + ": " + message + (sqlstate.empty() ? "" : " (SQLSTATE " + sqlstate + ")"));
}

std::string sql_head(const std::string& sql) { return sql.size() > 60 ? sql.substr(0, 60) + "..." : sql; }

}  // namespace

Status check_url(const std::string& url) {
    if (url.empty()) return make_error(Errc::invalid_argument, "empty connection string");
    auto params = parse(url);
    if (!params) return params.error();
    if (params->count("password"))
        return make_error(Errc::invalid_argument,
                          "the connection string carries a password: put it in the environment variable named by "
                          "store.password_env instead");
    return {};
}

Result<std::vector<std::pair<std::string, std::string>>> connection_parameters(const ConnectOptions& o) {
    if (auto ok = check_url(o.url); !ok) return ok.error();
    auto params = parse(o.url);
    if (!params) return params.error();
    auto& p = *params;
    if (!o.password.empty()) p["password"] = o.password;
    // TLS whenever the server offers it; verified (chain and host name) once a CA is named: libpq's
    // own default, prefer, never checks the certificate.
    if (!p.count("sslmode")) p["sslmode"] = p.count("sslrootcert") ? "verify-full" : "prefer";
    if (!p.count("client_encoding")) p["client_encoding"] = "UTF8";
    if (!p.count("application_name")) p["application_name"] = "frontline";
    return std::vector<std::pair<std::string, std::string>>(p.begin(), p.end());
}

Param text_array(const std::vector<std::string>& items) {
    std::string out = "{";
    for (const auto& item : items) {
        if (out.size() > 1) out += ',';
        out += '"';
        for (char c : item) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

Rows::Rows(pg_result* r) : result_(r, &PQclear) {}
int Rows::size() const { return PQntuples(result_.get()); }
int Rows::columns() const { return PQnfields(result_.get()); }
bool Rows::null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
std::string Rows::text(int row, int column) const {
    return std::string(PQgetvalue(result_.get(), row, column),
                       static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}
std::int64_t Rows::integer(int row, int column) const {
    const char* v = PQgetvalue(result_.get(), row, column);
    std::int64_t out = 0;
    std::from_chars(v, v + PQgetlength(result_.get(), row, column), out);
    return out;
}
std::int64_t Rows::affected() const {
    const char* n = PQcmdTuples(result_.get());
    std::int64_t out = 0;
    std::from_chars(n, n + std::char_traits<char>::length(n), out);
    return out;
}

Result<std::unique_ptr<Connection>> Connection::open(const ConnectOptions& o) {
    auto params = connection_parameters(o);
    if (!params) return params.error();
    std::vector<const char*> keys, values;
    for (const auto& [k, v] : *params) {
        keys.push_back(k.c_str());
        values.push_back(v.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    pg_conn* c = PQconnectdbParams(keys.data(), values.data(), 0);
    if (!c) return make_error(Errc::storage, "PostgreSQL: out of memory");
    if (PQstatus(c) != CONNECTION_OK) {
        // libpq names the host and the reason ("password authentication failed"), never the password.
        std::string reason = trimmed(PQerrorMessage(c));
        PQfinish(c);
        return make_error(Errc::storage, "cannot connect to PostgreSQL: " + reason);
    }
    // Notices ("relation already exists, skipping") are the server thinking aloud, not errors:
    // libpq would print them on stderr.
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
    return std::unique_ptr<Connection>(new Connection(c));
}

Connection::~Connection() { PQfinish(conn_); }

Result<std::string> Connection::prepared_name(const std::string& sql) {
    if (auto it = prepared_.find(sql); it != prepared_.end()) return it->second;
    std::string name = "frontline_" + std::to_string(prepared_.size() + 1);
    // Prepared statements belong to the session, not the transaction: a rollback keeps them.
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr), &PQclear);
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return error_of(r.get(), "prepare " + sql_head(sql), conn_);
    prepared_.emplace(sql, name);
    return name;
}

Status Connection::ensure_connected() {
    if (PQstatus(conn_) == CONNECTION_OK) return {};
    // Inside a transaction the server has already rolled it back: the caller's whole unit fails
    // and is redone by whoever asked for it (the engine batch is not acknowledged to its platform).
    if (depth_ > 0) return make_error(Errc::storage, "the connection to PostgreSQL was lost inside a transaction");
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK)
        return make_error(Errc::storage, "PostgreSQL unreachable: " + trimmed(PQerrorMessage(conn_)));
    // A new session: the statements prepared on the old one are gone with it.
    prepared_.clear();
    ++reconnects_;
    return {};
}

Result<Rows> Connection::query(const std::string& sql, const std::vector<Param>& params) {
    if (auto up = ensure_connected(); !up) return up.error();
    std::vector<const char*> values;
    for (const auto& p : params) {
        // libpq's text format ends a value at its first NUL byte: refused, never silently cut.
        if (p && p->find('\0') != std::string::npos)
            return make_error(Errc::invalid_argument, "a text with a NUL byte cannot be stored");
        values.push_back(p ? p->c_str() : nullptr);
    }
    auto name = prepared_name(sql);
    if (!name) return name.error();
    PGresult* r = PQexecPrepared(conn_, name->c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0);
    const auto status = PQresultStatus(r);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        Error e = error_of(r, sql_head(sql), conn_);
        PQclear(r);
        return e;
    }
    return Rows(r);
}

Status Connection::execute_script(const std::string& sql) {
    if (auto up = ensure_connected(); !up) return up;
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn_, sql.c_str()), &PQclear);
    const auto status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
        return error_of(r.get(), sql_head(sql), conn_);
    return {};
}

Status Connection::in_transaction(const std::function<Status()>& fn) {
    const bool outer = depth_ == 0;
    const std::string savepoint = "sp" + std::to_string(depth_);
    if (auto ok = execute_script(outer ? "BEGIN" : "SAVEPOINT " + savepoint); !ok) return ok;
    ++depth_;
    auto undo = [&] {
        --depth_;
        // An error already aborted the transaction; ROLLBACK (TO) ends that state too. A failure here
        // means the connection is gone, and the server has rolled back already.
        if (outer) (void)execute_script("ROLLBACK");
        else (void)execute_script("ROLLBACK TO SAVEPOINT " + savepoint + "; RELEASE SAVEPOINT " + savepoint);
    };
    Status result;
    try {
        result = fn();
    } catch (...) {
        undo();
        throw;
    }
    if (!result) {
        undo();
        return result;
    }
    --depth_;
    if (auto ok = execute_script(outer ? "COMMIT" : "RELEASE SAVEPOINT " + savepoint); !ok) {
        ++depth_;
        undo();
        return make_error(ok.error().code, "commit: " + ok.error().message);
    }
    return {};
}

}  // namespace frontline::pg
