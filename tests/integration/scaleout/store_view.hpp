#pragma once
// Reads the desk's store from a test while the processes run, on either backend: the SQLite file
// (read-only, with a busy timeout) or the PostgreSQL database (a new libpq connection per query).
// The SQL must be the same on both: plain SELECTs over the shared schema. Values come back as text,
// NULL as "".
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace frontline::scaleout {

class StoreView {
public:
    virtual ~StoreView() = default;
    /// Every row of `sql`; throws std::runtime_error with the engine's reason when it fails.
    virtual std::vector<std::vector<std::string>> rows(const std::string& sql) const = 0;

    /// The first column of the first row as a number, -1 when there is no row.
    long long scalar(const std::string& sql) const;
};

std::unique_ptr<StoreView> sqlite_view(const std::filesystem::path& file);
/// `url` is a libpq connection string without the password, which comes separately.
std::unique_ptr<StoreView> postgresql_view(const std::string& url, const std::string& password);

}  // namespace frontline::scaleout
