#include "bot/files/scan_hook.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace frontline::files {

std::vector<std::string> split_command(const std::string& line) {
    std::vector<std::string> out;
    std::string word;
    for (char c : line) {
        if (c == ' ' || c == '\t') {
            if (!word.empty()) out.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) out.push_back(std::move(word));
    return out;
}

ScanOutcome run_scan(const std::vector<std::string>& command, const std::filesystem::path& file) {
    if (command.empty()) return {ScanVerdict::clean, "no scan hook"};
    std::vector<std::string> args = command;
    args.push_back(file.string());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The scanner's output is its own business (clamdscan prints a line per file): kept off our
    // stdout, which tests and operators read for our own lines.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return {ScanVerdict::failed, "cannot run " + command.front() + ": " + std::strerror(rc)};
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return {ScanVerdict::failed, "cannot wait for " + command.front() + ": " + std::strerror(errno)};
    if (WIFEXITED(status)) {
        const int code = WEXITSTATUS(status);
        if (code == 0) return {ScanVerdict::clean, "clean"};
        if (code == 1) return {ScanVerdict::infected, "infected (exit 1)"};
        // posix_spawnp reports a missing program as exit 127 of the child.
        return {ScanVerdict::failed, command.front() + " exited with " + std::to_string(code)};
    }
    return {ScanVerdict::failed, command.front() + " was killed by signal " + std::to_string(WTERMSIG(status))};
}

}  // namespace frontline::files
