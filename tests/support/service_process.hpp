#pragma once
// Starts a service binary as a child process on a config, reads the address it prints, and reports
// how it ended. For tests that crash a real process and restart it on the same SQLite file.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace frontline::testing {

class ServiceProcess {
public:
    /// Starts `binary args...` with extra environment variables; stderr goes to `log_file`.
    ServiceProcess(const std::filesystem::path& binary, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env, const std::filesystem::path& log_file);
    ~ServiceProcess();
    ServiceProcess(const ServiceProcess&) = delete;
    ServiceProcess& operator=(const ServiceProcess&) = delete;

    /// The port from "frontline: listening on http://host:port/", 0 when the process ended first.
    std::uint16_t port() const { return port_; }
    /// The child's process id (tests read its memory use from /proc).
    pid_t pid() const { return pid_; }
    /// Sends `signal` and waits; returns the exit code, or 128 + signal number when killed.
    int stop(int signal);
    /// Waits for the process to end on its own; returns the exit code as stop() does.
    int wait();

private:
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
    std::uint16_t port_ = 0;
    int status_ = -1;
};

}  // namespace frontline::testing
