// TelegramAdapter::fetch_attachment against the fake Bot API over loopback: getFile then the file
// path, Telegram's refusals (an unknown file_id, the 20 MB bots may download), a limit that aborts
// the download, file server failures, and the token kept out of every error.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "adapters/telegram/telegram_adapter.hpp"
#include "tests/fakes/telegram/fake_telegram.hpp"
#include "tests/support/run_coroutine.hpp"

namespace frontline::telegram {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

std::string jpeg_bytes(std::size_t size = 6000) {
    std::string jpeg("\xff\xd8\xff\xe0\0\x10JFIF\0", 11);
    jpeg.resize(size, '\x33');
    return jpeg;
}

class TelegramFiles : public ::testing::Test {
protected:
    void make(std::string token = {}) {
        fake_ = std::make_unique<fakes::FakeTelegram>(io_.get_executor());
        ASSERT_TRUE(fake_->start());
        TelegramSettings settings;
        settings.api_base_url = fake_->api_base_url();
        settings.token = token.empty() ? fake_->options().token : token;
        settings.download_timeout = 2s;
        settings.log = [this](LogLevel, const std::string& line) { logs_ += line + "\n"; };
        auto adapter = TelegramAdapter::create(io_.get_executor(), std::move(settings));
        ASSERT_TRUE(adapter) << adapter.error().message;
        adapter_ = std::move(*adapter);
    }
    Result<FetchedFile> fetch(const Attachment& a, std::size_t max_bytes = 10u << 20) {
        return testkit::run_coroutine(io_, adapter_->fetch_attachment(a, max_bytes));
    }
    static Attachment attachment_of(const fakes::FakeTgFile& f, std::uint64_t declared) {
        return Attachment{"photo.jpg", "image/jpeg", declared, f.file_id, "", ""};
    }

    asio::io_context io_;
    std::unique_ptr<fakes::FakeTelegram> fake_;
    std::unique_ptr<TelegramAdapter> adapter_;
    std::string logs_;
};

TEST_F(TelegramFiles, GetFileThenTheFilePathGivesTheBytes) {
    make();
    const auto file = fake_->add_file(jpeg_bytes(), "jpg");
    auto r = fetch(attachment_of(file, file.bytes.size()));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->bytes, file.bytes);
    EXPECT_EQ(r->media_type, "image/jpeg");
    EXPECT_EQ(fake_->calls_of("getfile"), 1);
    EXPECT_EQ(fake_->files_served(), 1);
}

TEST_F(TelegramFiles, AnUnknownFileIdIsNotFound) {
    make();
    Attachment a{"photo.jpg", "image/jpeg", 100, "AgACAgQAAxkBAAIBnotafileid", "", ""};
    auto r = fetch(a);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::not_found);
    EXPECT_NE(r.error().message.find("invalid file_id"), std::string::npos) << r.error().message;
    EXPECT_EQ(fake_->files_served(), 0);
}

TEST_F(TelegramFiles, TelegramsTwentyMegabyteRefusalIsTooLarge) {
    make();
    // The message did not say how big it was; getFile does: "file is too big".
    const auto file = fake_->add_file("small stand-in", "pdf", 25u * 1024 * 1024);
    auto r = fetch(attachment_of(file, 0), 50u << 20);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::too_large) << r.error().message;
    EXPECT_EQ(fake_->files_served(), 0);
    // Declared in the message, it is refused before asking anything.
    auto declared = fetch(attachment_of(file, 25u * 1024 * 1024), 50u << 20);
    ASSERT_FALSE(declared);
    EXPECT_EQ(declared.error().code, Errc::too_large);
    EXPECT_EQ(fake_->calls_of("getfile"), 1);
}

TEST_F(TelegramFiles, GetFilesSizeOverTheLimitStopsBeforeTheDownload) {
    make();
    const auto file = fake_->add_file(jpeg_bytes(8000), "jpg");
    auto r = fetch(attachment_of(file, 0), 4000);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::too_large);
    EXPECT_EQ(fake_->calls_of("getfile"), 1);
    EXPECT_EQ(fake_->calls_of("file"), 0);
}

TEST_F(TelegramFiles, AnUndeclaredSizeOverTheLimitAbortsTheDownload) {
    make();
    const auto file = fake_->add_file(jpeg_bytes(300 * 1024), "jpg", 0);  // Telegram said no size anywhere
    auto r = fetch(attachment_of(file, 0), 100 * 1024);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::too_large) << r.error().message;
}

TEST_F(TelegramFiles, AFileServerErrorIsTransientAndTheNextTryWorks) {
    make();
    const auto file = fake_->add_file(jpeg_bytes(), "jpg");
    fake_->fail_file_downloads(1, 502);
    auto failed = fetch(attachment_of(file, file.bytes.size()));
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, Errc::network) << failed.error().message;
    auto again = fetch(attachment_of(file, file.bytes.size()));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->bytes, file.bytes);
}

TEST_F(TelegramFiles, ASlowFileServerEndsInATimeoutWithoutTheToken) {
    make();
    const auto file = fake_->add_file(jpeg_bytes(), "jpg");
    fake_->delay_file_downloads(30s);
    auto r = fetch(attachment_of(file, file.bytes.size()));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::timeout) << r.error().message;
    const auto& token = fake_->options().token;
    EXPECT_EQ(r.error().message.find(token), std::string::npos);
    EXPECT_EQ(r.error().message.find(token.substr(token.find(':') + 1)), std::string::npos);
}

TEST_F(TelegramFiles, ARefusedTokenIsAnAuthErrorThatNeverShowsIt) {
    make("987654321:AAWrongTokenWrongTokenWrongToken00");
    const auto file = fake_->add_file(jpeg_bytes(), "jpg");
    auto r = fetch(attachment_of(file, file.bytes.size()));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::auth);
    EXPECT_EQ(r.error().message.find("AAWrongToken"), std::string::npos) << r.error().message;
    EXPECT_EQ(logs_.find("AAWrongToken"), std::string::npos) << logs_;
}

}  // namespace
}  // namespace frontline::telegram
