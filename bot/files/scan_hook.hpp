#pragma once
// The optional virus-scan hook (attachments.scan_command): a command run with the stored file's path
// as its last argument, in the manner of clamdscan: exit 0 = clean, 1 = infected. Anything else (the
// scanner missing, crashing, or answering 2 for "could not scan") is a failed scan: the file is
// treated like an infected one (fail closed), since an unscanned file must not reach an agent.
// Blocking (waits for the child): call it off the network thread.
#include <filesystem>
#include <string>
#include <vector>

namespace frontline::files {

enum class ScanVerdict { clean, infected, failed };

struct ScanOutcome {
    ScanVerdict verdict = ScanVerdict::failed;
    std::string detail;  ///< for the log: the exit status or why the command did not run
};

/// Runs `command` (argv, no shell) with `file` appended; an empty command is clean (no hook).
ScanOutcome run_scan(const std::vector<std::string>& command, const std::filesystem::path& file);

/// Splits "clamdscan --no-summary" into words at spaces (no quoting: a path with spaces goes in a
/// wrapper script).
std::vector<std::string> split_command(const std::string& line);

}  // namespace frontline::files
