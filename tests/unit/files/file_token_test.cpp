#include <gtest/gtest.h>

#include "bot/files/file_token.hpp"

using namespace frontline;
using namespace frontline::files;

namespace {
const std::string kSecret = "a-secret-of-sufficient-length";
const TimePoint kNow = TimePoint{Seconds{1'800'000'000}};
const std::string kSha(64, 'b');
FileToken token() { return {*TicketId::parse("INC-000042"), kSha, kNow + Seconds{3600}}; }
}  // namespace

TEST(FileToken, ASignedTokenVerifiesUntilItExpires) {
    const std::string t = sign_file_token(kSecret, token());
    auto ok = verify_file_token(kSecret, t, kNow);
    ASSERT_TRUE(std::holds_alternative<FileToken>(ok));
    EXPECT_EQ(std::get<FileToken>(ok).ticket.str(), "INC-000042");
    EXPECT_EQ(std::get<FileToken>(ok).sha256, kSha);
    auto late = verify_file_token(kSecret, t, kNow + Seconds{3600});
    ASSERT_TRUE(std::holds_alternative<FileTokenProblem>(late));
    EXPECT_EQ(std::get<FileTokenProblem>(late), FileTokenProblem::expired);
}

TEST(FileToken, ChangingAnyFieldOrTheSecretBreaksIt) {
    const std::string t = sign_file_token(kSecret, token());
    auto refused = [&](const std::string& candidate, const std::string& secret = kSecret) {
        auto r = verify_file_token(secret, candidate, kNow);
        return std::holds_alternative<FileTokenProblem>(r) &&
               std::get<FileTokenProblem>(r) == FileTokenProblem::malformed_or_tampered;
    };
    std::string other_ticket = t;
    other_ticket.replace(other_ticket.find("000042"), 6, "000043");
    EXPECT_TRUE(refused(other_ticket));
    std::string other_file = t;
    other_file[12] = other_file[12] == 'b' ? 'c' : 'b';
    EXPECT_TRUE(refused(other_file));
    // A later expiry written in by hand does not verify either.
    std::string longer = t;
    longer.replace(longer.find("1800003600"), 10, "1900003600");
    EXPECT_TRUE(refused(longer));
    EXPECT_TRUE(refused(t, "another-secret-of-sufficient-length"));
    EXPECT_TRUE(refused(""));
    EXPECT_TRUE(refused("INC-000042"));
}

TEST(FileToken, LinksCarryThePublicUrlAndTheRoute) {
    SignedFileLinks links(kSecret, "https://desk.example.com/", Seconds{7200});
    const std::string url = links.file_link(*TicketId::parse("INC-000042"), kSha, kNow + Seconds{60});
    ASSERT_EQ(url.rfind("https://desk.example.com/files/INC-000042.", 0), 0u) << url;
    const std::string t = url.substr(std::string("https://desk.example.com/files/").size());
    EXPECT_TRUE(std::holds_alternative<FileToken>(verify_file_token(kSecret, t, kNow)));
    EXPECT_EQ(links.link_life(), Seconds{7200});
}
