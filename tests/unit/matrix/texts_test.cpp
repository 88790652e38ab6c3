// The Matrix adapter's own words come from <lang>.matrix.json, not from the engine's texts.
#include <gtest/gtest.h>

#include <fstream>

#include "adapters/matrix/matrix_texts.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline::matrix {
namespace {

const std::filesystem::path kShipped = std::filesystem::path(FRONTLINE_SOURCE_DIR) / "config/locales";

TEST(MatrixTexts, TheShippedNoticeExistsInEnglishAndItalian) {
    auto texts = load_texts(kShipped, "it");
    ASSERT_TRUE(texts) << texts.error().message;
    EXPECT_EQ(texts->default_language, "it");
    ASSERT_EQ(texts->encrypted_notice.count("en"), 1u);
    ASSERT_EQ(texts->encrypted_notice.count("it"), 1u);
    EXPECT_NE(texts->encrypted_notice.at("en").find("encrypted"), std::string::npos);
    EXPECT_NE(texts->encrypted_notice.at("it").find("cifrate"), std::string::npos);
    EXPECT_EQ(load_texts(kShipped, "de")->default_language, "en") << "a language without a file falls back to English";
}

TEST(MatrixTexts, AMissingFileOrKeyIsNamed) {
    testkit::TempDir dir;
    auto none = load_texts(dir.path(), "en");
    ASSERT_FALSE(none);
    EXPECT_NE(none.error().message.find("en.matrix.json is missing"), std::string::npos) << none.error().message;
    std::ofstream(dir.file("en.matrix.json")) << R"({"matrix.encrypted_notice": ""})";
    auto empty = load_texts(dir.path(), "en");
    ASSERT_FALSE(empty);
    EXPECT_NE(empty.error().message.find("en.matrix.json: key 'matrix.encrypted_notice'"), std::string::npos)
        << empty.error().message;
}

}  // namespace
}  // namespace frontline::matrix
