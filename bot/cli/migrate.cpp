#include "bot/cli/migrate.hpp"

#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <optional>
#include <ostream>

#include "core/store/pg/sqlite_to_pg_copy.hpp"

namespace frontline {
namespace {

std::optional<std::string> after_prefix(const std::string& s, const std::string& prefix) {
    if (s.rfind(prefix, 0) != 0 || s.size() == prefix.size()) return std::nullopt;
    return s.substr(prefix.size());
}

/// The libpq connection string of `--to`: a postgresql:// (or postgres://) URI as it is, or the
/// key=value string after "postgresql:".
std::optional<std::string> target_url(const std::string& to) {
    if (to.rfind("postgresql://", 0) == 0 || to.rfind("postgres://", 0) == 0) return to;
    return after_prefix(to, "postgresql:");
}

void print_report(const pg::CopyReport& r, const std::filesystem::path& source, std::ostream& out) {
    out << "copied " << source.string() << " (schema version " << r.schema_version << ") into PostgreSQL\n";
    out << std::left << std::setw(22) << "table" << std::right << std::setw(12) << "sqlite" << std::setw(12)
        << "postgresql" << "\n";
    std::int64_t rows = 0;
    for (const auto& t : r.tables) {
        out << std::left << std::setw(22) << t.name << std::right << std::setw(12) << t.source_rows << std::setw(12)
            << t.target_rows << "\n";
        rows += t.target_rows;
    }
    out << "search index rebuilt for " << r.indexed_tickets << " tickets\n"
        << "ok: " << rows << " rows in " << r.tables.size() << " tables, every count equal on both sides\n";
}

}  // namespace

int run_migrate(const MigrateRequest& r, std::ostream& out, std::ostream& err) {
    auto path = after_prefix(r.from, "sqlite:");
    if (!path) {
        err << "frontline: migrate: --from takes sqlite:PATH, the SQLite file of the desk to copy\n";
        return 2;
    }
    auto url = target_url(r.to);
    if (!url) {
        err << "frontline: migrate: --to takes postgresql:URL, e.g. 'postgresql:host=db.example.org dbname=frontline "
               "user=frontline' or postgresql://frontline@db.example.org/frontline\n";
        return 2;
    }
    // check_url never repeats a password it finds: the refusal names the way to pass one instead.
    if (auto ok = pg::check_url(*url); !ok) {
        std::string message = ok.error().message;
        if (auto at = message.find("store.password_env"); at != std::string::npos)
            message.replace(at, std::string("store.password_env").size(), "--password-env");
        err << "frontline: migrate: --to: " << message << "\n";
        return 2;
    }
    pg::ConnectOptions target{*url, ""};
    if (!r.password_env.empty()) {
        const char* password = std::getenv(r.password_env.c_str());
        if (!password || !*password) {
            err << "frontline: migrate: --password-env names " << r.password_env << ", which is not set\n";
            return 2;
        }
        target.password = password;
    }
    const auto source = std::filesystem::absolute(*path).lexically_normal();
    auto report = pg::copy_sqlite_to_pg(source, target);
    if (!report) {
        err << "frontline: migrate: " << report.error().message << "\nno rows were copied\n";
        return 1;
    }
    print_report(*report, source, out);
    return 0;
}

}  // namespace frontline
