#include <gtest/gtest.h>

#include "bot/config/attachments_config.hpp"

using namespace frontline;

namespace {
Result<AttachmentSettings> read(const std::string& json) {
    auto c = Config::from_text(json, "/etc/frontline/frontline.json");
    if (!c) return c.error();
    return read_attachment_settings(*c, "/var/lib/frontline/frontline.db");
}
}  // namespace

TEST(AttachmentsConfig, DefaultsKeepImagesPdfAndTextUpTo10MbBesideTheDatabase) {
    auto s = read("{}");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->max_bytes, 10u * 1024 * 1024);
    EXPECT_EQ(s->allowed_types, (std::vector<std::string>{"image/*", "application/pdf", "text/plain"}));
    EXPECT_EQ(s->max_per_ticket, 20);
    EXPECT_EQ(s->dir, std::filesystem::path("/var/lib/frontline/files"));
    EXPECT_TRUE(s->scan_command.empty());
}

TEST(AttachmentsConfig, ReadsEveryKey) {
    auto s = read(R"({"attachments":{"max_bytes":2048,"allowed_types":["image/png"],"max_per_ticket":3,
                     "dir":"/srv/shared/frontline-files","scan_command":"clamdscan --no-summary","orphan_grace_hours":2,
                     "link_hours":1}})");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->max_bytes, 2048u);
    EXPECT_EQ(s->allowed_types, std::vector<std::string>{"image/png"});
    EXPECT_EQ(s->max_per_ticket, 3);
    EXPECT_EQ(s->dir, std::filesystem::path("/srv/shared/frontline-files"));
    EXPECT_EQ(s->scan_command, (std::vector<std::string>{"clamdscan", "--no-summary"}));
    EXPECT_EQ(s->orphan_grace, std::chrono::hours(2));
    EXPECT_EQ(s->link_valid, std::chrono::hours(1));
}

TEST(AttachmentsConfig, BadValuesNameTheKey) {
    for (const auto& [json, key] : std::vector<std::pair<std::string, std::string>>{
             {R"({"attachments":{"max_bytes":10}})", "attachments.max_bytes"},
             {R"({"attachments":{"allowed_types":"image/*"}})", "attachments.allowed_types"},
             {R"({"attachments":{"allowed_types":["png"]}})", "attachments.allowed_types"},
             {R"({"attachments":{"max_per_ticket":0}})", "attachments.max_per_ticket"},
             {R"({"attachments":{"orphan_grace_hours":0}})", "attachments.orphan_grace_hours"},
         }) {
        auto s = read(json);
        ASSERT_FALSE(s) << json;
        EXPECT_NE(s.error().message.find(key), std::string::npos) << s.error().message;
    }
}
