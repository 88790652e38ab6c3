// MatrixAdapter::fetch_attachment against the fake homeserver over loopback: authenticated media
// with the token, the legacy download on a homeserver before v1.11, a refused token, encrypted
// files, limits that abort the download, and media repository failures.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "adapters/matrix/matrix_adapter.hpp"
#include "tests/fakes/matrix/fake_homeserver.hpp"
#include "tests/support/run_coroutine.hpp"

namespace frontline::matrix {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

std::string png_bytes(std::size_t size = 4096) {
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    png.resize(size, '\x5a');
    return png;
}

class MatrixMedia : public ::testing::Test {
protected:
    void make(fakes::FakeHomeserverOptions options = {}, std::optional<std::string> token = std::nullopt) {
        fake_ = std::make_unique<fakes::FakeHomeserver>(io_.get_executor(), std::move(options));
        ASSERT_TRUE(fake_->start());
        MatrixSettings settings;
        settings.homeserver_url = fake_->url();
        settings.user_id = fake_->options().bot_user_id;
        settings.access_token = token.value_or(fake_->options().access_token);
        settings.download_timeout = 2s;
        settings.log = [](LogLevel, const std::string&) {};
        auto adapter = MatrixAdapter::create(io_.get_executor(), std::move(settings));
        ASSERT_TRUE(adapter) << adapter.error().message;
        adapter_ = std::move(*adapter);
    }
    Result<FetchedFile> fetch(const Attachment& a, std::size_t max_bytes = 10u << 20) {
        return testkit::run_coroutine(io_, adapter_->fetch_attachment(a, max_bytes));
    }

    asio::io_context io_;
    std::unique_ptr<fakes::FakeHomeserver> fake_;
    std::unique_ptr<MatrixAdapter> adapter_;
};

TEST_F(MatrixMedia, AuthenticatedMediaGivesTheBytes) {
    make();
    const auto bytes = png_bytes();
    const auto mxc = fake_->upload_media(bytes, "image/png");
    auto r = fetch(Attachment{"Screenshot.png", "image/png", bytes.size(), mxc, "", ""});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->bytes, bytes);
    EXPECT_EQ(r->media_type, "image/png");
    EXPECT_EQ(fake_->media_requests("v1"), 1);
    EXPECT_EQ(fake_->media_requests("legacy"), 0);
}

TEST_F(MatrixMedia, AHomeserverBeforeV111IsAskedTheLegacyWay) {
    fakes::FakeHomeserverOptions options;
    options.authenticated_media = false;
    make(options);
    const auto bytes = png_bytes();
    const auto mxc = fake_->upload_media(bytes, "image/png");
    auto r = fetch(Attachment{"Screenshot.png", "image/png", bytes.size(), mxc, "", ""});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->bytes, bytes);
    EXPECT_EQ(fake_->media_requests("unrecognized"), 1);
    EXPECT_EQ(fake_->media_requests("legacy"), 1);
}

TEST_F(MatrixMedia, ARefusedTokenIsAnAuthErrorAndNoFallback) {
    make({}, std::string("syt_not_a_token"));
    const auto mxc = fake_->upload_media(png_bytes(), "image/png");
    auto r = fetch(Attachment{"Screenshot.png", "image/png", 4096, mxc, "", ""});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::auth) << r.error().message;
    EXPECT_EQ(fake_->media_requests("unauthorized"), 1);
    EXPECT_EQ(fake_->media_requests("legacy"), 0) << "a 401 is not a missing endpoint";
    EXPECT_EQ(r.error().message.find("syt_not_a_token"), std::string::npos);
}

TEST_F(MatrixMedia, WithoutATokenTheServerAnswersMissingToken) {
    make({}, std::string());
    const auto mxc = fake_->upload_media(png_bytes(), "image/png");
    auto r = fetch(Attachment{"Screenshot.png", "image/png", 4096, mxc, "", ""});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::auth);
    EXPECT_NE(r.error().message.find("M_MISSING_TOKEN"), std::string::npos) << r.error().message;
}

TEST_F(MatrixMedia, AnEncryptedFileIsUnsupportedWithoutARequest) {
    make();
    Attachment a{"secret.png", "image/png", 1000, "", "", "unavailable"};
    auto r = fetch(a);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::unsupported);
    EXPECT_EQ(fake_->media_requests("v1") + fake_->media_requests("unauthorized"), 0);
}

TEST_F(MatrixMedia, LimitsRefuseADeclaredSizeAndAbortAnUndeclaredOne) {
    make();
    const auto bytes = png_bytes(300 * 1024);
    const auto mxc = fake_->upload_media(bytes, "image/png");
    auto declared = fetch(Attachment{"big.png", "image/png", bytes.size(), mxc, "", ""}, 100 * 1024);
    ASSERT_FALSE(declared);
    EXPECT_EQ(declared.error().code, Errc::too_large);
    EXPECT_EQ(fake_->media_requests("v1"), 0);
    auto undeclared = fetch(Attachment{"big.png", "image/png", 0, mxc, "", ""}, 100 * 1024);
    ASSERT_FALSE(undeclared);
    EXPECT_EQ(undeclared.error().code, Errc::too_large) << undeclared.error().message;
}

TEST_F(MatrixMedia, AServerErrorIsTransientAndAnUnknownIdIsNotFound) {
    make();
    const auto bytes = png_bytes();
    const auto mxc = fake_->upload_media(bytes, "image/png");
    fake_->fail_media(1, 502);
    auto failed = fetch(Attachment{"s.png", "image/png", bytes.size(), mxc, "", ""});
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, Errc::network) << failed.error().message;
    auto again = fetch(Attachment{"s.png", "image/png", bytes.size(), mxc, "", ""});
    ASSERT_TRUE(again) << again.error().message;
    auto missing = fetch(Attachment{"s.png", "image/png", 0, "mxc://example.org/NoSuchMedia", "", ""});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::not_found);
    auto bad = fetch(Attachment{"s.png", "image/png", 0, "mxc://example.org/../admin", "", ""});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::invalid_argument);
}

TEST_F(MatrixMedia, ASlowMediaRepositoryEndsInATimeout) {
    make();
    const auto mxc = fake_->upload_media(png_bytes(), "image/png");
    fake_->delay_media(30s);
    auto r = fetch(Attachment{"s.png", "image/png", 4096, mxc, "", ""});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::timeout) << r.error().message;
}

}  // namespace
}  // namespace frontline::matrix
