#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bot/files/scan_hook.hpp"
#include "tests/support/temp_dir.hpp"

using namespace frontline;
using namespace frontline::files;

namespace {
/// A scanner script that exits with `code`, in the manner of clamdscan.
std::vector<std::string> scanner(const testkit::TempDir& dir, int code) {
    const auto path = dir.file("scan-" + std::to_string(code) + ".sh");
    std::ofstream(path) << "#!/bin/sh\ntest -f \"$1\" || exit 2\nexit " << code << "\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    return {path.string()};
}
}  // namespace

TEST(ScanHook, ExitCodesMeanCleanInfectedOrFailed) {
    testkit::TempDir dir;
    const auto file = dir.file("shot.png");
    std::ofstream(file) << "bytes";
    EXPECT_EQ(run_scan(scanner(dir, 0), file).verdict, ScanVerdict::clean);
    EXPECT_EQ(run_scan(scanner(dir, 1), file).verdict, ScanVerdict::infected);
    EXPECT_EQ(run_scan(scanner(dir, 2), file).verdict, ScanVerdict::failed);
    // The script checks it was given the file: a missing one answers 2, a failed scan.
    EXPECT_EQ(run_scan(scanner(dir, 0), dir.file("absent")).verdict, ScanVerdict::failed);
}

TEST(ScanHook, AMissingScannerIsAFailedScanAndNoHookIsClean) {
    testkit::TempDir dir;
    const auto file = dir.file("shot.png");
    std::ofstream(file) << "bytes";
    EXPECT_EQ(run_scan({dir.file("no-such-scanner").string()}, file).verdict, ScanVerdict::failed);
    EXPECT_EQ(run_scan({}, file).verdict, ScanVerdict::clean);
}

TEST(ScanHook, CommandsSplitAtSpaces) {
    EXPECT_EQ(split_command("  clamdscan   --no-summary --fdpass "),
              (std::vector<std::string>{"clamdscan", "--no-summary", "--fdpass"}));
    EXPECT_TRUE(split_command("").empty());
}
