// Issue 22 on Matrix, end to end: the real `frontline` binary against the fake homeserver. A user
// sends a screenshot (m.image) in the DM after describing the problem; the process is killed
// between the download into the vault and the commit (FRONTLINE_FAULT=after_file_stored), so the
// since token never moves past it. The restarted process syncs it again, downloads it again by
// authenticated media, and records it once: one journal entry, one file on the ticket, one "kept"
// answer, and the agents' card names it once. A homeserver before v1.11 serves it the legacy way.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "bot/runtime/fault_injection.hpp"
#include "tests/fakes/matrix/fake_homeserver.hpp"
#include "tests/support/agents_file.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/store_peek.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kAgentsRoom = "!servicedesk:example.org";  // the service-desk team's Matrix room
constexpr const char* kLucy = "@lucy:example.org";

std::string png_screenshot() {
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    png += std::string(20000, '\x5a');
    return png;
}

class MatrixScreenshot : public ::testing::TestWithParam<bool> {
protected:
    void SetUp() override {
        fakes::FakeHomeserverOptions options;
        options.authenticated_media = GetParam();
        matrix_ = std::make_unique<fakes::FakeHomeserver>(io_.get_executor(), options);
        ASSERT_TRUE(matrix_->start());
        matrix_->create_room("@enzo:example.org", false, kAgentsRoom);
        matrix_->join_bot(kAgentsRoom);
        thread_ = std::thread([this] { io_.run(); });
    }
    void TearDown() override {
        if (HasFailure()) {
            std::cerr << "service.log:\n" << std::ifstream(dir_.file("service.log")).rdbuf();
            for (const auto& m : matrix_->bot_messages()) std::cerr << "bot in " << m.room_id << ": " << m.body << "\n";
        }
        asio::post(io_, [this] { matrix_->stop(); });
        work_.reset();
        thread_.join();
    }

    std::unique_ptr<testing::ServiceProcess> start(const std::string& fault = "") {
        const std::vector<std::string> args = {
            "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
            "--db", dir_.file("frontline.db").string(),
            "--set", "http.listen=\"127.0.0.1:0\"",
            "--set", "webchat.enabled=false",
            "--set", "matrix.enabled=true",
            "--set", "matrix.homeserver_url=" + json(matrix_->url()).dump(),
            "--set", "matrix.user_id=" + json(matrix_->options().bot_user_id).dump(),
            "--set", "agents.file=" + json(testkit::write_agents_file(dir_.file("agents.json"), {"matrix"}).string()).dump(),
        };
        std::map<std::string, std::string> env{{"FRONTLINE_MATRIX_TOKEN", matrix_->options().access_token}};
        if (!fault.empty()) env["FRONTLINE_FAULT"] = fault;
        auto p = std::make_unique<testing::ServiceProcess>(FRONTLINE_BINARY, args, env, dir_.file("service.log"));
        EXPECT_NE(p->port(), 0) << "the service did not start; see " << dir_.file("service.log");
        return p;
    }

    long long scalar(const std::string& sql) { return testkit::store_scalar(dir_.file("frontline.db"), sql); }
    int messages_with(const std::string& room, const std::string& needle) const {
        const auto all = matrix_->bot_messages_in(room);
        return static_cast<int>(std::count_if(all.begin(), all.end(), [&](const auto& m) {
            return m.replaces.empty() && m.body.find(needle) != std::string::npos;
        }));
    }
    /// The bot is listening once a /sync with a since token arrived after `after` syncs.
    bool listening(std::size_t after = 0) const {
        const auto s = matrix_->sync_sinces();
        return s.size() > after && !s.back().empty();
    }

    testkit::TempDir dir_;
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
    std::unique_ptr<fakes::FakeHomeserver> matrix_;
    std::thread thread_;
};

TEST_P(MatrixScreenshot, ACrashBetweenTheDownloadAndTheCommitKeepsTheScreenshotOnTheTicketAndTheCardOnce) {
    const auto dm = matrix_->create_room(kLucy);
    matrix_->join_bot(dm);
    auto first = start("after_file_stored");
    ASSERT_TRUE(matrix_->wait_until([&] { return listening(); }));
    matrix_->say(kLucy, dm, "my VPN drops every five minutes since this morning");
    ASSERT_TRUE(matrix_->wait_until([&] { return messages_with(dm, "INC-000001") > 0; }));

    const auto screenshot = png_screenshot();
    fakes::FakeMediaMessage media;
    media.mxc = matrix_->upload_media(screenshot, "image/png");
    media.body = "vpn-error.png";
    media.size = screenshot.size();
    matrix_->say_media(kLucy, dm, media);
    EXPECT_EQ(first->wait(), kFaultExitCode) << "the process died with the file in the vault, uncommitted";
    const char* served = GetParam() ? "v1" : "legacy";
    EXPECT_EQ(matrix_->media_requests(served), 1);
    EXPECT_EQ(scalar("SELECT count(*) FROM journal WHERE kind = 'attachment'"), 0);

    auto second = start();
    ASSERT_TRUE(matrix_->wait_until([&] { return messages_with(dm, "kept vpn-error.png") > 0; }))
        << "the file was not kept after the restart";
    EXPECT_EQ(matrix_->media_requests(served), 2) << "downloaded again after the crash";
    EXPECT_EQ(matrix_->media_requests("unauthorized"), 0) << "every authenticated download carried the token";
    EXPECT_EQ(scalar("SELECT count(*) FROM journal WHERE kind = 'attachment' AND ticket_id = 'INC-000001'"), 1);
    EXPECT_EQ(scalar("SELECT count(*) FROM ticket_attachments WHERE ticket_id = 'INC-000001' AND media_type = 'image/png'"), 1);
    EXPECT_EQ(messages_with(dm, "kept vpn-error.png"), 1);

    // Lucy asks for a person: the card in the agents' room lists the screenshot, once.
    matrix_->say(kLucy, dm, "agent");
    // Matrix profiles carry no contact: the bot asks for one before it hands over.
    ASSERT_TRUE(matrix_->wait_until([&] { return messages_with(dm, "How can our team reach you") > 0; }));
    matrix_->say(kLucy, dm, "skip");
    ASSERT_TRUE(matrix_->wait_until([&] { return messages_with(kAgentsRoom, "INC-000001") > 0; }));
    ASSERT_TRUE(matrix_->wait_until([&] { return scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == 0; }));
    int cards_naming_it = 0;
    for (const auto& m : matrix_->bot_messages_in(kAgentsRoom))
        cards_naming_it += m.thread_root.empty() && m.replaces.empty() && m.body.find("vpn-error.png") != std::string::npos;
    EXPECT_EQ(cards_naming_it, 1) << "the card names the file once";
    EXPECT_EQ(scalar("SELECT count(*) FROM journal WHERE kind = 'attachment'"), 1);
    EXPECT_EQ(second->stop(SIGTERM), 0);
}

INSTANTIATE_TEST_SUITE_P(AuthenticatedAndLegacyMedia, MatrixScreenshot, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& param_info) { return param_info.param ? "v1_11" : "before_v1_11"; });

}  // namespace
}  // namespace frontline
