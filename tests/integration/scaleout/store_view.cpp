#include "tests/integration/scaleout/store_view.hpp"

#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>
#include <libpq-fe.h>

namespace frontline::scaleout {

long long StoreView::scalar(const std::string& sql) const {
    const auto r = rows(sql);
    if (r.empty() || r.front().empty() || r.front().front().empty()) return -1;
    return std::stoll(r.front().front());
}

namespace {

class SqliteView : public StoreView {
public:
    explicit SqliteView(std::filesystem::path file) : file_(std::move(file)) {}

    std::vector<std::vector<std::string>> rows(const std::string& sql) const override {
        SQLite::Database db(file_.string(), SQLite::OPEN_READONLY);
        db.setBusyTimeout(5000);
        SQLite::Statement q(db, sql);
        std::vector<std::vector<std::string>> out;
        while (q.executeStep()) {
            std::vector<std::string> row;
            for (int i = 0; i < q.getColumnCount(); ++i) row.push_back(q.getColumn(i).isNull() ? "" : q.getColumn(i).getString());
            out.push_back(std::move(row));
        }
        return out;
    }

private:
    std::filesystem::path file_;
};

class PostgresqlView : public StoreView {
public:
    PostgresqlView(std::string url, std::string password) : url_(std::move(url)), password_(std::move(password)) {}

    std::vector<std::vector<std::string>> rows(const std::string& sql) const override {
        // The password goes as its own keyword, never into a string that might be printed.
        const char* keys[] = {"dbname", "password", nullptr};
        const char* values[] = {url_.c_str(), password_.c_str(), nullptr};
        std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdbParams(keys, values, 1), &PQfinish);
        if (PQstatus(conn.get()) != CONNECTION_OK)
            throw std::runtime_error(std::string("postgresql view: ") + PQerrorMessage(conn.get()));
        std::unique_ptr<PGresult, decltype(&PQclear)> res(PQexec(conn.get(), sql.c_str()), &PQclear);
        if (PQresultStatus(res.get()) != PGRES_TUPLES_OK)
            throw std::runtime_error("postgresql view: " + sql + ": " + PQresultErrorMessage(res.get()));
        std::vector<std::vector<std::string>> out;
        for (int r = 0; r < PQntuples(res.get()); ++r) {
            std::vector<std::string> row;
            for (int c = 0; c < PQnfields(res.get()); ++c) row.emplace_back(PQgetvalue(res.get(), r, c));
            out.push_back(std::move(row));
        }
        return out;
    }

private:
    std::string url_;
    std::string password_;
};

}  // namespace

std::unique_ptr<StoreView> sqlite_view(const std::filesystem::path& file) { return std::make_unique<SqliteView>(file); }

std::unique_ptr<StoreView> postgresql_view(const std::string& url, const std::string& password) {
    return std::make_unique<PostgresqlView>(url, password);
}

}  // namespace frontline::scaleout
