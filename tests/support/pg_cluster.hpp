#pragma once
// A throwaway PostgreSQL server for tests, from Debian's postgresql package: initdb in a temp dir,
// the server on a free loopback port with its unix socket in that dir (fsync off: nothing here has
// to survive a power cut), password authentication over TCP. Stopped and removed at the end; the
// server also dies with the test process (parent-death signal), so a crashed test leaves none
// running. Run as root (containers), the server runs as the `postgres` user: initdb refuses root.
// initdb itself runs once per server version into a template (frontline-pg-template-* under
// /dev/shm or the temp dir, safe to delete at any time) that each server copies.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "tests/support/temp_dir.hpp"

namespace frontline::testkit {

class PgCluster {
public:
    /// Starts a new server; throws std::runtime_error naming what failed (with the server's log).
    PgCluster();
    ~PgCluster();
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    /// One server per test process, started on the first call (from the test's main thread).
    static PgCluster& shared();

    /// Creates a fresh, empty database named `name` (a new name on every call: ask unique_name()).
    void create_database(const std::string& name);
    /// A database name not used before in this process.
    std::string unique_name();
    /// The libpq connection string of `database`, without the password.
    std::string url(const std::string& database) const;
    /// The superuser's password (TCP connections need it).
    const std::string& password() const { return password_; }
    std::uint16_t port() const { return port_; }

private:
    /// Where clusters live: /dev/shm when it is a roomy tmpfs (a cluster is 40 MB of files that
    /// must be copied and written fast and are thrown away), else the system temp dir.
    static std::filesystem::path base_dir();
    bool try_start(std::string& failure);
    void stop();

    TempDir dir_;
    std::string bin_dir_;
    std::string password_;
    std::uint16_t port_ = 0;
    pid_t server_ = -1;
    int databases_ = 0;
};

}  // namespace frontline::testkit
