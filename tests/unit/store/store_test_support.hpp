#pragma once
// A fresh SQLite file per test in its own temp folder, removed afterwards.
#include <filesystem>
#include <string>

#include "core/store/store.hpp"

namespace frontline::testing {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path file(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

/// A plausible incident reported at `at` (not yet saved; id allocated by the caller).
Ticket sample_ticket(TicketId id, TimePoint at, std::string title, std::string category = "network");

}  // namespace frontline::testing
