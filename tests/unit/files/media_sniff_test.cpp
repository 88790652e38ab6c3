#include <gtest/gtest.h>

#include "bot/files/media_sniff.hpp"

using namespace frontline::files;
using namespace std::string_literals;

TEST(MediaSniff, KnowsImagesAndPdfByTheirFirstBytes) {
    EXPECT_EQ(sniff_media_type("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s), "image/png");
    EXPECT_EQ(sniff_media_type("\xff\xd8\xff\xe0\0\x10JFIF"s), "image/jpeg");
    EXPECT_EQ(sniff_media_type("GIF89a\x01\0"s), "image/gif");
    EXPECT_EQ(sniff_media_type("RIFF\x10\0\0\0WEBPVP8 "s), "image/webp");
    EXPECT_EQ(sniff_media_type("%PDF-1.7\n%\xe2\xe3"s), "application/pdf");
}

TEST(MediaSniff, TextIsUtf8WithoutBinaryControls) {
    EXPECT_EQ(sniff_media_type("2026-12-07 03:12:01 ERROR vpn: tunnel down\n\tretrying\r\n"), "text/plain");
    EXPECT_EQ(sniff_media_type("Caffè: è già pronto\n"), "text/plain");
    EXPECT_EQ(sniff_media_type("MZ\x90\0\x03\0\0\0"s), "application/octet-stream");  // a Windows executable
    EXPECT_EQ(sniff_media_type("abc\xff\xfe"s), "application/octet-stream");        // not UTF-8
    EXPECT_EQ(sniff_media_type(""), "application/octet-stream");
}

TEST(MediaSniff, TheDeclaredNameDoesNotMatter) {
    // An executable renamed "screenshot.png" is still not an image: only the bytes are read.
    const std::string exe = "\x7f" "ELF\x02\x01\x01\0"s;
    EXPECT_EQ(sniff_media_type(exe), "application/octet-stream");
}

TEST(MediaSniff, AllowedTypesMatchExactlyOrByFamily) {
    const std::vector<std::string> allowed{"image/*", "application/pdf", "text/plain"};
    EXPECT_TRUE(type_allowed("image/png", allowed));
    EXPECT_TRUE(type_allowed("application/pdf", allowed));
    EXPECT_FALSE(type_allowed("application/octet-stream", allowed));
    EXPECT_FALSE(type_allowed("imagex/png", allowed));
    EXPECT_FALSE(type_allowed("image/png", {"application/pdf"}));
}
