// The runtime's half of attachments on a real vault folder: each unfetched file is downloaded
// through its platform's adapter and decided before the commit (limits from attachments.*, the
// media type sniffed from the bytes, the scan hook), kept files land in the vault under their
// SHA-256, and the same bytes fetched again (a redelivered event) land on the same file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <boost/asio/io_context.hpp>

#include "bot/runtime/attachment_intake.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/runtime/fake_adapter.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using namespace std::string_literals;

const std::string kPng = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR-a-screenshot"s;

/// A platform whose files are served from a map (ref -> bytes); an unknown ref is a network error.
class FilePlatform final : public Adapter {
public:
    std::map<std::string, std::string> files;
    /// ref -> how many more fetches of it fail with a timeout before it is served
    std::map<std::string, int> failing;
    int fetches = 0;
    std::string platform() const override { return "telegram"; }
    PlatformCapabilities capabilities() const override { return {}; }
    asio::awaitable<void> run(InboundSink&) override { co_return; }
    bool connected() const override { return true; }
    asio::awaitable<Result<std::vector<RoomProblem>>> verify_rooms(std::vector<std::string>) override {
        co_return std::vector<RoomProblem>{};
    }
    asio::awaitable<DeliveryOutcome> deliver(OutboxItem) override { co_return DeliveryOutcome{}; }
    asio::awaitable<Result<FetchedFile>> fetch_attachment(Attachment a, std::size_t max_bytes) override {
        ++fetches;
        if (auto f = failing.find(a.platform_ref); f != failing.end() && f->second > 0) {
            --f->second;
            co_return make_error(Errc::timeout, "no answer in time");
        }
        auto it = files.find(a.platform_ref);
        if (it == files.end()) co_return make_error(Errc::network, "connection reset");
        if (it->second.size() > max_bytes) co_return make_error(Errc::too_large, "over the limit");
        co_return FetchedFile{it->second, "image/png"};
    }
};

Attachment offered(const std::string& ref, const std::string& name, std::uint64_t declared = 0) {
    Attachment a;
    a.name = name;
    a.media_type = "image/png";  // what the platform claims: never trusted
    a.size = declared;
    a.platform_ref = ref;
    return a;
}

class AttachmentIntakeTest : public ::testing::Test {
protected:
    AttachmentSettings settings(std::vector<std::string> scan = {}, int per_message = 3) {
        AttachmentSettings s;
        s.dir = dir_.file("files");
        s.max_bytes = 4096;
        s.max_per_ticket = per_message;
        s.scan_command = std::move(scan);
        s.fetch_retry_delay = std::chrono::milliseconds(1);
        return s;
    }
    std::vector<Attachment> run(AttachmentIntake& intake, std::vector<Attachment> files) {
        InboundEvent e;
        e.event_id = "u1";
        e.from = {"telegram", "777"};
        e.attachments = std::move(files);
        std::vector<InboundEvent> events{e};
        auto prepared = testkit::run_coroutine(io_, intake.prepare(std::move(events)));
        EXPECT_TRUE(prepared) << prepared.error().message;
        return prepared ? (*prepared)[0].attachments : std::vector<Attachment>{};
    }
    std::vector<std::string> scanner(int code) {
        const auto path = dir_.file("scan-" + std::to_string(code) + ".sh");
        std::ofstream(path) << "#!/bin/sh\nexit " << code << "\n";
        std::filesystem::permissions(path, std::filesystem::perms::owner_all);
        return {path.string()};
    }

    testkit::TempDir dir_;
    asio::io_context io_;
    FilePlatform platform_;
};

TEST_F(AttachmentIntakeTest, AScreenshotIsStoredUnderItsSha256BeforeTheCommit) {
    platform_.files["r1"] = kPng;
    AttachmentIntake intake(io_.get_executor(), settings());
    intake.set_adapters({{"telegram", &platform_}});
    const auto out = run(intake, {offered("r1", "error.png")});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].state, "stored");
    EXPECT_EQ(out[0].media_type, "image/png");
    EXPECT_EQ(out[0].size, kPng.size());
    EXPECT_EQ(out[0].sha256, files::sha256_hex(kPng));
    EXPECT_TRUE(std::filesystem::exists(intake.vault().path_of(out[0].sha256)));
    EXPECT_EQ(*intake.vault().read(out[0].sha256), kPng);

    // The platform redelivers the event: fetched again, the same name, still one file.
    const auto again = run(intake, {offered("r1", "error.png")});
    EXPECT_EQ(again[0].sha256, out[0].sha256);
    int stored = 0;
    for (const auto& f : std::filesystem::recursive_directory_iterator(dir_.file("files")))
        if (f.is_regular_file()) ++stored;
    EXPECT_EQ(stored, 1);
    EXPECT_EQ(AttachmentIntake::needs_work({}), false);
}

TEST_F(AttachmentIntakeTest, LimitsDecideBeforeAnythingIsKept) {
    platform_.files["big"] = kPng + std::string(5000, 'x');
    platform_.files["exe"] = "MZ\x90\0\x03\0\0\0 renamed to png"s;
    platform_.files["log"] = "2026-12-07 ERROR tunnel down\n";
    AttachmentIntake intake(io_.get_executor(), settings({}, 4));
    intake.set_adapters({{"telegram", &platform_}});
    const auto out = run(intake, {offered("declared-big", "huge.png", 1 << 20), offered("big", "big.png"),
                                  offered("exe", "screenshot.png"), offered("gone", "lost.png"), offered("log", "vpn.log")});
    ASSERT_EQ(out.size(), 5u);
    EXPECT_EQ(out[0].state, "too_large");    // declared too large: not even fetched
    EXPECT_EQ(out[1].state, "too_large");    // the adapter stopped at the limit
    EXPECT_EQ(out[2].state, "type_refused"); // bytes of an executable, whatever its name
    EXPECT_EQ(out[3].state, "unavailable");
    EXPECT_EQ(out[4].state, "too_many");     // four per message in this configuration: not fetched
    EXPECT_EQ(platform_.fetches, 5);  // the lost one was tried three times (a network error may pass)
    for (const auto& a : out) EXPECT_TRUE(a.sha256.empty()) << a.name;
    EXPECT_FALSE(std::filesystem::exists(dir_.file("files")));
}

TEST_F(AttachmentIntakeTest, ADownloadThatTimesOutIsTriedAgainBeforeTheFileCountsAsUnavailable) {
    platform_.files["r1"] = kPng;
    platform_.files["r2"] = kPng + "-another";
    platform_.failing["r1"] = 2;  // served at the third try
    platform_.failing["r2"] = 3;  // never within three
    AttachmentIntake intake(io_.get_executor(), settings());
    intake.set_adapters({{"telegram", &platform_}});
    const auto out = run(intake, {offered("r1", "error.png"), offered("r2", "other.png")});
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].state, "stored");
    EXPECT_EQ(out[1].state, "unavailable");
    EXPECT_EQ(platform_.fetches, 6);
}

TEST_F(AttachmentIntakeTest, TextAndLogsAreKeptAsText) {
    platform_.files["log"] = "2026-12-07 ERROR tunnel down\n";
    AttachmentIntake intake(io_.get_executor(), settings());
    intake.set_adapters({{"telegram", &platform_}});
    const auto out = run(intake, {offered("log", "vpn.log")});
    EXPECT_EQ(out[0].state, "stored");
    EXPECT_EQ(out[0].media_type, "text/plain");
}

TEST_F(AttachmentIntakeTest, APlatformWithoutAnAdapterGivesNothing) {
    AttachmentIntake intake(io_.get_executor(), settings());
    const auto out = run(intake, {offered("r1", "error.png")});
    EXPECT_EQ(out[0].state, "unavailable");
}

TEST_F(AttachmentIntakeTest, TheScanHookQuarantinesInfectedFilesAndFailsClosed) {
    platform_.files["r1"] = kPng;
    for (auto [code, state] : {std::pair{0, "stored"}, std::pair{1, "quarantined"}, std::pair{2, "quarantined"}}) {
        AttachmentIntake intake(io_.get_executor(), settings(scanner(code)));
        intake.set_adapters({{"telegram", &platform_}});
        const auto out = run(intake, {offered("r1", "error.png")});
        EXPECT_EQ(out[0].state, state) << "scanner exit " << code;
        EXPECT_FALSE(out[0].sha256.empty());  // kept (for the journal), never served when quarantined
    }
}

TEST_F(AttachmentIntakeTest, UploadsAreKeptAndReadBack) {
    AttachmentIntake intake(io_.get_executor(), settings());
    auto id = testkit::run_coroutine(io_, intake.keep(kPng));
    ASSERT_TRUE(id);
    EXPECT_EQ(*id, files::sha256_hex(kPng));
    auto back = testkit::run_coroutine(io_, intake.read(*id));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, kPng);
    EXPECT_FALSE(testkit::run_coroutine(io_, intake.read(std::string(64, '0'))));
}

}  // namespace
}  // namespace frontline
