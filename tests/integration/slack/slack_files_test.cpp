// SlackAdapter::fetch_attachment against the fake Slack's file host over loopback: the bytes with
// the bot token, Slack's refusals without it, a limit that aborts the download, failures and
// redirects, and a url off Slack's file host that never gets the token.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "adapters/slack/slack_adapter.hpp"
#include "tests/fakes/slack/fake_slack.hpp"
#include "tests/support/run_coroutine.hpp"

namespace frontline::slack {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

/// A small PNG: the signature and an IHDR chunk, what a screenshot starts with.
std::string png_bytes(std::size_t size = 4096) {
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    png.resize(size, '\x5a');
    return png;
}

class SlackFiles : public ::testing::Test {
protected:
    void make(fakes::FakeSlackOptions options = {}, std::string token = {}) {
        fake_ = std::make_unique<fakes::FakeSlack>(io_.get_executor(), std::move(options));
        ASSERT_TRUE(fake_->start());
        SlackSettings settings;
        settings.api_base_url = fake_->api_base_url();
        settings.bot_token = token.empty() ? fake_->options().bot_token : token;
        settings.app_token = fake_->options().app_token;
        settings.download_timeout = 2s;
        settings.log = [](LogLevel, const std::string&) {};
        auto adapter = SlackAdapter::create(io_.get_executor(), std::move(settings), clock_);
        ASSERT_TRUE(adapter) << adapter.error().message;
        adapter_ = std::move(*adapter);
    }
    Result<FetchedFile> fetch(const Attachment& a, std::size_t max_bytes = 10u << 20) {
        return testkit::run_coroutine(io_, adapter_->fetch_attachment(a, max_bytes));
    }
    static Attachment attachment_of(const fakes::FakeSlackFile& f, bool declare_size = true) {
        return Attachment{f.name, f.mimetype, declare_size ? f.bytes.size() : 0, f.url_private_download, "", ""};
    }

    asio::io_context io_;
    SystemClock clock_;
    std::unique_ptr<fakes::FakeSlack> fake_;
    std::unique_ptr<SlackAdapter> adapter_;
};

TEST_F(SlackFiles, TheBotTokenFetchesTheBytes) {
    make();
    const auto file = fake_->make_file("vpn-error.png", "image/png", png_bytes());
    auto r = fetch(attachment_of(file));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->bytes, file.bytes);
    EXPECT_EQ(r->media_type, "image/png");
    EXPECT_EQ(fake_->files_served(), 1);
    ASSERT_FALSE(fake_->calls().empty());
    EXPECT_EQ(fake_->calls().back().token_kind, "bot");
}

TEST_F(SlackFiles, AWrongTokenGetsTheSignInPageWhichIsNotTakenForTheFile) {
    make({}, "xoxb-some-other-workspace");
    const auto file = fake_->make_file("vpn-error.png", "image/png", png_bytes());
    auto r = fetch(attachment_of(file));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::auth) << r.error().message;
    EXPECT_NE(r.error().message.find("files:read"), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find("xoxb-"), std::string::npos) << "never the token";
    EXPECT_EQ(fake_->files_served(), 0);
}

TEST_F(SlackFiles, AWrongTokenAnswered403IsAnAuthError) {
    fakes::FakeSlackOptions options;
    options.file_refusal_status = 403;
    make(options, "xoxb-some-other-workspace");
    const auto file = fake_->make_file("vpn.log", "text/plain", "line one\nline two\n");
    auto r = fetch(attachment_of(file));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::auth);
}

TEST_F(SlackFiles, ADeclaredSizeOverTheLimitIsRefusedWithoutARequest) {
    make();
    const auto file = fake_->make_file("huge.png", "image/png", png_bytes(300 * 1024));
    auto r = fetch(attachment_of(file), 100 * 1024);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::too_large);
    EXPECT_EQ(fake_->file_requests(), 0);
}

TEST_F(SlackFiles, AnUndeclaredSizeOverTheLimitAbortsTheDownload) {
    make();
    const auto file = fake_->make_file("huge.png", "image/png", png_bytes(300 * 1024));
    auto r = fetch(attachment_of(file, false), 100 * 1024);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::too_large) << r.error().message;
}

TEST_F(SlackFiles, AFileHostErrorIsTransientAndTheNextTryWorks) {
    make();
    const auto file = fake_->make_file("vpn-error.png", "image/png", png_bytes());
    fake_->fail_file_downloads(1, 503);
    auto failed = fetch(attachment_of(file));
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, Errc::network) << failed.error().message;
    auto again = fetch(attachment_of(file));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->bytes, file.bytes);
}

TEST_F(SlackFiles, ASlowFileHostEndsInATimeout) {
    make();
    const auto file = fake_->make_file("vpn-error.png", "image/png", png_bytes());
    fake_->delay_file_downloads(30s);
    auto r = fetch(attachment_of(file));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::timeout) << r.error().message;
}

TEST_F(SlackFiles, TheTokenNeverGoesToAnotherHost) {
    make();
    Attachment a{"x.png", "image/png", 10, "https://evil.example.net/files-pri/T0TEAM001-F1/x.png", "", ""};
    auto r = fetch(a);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::forbidden);
    // A look-alike of Slack's file host over plain http, or under another name, is refused too.
    for (const char* url : {"http://files.slack.com/files-pri/T-F/x.png", "https://files.slack.com.evil.net/x.png",
                            "https://slack.com/files-pri/T-F/x.png", "ftp://files.slack.com/x.png", "not a url"}) {
        a.platform_ref = url;
        auto refused = fetch(a);
        ASSERT_FALSE(refused) << url;
        EXPECT_TRUE(refused.error().code == Errc::forbidden || refused.error().code == Errc::invalid_argument) << url;
    }
    EXPECT_EQ(fake_->file_requests(), 0);
}

TEST_F(SlackFiles, OneRedirectOnTheFileHostIsFollowed) {
    fakes::FakeSlackOptions options;
    options.file_download_redirects = true;
    make(options);
    const auto file = fake_->make_file("vpn-error.png", "image/png", png_bytes());
    auto r = fetch(attachment_of(file));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->bytes, file.bytes);
    EXPECT_EQ(fake_->file_requests(), 2);
}

TEST_F(SlackFiles, ARedirectAwayFromTheFileHostIsNotFollowed) {
    fakes::FakeSlackOptions options;
    options.file_download_redirects = true;
    options.file_redirect_elsewhere = true;
    make(options);
    const auto file = fake_->make_file("vpn-error.png", "image/png", png_bytes());
    auto r = fetch(attachment_of(file));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::auth) << r.error().message;
    EXPECT_EQ(fake_->file_requests(), 1);
}

}  // namespace
}  // namespace frontline::slack
