#include "core/store/pg/sqlite_to_pg_copy.hpp"

#include <algorithm>
#include <charconv>
#include <memory>
#include <set>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "core/store/migrations.hpp"
#include "core/store/pg/copy_tables.hpp"
#include "core/store/pg/pg_migrate.hpp"
#include "core/store/pg/pg_search_index.hpp"
#include "core/ticket_json.hpp"

namespace frontline::pg {
namespace {

/// Rows per multi-row INSERT: one round trip per batch instead of per row, within libpq's limit
/// of 65,535 parameters per statement.
constexpr std::size_t kBatchRows = 500;
constexpr std::size_t kMaxParams = 30000;
/// Tickets read back per page while the search index is rebuilt.
constexpr int kIndexPage = 500;

Result<std::unique_ptr<SQLite::Database>> open_source(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return make_error(Errc::not_found, "no SQLite database at " + path.string());
    try {
        // Read-only: the source is neither migrated nor written, whatever happens here.
        auto db = std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READONLY);
        db->setBusyTimeout(5000);
        return db;
    } catch (const SQLite::Exception& e) {
        return make_error(Errc::storage, "cannot open " + path.string() + ": " + e.what());
    }
}

/// The source's schema version, read inside its read transaction (the first read fixes the
/// snapshot every later read sees).
Status check_source_version(SQLite::Database& db, const std::filesystem::path& path, int& version) {
    if (!db.tableExists("schema_version"))
        return make_error(Errc::invalid_argument, path.string() + " is not a frontline database (no schema_version table)");
    SQLite::Statement q(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
    q.executeStep();
    version = q.getColumn(0).getInt();
    const int latest = latest_schema_version();
    if (version < latest)
        return make_error(Errc::invalid_argument,
                          path.string() + " is at schema version " + std::to_string(version) + ", older than this build's (" +
                              std::to_string(latest) + "): run this build's frontline on it once (it migrates the database "
                                                       "at start), then copy it again");
    if (version > latest)
        return make_error(Errc::invalid_argument, path.string() + " is at schema version " + std::to_string(version) +
                                                      ", newer than this build knows (" + std::to_string(latest) +
                                                      "): copy it with the frontline build that wrote it");
    return {};
}

std::int64_t sqlite_count(SQLite::Database& db, const std::string& table) {
    SQLite::Statement q(db, "SELECT COUNT(*) FROM " + quoted(table));
    q.executeStep();
    return q.getColumn(0).getInt64();
}

Result<std::int64_t> pg_count(Connection& c, const std::string& table) {
    auto rows = c.query("SELECT COUNT(*) FROM " + quoted(table));
    if (!rows) return rows.error();
    return rows->integer(0, 0);
}

std::vector<std::string> sqlite_columns(SQLite::Database& db, const std::string& table) {
    std::vector<std::string> out;
    SQLite::Statement q(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
    q.bind(1, table);
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
}

struct TargetColumns {
    std::set<std::string> all;
    std::vector<std::string> identity;  ///< filled by an identity sequence
};

Result<TargetColumns> target_columns(Connection& c, const std::string& table) {
    auto rows = c.query("SELECT column_name, is_identity FROM information_schema.columns"
                        " WHERE table_schema = current_schema() AND table_name = $1",
                        {text(table)});
    if (!rows) return rows.error();
    TargetColumns out;
    for (int i = 0; i < rows->size(); ++i) {
        out.all.insert(rows->text(i, 0));
        if (rows->text(i, 1) == "YES") out.identity.push_back(rows->text(i, 0));
    }
    return out;
}

/// A source value as libpq's text format. SQLite's integers and reals travel as their digits and
/// PostgreSQL reads them into the target column's type.
Result<Param> value_of(const SQLite::Column& v, const std::string& table) {
    if (v.isNull()) return null();
    if (v.isInteger()) return integer(v.getInt64());
    if (v.isFloat()) {
        char buf[64];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.getDouble());
        return text(std::string(buf, end));
    }
    if (v.isBlob())
        return make_error(Errc::unsupported, std::string("column ") + v.getName() + " of " + table +
                                                 " holds binary data, which the copy does not carry");
    return text(v.getString());
}

/// Copies every row of `table`; returns how many.
Result<std::int64_t> copy_table(SQLite::Database& src, Connection& dst, const std::string& table) {
    const auto columns = sqlite_columns(src, table);
    auto target = target_columns(dst, table);
    if (!target) return target.error();
    if (columns.empty()) return make_error(Errc::storage, "the source has no table " + table);
    if (std::set<std::string>(columns.begin(), columns.end()) != target->all)
        return make_error(Errc::storage, "the columns of " + table + " differ between the SQLite and the PostgreSQL schema");

    std::string names;
    for (const auto& c : columns) names += (names.empty() ? "" : ", ") + quoted(c);
    // The copied ids are kept as they are: ticket references, journal order and the platforms'
    // idempotency keys stand on them. The sequences continue after them (continue_sequences).
    const std::string head = "INSERT INTO " + quoted(table) + " (" + names + ")" +
                             (target->identity.empty() ? "" : " OVERRIDING SYSTEM VALUE") + " VALUES ";
    const std::size_t per_batch = std::min(kBatchRows, kMaxParams / columns.size());

    std::vector<Param> params;
    std::size_t rows_in_batch = 0;
    std::int64_t copied = 0;
    auto flush = [&]() -> Status {
        if (rows_in_batch == 0) return {};
        std::string sql = head;
        std::size_t n = 0;
        for (std::size_t r = 0; r < rows_in_batch; ++r) {
            sql += r ? ", (" : "(";
            for (std::size_t c = 0; c < columns.size(); ++c) sql += (c ? ", $" : "$") + std::to_string(++n);
            sql += ")";
        }
        auto ok = dst.query(sql, params);
        if (!ok) return make_error(ok.error().code, table + ": " + ok.error().message);
        copied += static_cast<std::int64_t>(rows_in_batch);
        params.clear();
        rows_in_batch = 0;
        return {};
    };
    SQLite::Statement q(src, "SELECT " + names + " FROM " + quoted(table));
    while (q.executeStep()) {
        for (int c = 0; c < static_cast<int>(columns.size()); ++c) {
            auto v = value_of(q.getColumn(c), table);
            if (!v) return v.error();
            params.push_back(std::move(*v));
        }
        if (++rows_in_batch == per_batch)
            if (auto ok = flush(); !ok) return ok.error();
    }
    if (auto ok = flush(); !ok) return ok.error();
    return copied;
}

/// The highest id SQLite's AUTOINCREMENT handed out for `table` (0 without one): ids of rows
/// deleted since (a purged outbox) are never handed out again, on either side.
std::int64_t sqlite_sequence_of(SQLite::Database& src, const std::string& table) {
    if (!src.tableExists("sqlite_sequence")) return 0;
    SQLite::Statement q(src, "SELECT seq FROM sqlite_sequence WHERE name = ?");
    q.bind(1, table);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

/// Makes each identity column of `table` continue after the copied ids.
Status continue_sequences(SQLite::Database& src, Connection& dst, const std::string& table) {
    auto target = target_columns(dst, table);
    if (!target) return target.error();
    for (const auto& column : target->identity) {
        auto max = dst.query("SELECT COALESCE(MAX(" + quoted(column) + "), 0) FROM " + quoted(table));
        if (!max) return max.error();
        const std::int64_t last = std::max(max->integer(0, 0), sqlite_sequence_of(src, table));
        // setval(seq, 1, false): nothing handed out yet, the next id is 1.
        auto set = dst.query("SELECT setval(pg_get_serial_sequence($1, $2), $3, $4::boolean)",
                             {text(quoted(table)), text(column), integer(std::max<std::int64_t>(last, 1)),
                              text(last > 0 ? "true" : "false")});
        if (!set) return set.error();
    }
    return {};
}

Result<Ticket> ticket_of(const std::string& record) {
    try {
        return ticket_from_json(nlohmann::json::parse(record));
    } catch (const nlohmann::json::exception& e) {
        return make_error(Errc::storage, std::string("corrupt record: ") + e.what());
    }
}

/// Gives every copied ticket its entry in PostgreSQL's search index; returns how many.
Result<std::int64_t> rebuild_search_index(Connection& dst) {
    std::int64_t indexed = 0;
    std::string after;
    for (;;) {
        auto rows = dst.query("SELECT id, record FROM tickets WHERE id > $1 ORDER BY id LIMIT $2",
                              {text(after), integer(kIndexPage)});
        if (!rows) return rows.error();
        for (int i = 0; i < rows->size(); ++i) {
            auto t = ticket_of(rows->text(i, 1));
            if (!t) return make_error(t.error().code, "ticket " + rows->text(i, 0) + ": " + t.error().message);
            if (auto ok = index_ticket_for_search(dst, *t); !ok) return ok.error();
            ++indexed;
        }
        if (rows->size() < kIndexPage) return indexed;
        after = rows->text(rows->size() - 1, 0);
    }
}

/// The copied tables (and the search index) that hold rows; `existing_only` skips tables not
/// created yet (before the target is migrated).
Result<std::vector<std::string>> tables_with_rows(Connection& dst, bool existing_only) {
    std::vector<std::string> tables = copied_tables();
    tables.push_back("ticket_search");
    std::vector<std::string> out;
    for (const auto& table : tables) {
        if (existing_only) {
            auto exists = dst.query("SELECT to_regclass($1) IS NOT NULL", {text(quoted(table))});
            if (!exists) return exists.error();
            if (exists->text(0, 0) != "t") continue;
        }
        auto any = dst.query("SELECT EXISTS (SELECT 1 FROM " + quoted(table) + ")");
        if (!any) return any.error();
        if (any->text(0, 0) == "t") out.push_back(table);
    }
    return out;
}

Status refuse_unless_empty(Connection& dst, bool existing_only) {
    auto full = tables_with_rows(dst, existing_only);
    if (!full) return full.error();
    if (full->empty()) return {};
    std::string names;
    for (const auto& t : *full) names += (names.empty() ? "" : ", ") + t;
    return make_error(Errc::conflict, "the PostgreSQL database is not empty (" + names +
                                          " hold rows): the copy goes into an empty database only");
}

/// Inside the target's transaction: lock, check empty, copy, continue the sequences, index, verify.
Status copy_into(SQLite::Database& src, Connection& dst, CopyReport& report) {
    std::string locked;
    for (const auto& t : copied_tables()) locked += quoted(t) + ", ";
    // No other process writes these tables until the copy commits or rolls back.
    if (auto ok = dst.execute_script("LOCK TABLE " + locked + "ticket_search, ticket_words IN EXCLUSIVE MODE"); !ok) return ok;
    if (auto ok = refuse_unless_empty(dst, false); !ok) return ok;
    for (const auto& table : copied_tables()) {
        auto n = copy_table(src, dst, table);
        if (!n) return n.error();
        if (auto ok = continue_sequences(src, dst, table); !ok) return ok;
    }
    auto indexed = rebuild_search_index(dst);
    if (!indexed) return indexed.error();
    report.indexed_tickets = *indexed;
    for (const auto& table : copied_tables()) {
        auto target_rows = pg_count(dst, table);
        if (!target_rows) return target_rows.error();
        CopiedTable row{table, sqlite_count(src, table), *target_rows};
        if (row.source_rows != row.target_rows)
            return make_error(Errc::storage, table + ": " + std::to_string(row.source_rows) + " rows in the source, " +
                                                 std::to_string(row.target_rows) + " in the copy");
        report.tables.push_back(std::move(row));
    }
    return {};
}

}  // namespace

Result<CopyReport> copy_sqlite_to_pg(const std::filesystem::path& source, const ConnectOptions& target) {
    auto src = open_source(source);
    if (!src) return src.error();
    SQLite::Database& db = **src;
    CopyReport report;
    try {
        // One read transaction for the whole copy: a running desk keeps writing its WAL, and every
        // read here sees the snapshot of the first one.
        SQLite::Transaction read(db);
        if (auto ok = check_source_version(db, source, report.schema_version); !ok) return ok.error();
        if (auto unknown = uncovered_sqlite_tables(db); !unknown.empty())
            return make_error(Errc::storage, "the source has table " + unknown.front() +
                                                 ", which this build does not know how to copy");

        auto dst = Connection::open(target);
        if (!dst) return dst.error();
        // Checked before the migration too: a database that holds a desk is left exactly as it was.
        if (auto ok = refuse_unless_empty(**dst, true); !ok) return ok.error();
        if (auto ok = migrate(**dst); !ok) return ok.error();
        auto unknown = uncovered_pg_tables(**dst);
        if (!unknown) return unknown.error();
        if (!unknown->empty())
            return make_error(Errc::storage, "the PostgreSQL schema has table " + unknown->front() +
                                                 ", which this build does not know how to copy");
        if (auto ok = (*dst)->in_transaction([&] { return copy_into(db, **dst, report); }); !ok) return ok.error();
    } catch (const SQLite::Exception& e) {
        return make_error(Errc::storage, "reading " + source.string() + ": " + e.what());
    }
    return report;
}

}  // namespace frontline::pg
