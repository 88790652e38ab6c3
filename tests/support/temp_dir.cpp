#include "tests/support/temp_dir.hpp"

#include <cstdlib>
#include <random>
#include <string>
#include <stdexcept>
#include <system_error>

namespace frontline::testkit {

TempDir::TempDir() : TempDir(std::filesystem::temp_directory_path()) {}

TempDir::TempDir(const std::filesystem::path& base) {
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto candidate = base / ("frontline-test-" + std::to_string(rd()));
        std::error_code ec;
        if (std::filesystem::create_directory(candidate, ec)) {
            path_ = std::move(candidate);
            return;
        }
    }
    throw std::runtime_error("TempDir: cannot create a directory under " + base.string());
}

TempDir::~TempDir() {
    // FRONTLINE_TEST_KEEP=1 keeps every test's folder (its store, logs) to look at after a failure.
    if (const char* keep = std::getenv("FRONTLINE_TEST_KEEP"); keep && std::string(keep) == "1") return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

}  // namespace frontline::testkit
