#include "tests/support/service_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace frontline::testing {

ServiceProcess::ServiceProcess(const std::filesystem::path& binary, const std::vector<std::string>& args,
                               const std::map<std::string, std::string>& env, const std::filesystem::path& log_file) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);

    std::vector<std::string> argv_s{binary.string()};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);

    std::vector<std::string> env_s;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        if (entry.rfind("FRONTLINE_FAULT=", 0) != 0) env_s.push_back(entry);
    }
    for (const auto& [k, v] : env) env_s.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);

    const int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (rc != 0) {
        close(out[0]);
        throw std::runtime_error(std::string("posix_spawn failed: ") + std::strerror(rc));
    }
    stdout_fd_ = out[0];

    // Read lines until the address shows up (or the process ends: EOF).
    std::string buffer;
    char chunk[256];
    for (;;) {
        const ssize_t n = read(stdout_fd_, chunk, sizeof chunk);
        if (n <= 0) break;
        buffer.append(chunk, static_cast<std::size_t>(n));
        const std::string marker = "listening on http://";
        auto at = buffer.find(marker);
        auto end = at == std::string::npos ? std::string::npos : buffer.find('\n', at);
        if (end == std::string::npos) continue;
        const std::string address = buffer.substr(at + marker.size(), end - at - marker.size());
        const auto colon = address.rfind(':');
        port_ = static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)));
        break;
    }
}

ServiceProcess::~ServiceProcess() {
    if (status_ < 0 && pid_ > 0) stop(SIGKILL);
    if (stdout_fd_ >= 0) close(stdout_fd_);
}

int ServiceProcess::stop(int signal) {
    if (status_ < 0) kill(pid_, signal);
    return wait();
}

int ServiceProcess::wait() {
    if (status_ < 0) {
        int status = 0;
        while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        status_ = status;
    }
    if (WIFEXITED(status_)) return WEXITSTATUS(status_);
    if (WIFSIGNALED(status_)) return 128 + WTERMSIG(status_);
    return -1;
}

}  // namespace frontline::testing
