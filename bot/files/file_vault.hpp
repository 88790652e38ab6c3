#pragma once
// The attachments' bytes, content-addressed in a folder beside the database:
// <root>/ab/cd/<sha256 hex>. A file is written to a temporary name, fsynced, renamed into place and
// its folder fsynced, BEFORE the batch that records it commits: a journal entry never names a file
// that a power cut could lose. The same bytes always land on the same name, so a redelivered event
// whose download is repeated after a crash stores nothing twice. Files that no ticket or held
// attachment names are swept once older than a grace period (a download whose commit never came).
// Blocking file I/O: call it off the network thread.
#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace frontline::files {

/// Hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

/// True for 64 lowercase hex digits (what a vault name is); anything else never reaches the disk.
bool is_sha256_hex(std::string_view s);

class FileVault {
public:
    explicit FileVault(std::filesystem::path root) : root_(std::move(root)) {}

    const std::filesystem::path& root() const { return root_; }
    /// Where the file of `sha256` lives (whether or not it is there).
    std::filesystem::path path_of(const std::string& sha256) const;

    /// Stores `bytes` durably under their SHA-256 and returns it; already there: nothing written.
    Result<std::string> store(std::string_view bytes) const;
    /// The stored bytes of `sha256`; not_found when absent.
    Result<std::string> read(const std::string& sha256) const;
    /// Removes the files not in `referenced` whose last change is older than `now - grace`
    /// (leftover temporary files too); returns how many went.
    Result<int> sweep(const std::set<std::string>& referenced, std::chrono::seconds grace,
                      std::filesystem::file_time_type now = std::filesystem::file_time_type::clock::now()) const;

private:
    std::filesystem::path root_;
};

}  // namespace frontline::files
