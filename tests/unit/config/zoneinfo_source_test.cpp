// Zone files by name from the system folder or another one, and nothing outside it: names that
// climb out and symlinks that point out are refused.
#include <gtest/gtest.h>

#include <fstream>

#include "bot/config/zoneinfo_source.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

TEST(ZoneinfoSource, ReadsSystemZonesByName) {
    auto read = zoneinfo_folder(kDefaultZoneinfoDir);
    auto rome = read("Europe/Rome");
    ASSERT_TRUE(rome) << rome.error().message;
    auto zone = TimeZone::from_tzif(*rome, "Europe/Rome");
    ASSERT_TRUE(zone) << zone.error().message;
    EXPECT_EQ(zone->offset_at(*parse_iso8601("2026-07-01T12:00:00Z")).count(), 7200);
    EXPECT_TRUE(read("UTC"));  // a symlink to Etc/UTC, inside the folder
    auto unknown = read("Europe/Milano");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, Errc::not_found);
    EXPECT_EQ(read("Europe").error().code, Errc::not_found);  // a folder is not a zone
}

TEST(ZoneinfoSource, AnotherFolderCanStandInForTheSystemOne) {
    testkit::TempDir dir;
    std::ifstream rome("/usr/share/zoneinfo/Europe/Rome", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(rome)), std::istreambuf_iterator<char>());
    write(dir.file("zones/Europe/Roma"), bytes);
    auto read = zoneinfo_folder(dir.file("zones"));
    auto got = read("Europe/Roma");
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(*got, bytes);
    EXPECT_EQ(read("Europe/Rome").error().code, Errc::not_found);
}

TEST(ZoneinfoSource, NamesAndSymlinksThatLeaveTheFolderAreRefused) {
    testkit::TempDir dir;
    write(dir.file("secret"), "TZif not really");
    write(dir.file("zones/Etc/UTC"), "x");
    fs::create_symlink(dir.file("secret"), dir.file("zones/Escape"));
    auto read = zoneinfo_folder(dir.file("zones"));
    for (const char* name : {"../secret", "/etc/passwd", "../../etc/passwd", "Etc/../../secret"}) {
        auto r = read(name);
        ASSERT_FALSE(r) << name;
        EXPECT_EQ(r.error().code, Errc::invalid_argument) << name;
        EXPECT_NE(r.error().message.find("is not a time zone name"), std::string::npos) << r.error().message;
    }
    auto escape = read("Escape");
    ASSERT_FALSE(escape);
    EXPECT_NE(escape.error().message.find("outside"), std::string::npos) << escape.error().message;
}

TEST(ZoneinfoSource, AMissingFolderSaysHowToFixIt) {
    auto r = zoneinfo_folder("/nonexistent/zoneinfo")("Europe/Rome");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().code, Errc::not_found);  // not "unknown time zone": the folder is what is missing
    EXPECT_NE(r.error().message.find("/nonexistent/zoneinfo"), std::string::npos);
    EXPECT_NE(r.error().message.find("agents.zoneinfo_dir"), std::string::npos);
}

}  // namespace
}  // namespace frontline
