// Issue 22 on Telegram, end to end: the real `frontline` binary against the fake Bot API. A user
// sends a screenshot (a photo, no caption) after describing the problem; the process is killed
// between the download into the vault and the commit (FRONTLINE_FAULT=after_file_stored). Telegram
// hands the update out again, the restarted process fetches the photo again (getFile, then the file
// path) and records it once: one journal entry, one file on the ticket, one "kept" answer, and the
// agents' card names it once when the user asks for a person.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "bot/runtime/fault_injection.hpp"
#include "tests/fakes/telegram/fake_telegram.hpp"
#include "tests/support/agents_file.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/store_peek.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr std::int64_t kLucy = 42;
constexpr const char* kAgentsChat = "-1001234567890";  // the service-desk team's Telegram room

/// What a phone camera's JPEG starts with, then the picture.
std::string jpeg_screenshot() {
    std::string jpeg("\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01", 13);
    jpeg += std::string(20000, '\x42');
    return jpeg;
}

class TelegramScreenshot : public ::testing::Test {
protected:
    void SetUp() override {
        fake_ = std::make_unique<fakes::FakeTelegram>(io_.get_executor());
        ASSERT_TRUE(fake_->start());
        fake_->add_user({kLucy, "Lucy", "Grey", "en"});
        fake_->add_group(kAgentsChat, "IT Service Desk");
        thread_ = std::thread([this] { io_.run(); });
    }
    void TearDown() override {
        if (HasFailure()) {
            std::cerr << "service.log:\n" << std::ifstream(dir_.file("service.log")).rdbuf();
            for (const auto* chat : {"42", kAgentsChat})
                for (const auto& m : fake_->bot_messages_in(chat)) std::cerr << "bot in " << chat << ": " << m.text << "\n";
        }
        asio::post(io_, [this] { fake_->stop(); });
        work_.reset();
        thread_.join();
    }

    std::unique_ptr<testing::ServiceProcess> start(const std::string& fault = "") {
        const std::vector<std::string> args = {
            "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
            "--db", dir_.file("frontline.db").string(),
            "--set", "http.listen=\"127.0.0.1:0\"",
            "--set", "webchat.enabled=false",
            "--set", "telegram.enabled=true",
            "--set", "telegram.api_base_url=" + json(fake_->api_base_url()).dump(),
            "--set", "agents.file=" + json(testkit::write_agents_file(dir_.file("agents.json"), {"telegram"}).string()).dump(),
            "--set", "telegram.poll_timeout_seconds=5",
        };
        std::map<std::string, std::string> env{{"FRONTLINE_TELEGRAM_TOKEN", fake_->options().token}};
        if (!fault.empty()) env["FRONTLINE_FAULT"] = fault;
        auto p = std::make_unique<testing::ServiceProcess>(FRONTLINE_BINARY, args, env, dir_.file("service.log"));
        EXPECT_NE(p->port(), 0) << "the service did not start; see " << dir_.file("service.log");
        return p;
    }

    long long scalar(const std::string& sql) { return testkit::store_scalar(dir_.file("frontline.db"), sql); }
    int bot_messages_with(const std::string& chat, const std::string& needle) const {
        const auto all = fake_->bot_messages_in(chat);
        return static_cast<int>(std::count_if(all.begin(), all.end(), [&](const auto& m) { return m.text.find(needle) != std::string::npos; }));
    }

    testkit::TempDir dir_;
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
    std::unique_ptr<fakes::FakeTelegram> fake_;
    std::thread thread_;
};

TEST_F(TelegramScreenshot, ACrashBetweenTheDownloadAndTheCommitKeepsTheScreenshotOnTheTicketAndTheCardOnce) {
    const std::string lucy = std::to_string(kLucy);
    auto first = start("after_file_stored");
    fake_->user_message(kLucy, "my VPN drops every five minutes since this morning");
    ASSERT_TRUE(fake_->wait_until([&] { return bot_messages_with(lucy, "INC-000001") > 0; }));

    const auto photo = fake_->add_file(jpeg_screenshot(), "jpg");
    fake_->user_photo(kLucy, {photo});
    EXPECT_EQ(first->wait(), kFaultExitCode) << "the process died with the photo in the vault, uncommitted";
    EXPECT_EQ(fake_->files_served(), 1);
    EXPECT_EQ(scalar("SELECT count(*) FROM journal WHERE kind = 'attachment'"), 0);
    EXPECT_EQ(fake_->pending_updates(), 1u) << "the photo's update was never confirmed";

    auto second = start();
    ASSERT_TRUE(fake_->wait_until([&] { return bot_messages_with(lucy, "I've kept") > 0 && fake_->pending_updates() == 0; }))
        << "the photo was not kept after the restart";
    EXPECT_EQ(fake_->files_served(), 2) << "fetched again after the crash";
    const std::string name = "photo-" + photo.file_unique_id + ".jpg";
    EXPECT_EQ(scalar("SELECT count(*) FROM journal WHERE kind = 'attachment' AND ticket_id = 'INC-000001'"), 1);
    EXPECT_EQ(scalar("SELECT count(*) FROM ticket_attachments WHERE ticket_id = 'INC-000001' AND media_type = 'image/jpeg'"), 1);
    EXPECT_EQ(bot_messages_with(lucy, "I've kept " + name), 1);

    // Lucy asks for a person: the card in the agents' group lists the screenshot, once.
    fake_->user_message(kLucy, "agent");
    // Telegram profiles carry no contact: the bot asks for one before it hands over.
    ASSERT_TRUE(fake_->wait_until([&] { return bot_messages_with(lucy, "How can our team reach you") > 0; }));
    fake_->user_message(kLucy, "skip");
    ASSERT_TRUE(fake_->wait_until([&] { return bot_messages_with(kAgentsChat, "INC-000001") > 0; }));
    ASSERT_TRUE(fake_->wait_until([&] { return scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == 0; }));
    EXPECT_EQ(bot_messages_with(kAgentsChat, name), 1) << "the card names the file once";
    EXPECT_EQ(scalar("SELECT count(*) FROM journal WHERE kind = 'attachment'"), 1);
    EXPECT_EQ(second->stop(SIGTERM), 0);
}

}  // namespace
}  // namespace frontline
