#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bot/files/file_vault.hpp"
#include "tests/support/temp_dir.hpp"

using namespace frontline;
using namespace frontline::files;
namespace fs = std::filesystem;

TEST(FileVault, StoresUnderTheSha256InTwoLevelsOfFolders) {
    testkit::TempDir dir;
    FileVault vault(dir.file("files"));
    auto sha = vault.store("hello");
    ASSERT_TRUE(sha) << sha.error().message;
    // sha256("hello"), well known.
    EXPECT_EQ(*sha, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    const fs::path expected = dir.file("files") / "2c" / "f2" / *sha;
    EXPECT_EQ(vault.path_of(*sha), expected);
    ASSERT_TRUE(fs::exists(expected));
    auto back = vault.read(*sha);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, "hello");
    // No temporary file is left beside it.
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(expected.parent_path())) ++entries;
    EXPECT_EQ(entries, 1);
}

TEST(FileVault, TheSameBytesTwiceAreOneFile) {
    testkit::TempDir dir;
    FileVault vault(dir.file("files"));
    auto a = vault.store("same screenshot");
    auto b = vault.store("same screenshot");
    ASSERT_TRUE(a && b);
    EXPECT_EQ(*a, *b);
    int files = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir.file("files")))
        if (e.is_regular_file()) ++files;
    EXPECT_EQ(files, 1);
}

TEST(FileVault, ReadRefusesNamesThatAreNotHashes) {
    testkit::TempDir dir;
    FileVault vault(dir.file("files"));
    EXPECT_EQ(vault.read("../../etc/passwd").error().code, Errc::invalid_argument);
    EXPECT_EQ(vault.read(std::string(64, 'a')).error().code, Errc::not_found);
}

TEST(FileVault, SweepRemovesOnlyOldOrphansAndLeftoverTemporaries) {
    testkit::TempDir dir;
    FileVault vault(dir.file("files"));
    auto kept = vault.store("on a ticket");
    auto orphan = vault.store("never committed");
    ASSERT_TRUE(kept && orphan);
    const fs::path temp = vault.path_of(*kept).parent_path() / ".tmp-crashed-write";
    std::ofstream(temp) << "half";
    const auto now = fs::file_time_type::clock::now();
    // Within the grace period nothing goes: a download whose commit is on its way.
    auto none = vault.sweep({*kept}, std::chrono::hours(1), now);
    ASSERT_TRUE(none);
    EXPECT_EQ(*none, 0);
    // Two hours later the orphan and the temporary go; the referenced file stays.
    auto swept = vault.sweep({*kept}, std::chrono::hours(1), now + std::chrono::hours(2));
    ASSERT_TRUE(swept);
    EXPECT_EQ(*swept, 2);
    EXPECT_TRUE(fs::exists(vault.path_of(*kept)));
    EXPECT_FALSE(fs::exists(vault.path_of(*orphan)));
    EXPECT_FALSE(fs::exists(temp));
}

TEST(FileVault, SweepOfAVaultNotYetCreatedIsNothing) {
    testkit::TempDir dir;
    FileVault vault(dir.file("never-made"));
    auto swept = vault.sweep({}, std::chrono::hours(1));
    ASSERT_TRUE(swept);
    EXPECT_EQ(*swept, 0);
}
