// Webhook mode in the real `frontline` binary: the adapter's route is served by the service's own
// HTTP server (next to /healthz), setWebhook names it, and only the right secret gets an update in.
#include <gtest/gtest.h>

#include <signal.h>

#include <thread>

#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>

#include "tests/fakes/telegram/fake_telegram.hpp"
#include "tests/support/agents_file.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/store_peek.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using nlohmann::json;

/// A loopback port free right now (webhook mode needs the public URL before the service starts).
std::uint16_t free_port() {
    asio::io_context io;
    asio::ip::tcp::acceptor a(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return a.local_endpoint().port();
}

TEST(TelegramWebhookBinary, TheServiceServesTheWebhookRouteAndChecksTheSecret) {
    testkit::TempDir dir;
    asio::io_context io;
    auto work = asio::make_work_guard(io);
    fakes::FakeTelegram fake(io.get_executor());
    ASSERT_TRUE(fake.start());
    fake.add_user({42, "Lucy", "Grey", "en"});
    fake.add_group("-1001234567890", "IT Service Desk");
    std::thread thread([&] { io.run(); });

    const auto port = free_port();
    const std::string origin = "http://127.0.0.1:" + std::to_string(port);
    const std::vector<std::string> args = {
        "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
        "--db", dir.file("frontline.db").string(),
        "--set", "http.listen=\"127.0.0.1:" + std::to_string(port) + "\"",
        "--set", "http.public_url=" + json(origin).dump(),
        "--set", "webchat.enabled=false",
        "--set", "telegram.enabled=true",
        "--set", "telegram.mode=webhook",
        "--set", "telegram.api_base_url=" + json(fake.api_base_url()).dump(),
        "--set", "agents.file=" + nlohmann::json(testkit::write_agents_file(dir.file("agents.json"), {"telegram"}).string()).dump(),
    };
    {
        testing::ServiceProcess service(FRONTLINE_BINARY, args,
                                        {{"FRONTLINE_TELEGRAM_TOKEN", fake.options().token},
                                         {"FRONTLINE_TELEGRAM_WEBHOOK_SECRET", "a-secret_for-the-webhook"}},
                                        dir.file("service.log"));
        ASSERT_NE(service.port(), 0) << "the service did not start; see " << dir.file("service.log");
        ASSERT_TRUE(fake.wait_until([&] { return fake.webhook_url() == origin + "/telegram/webhook"; }));
        fake.user_message(42, "/start");
        EXPECT_EQ(*fake.deliver_webhook(fakes::WebhookSecret::missing), 401);
        EXPECT_EQ(*fake.deliver_webhook(fakes::WebhookSecret::wrong), 401);
        EXPECT_EQ(testkit::store_scalar(dir.file("frontline.db"), "SELECT count(*) FROM inbox"), 0);
        EXPECT_EQ(*fake.deliver_webhook(fakes::WebhookSecret::right), 200);
        EXPECT_EQ(testkit::store_scalar(dir.file("frontline.db"), "SELECT count(*) FROM inbox"), 1);
        ASSERT_TRUE(fake.wait_until([&] { return !fake.bot_messages_in("42").empty(); }));
        EXPECT_EQ(service.stop(SIGTERM), 0);
    }
    asio::post(io, [&] { fake.stop(); });
    work.reset();
    thread.join();
}

}  // namespace
}  // namespace frontline
