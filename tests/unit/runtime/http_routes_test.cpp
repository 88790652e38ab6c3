// The service's HTTP surface on a real loopback server: health, readiness, metrics, the page, and
// the right status codes for requests that are wrong.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/write.hpp>

#include "adapters/net/http_client.hpp"
#include "adapters/net/http_server.hpp"
#include "adapters/webchat/memory_line_history.hpp"
#include "adapters/webchat/webchat_adapter.hpp"
#include "bot/runtime/http_routes.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/room_check.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/store/outbox_store.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/runtime/fake_adapter.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;

struct AcceptAll final : InboundSink {
    asio::awaitable<Status> commit(std::vector<InboundEvent>) override { co_return Status{}; }
};

class HttpRoutesTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto s = SqliteStore::open(dir_.file("frontline.db"));
        ASSERT_TRUE(s);
        worker_ = std::make_unique<StoreWorker>(std::move(*s));
        routes_ = std::make_unique<HttpRoutes>(*worker_, metrics_, std::vector<Adapter*>{&chat_, &slack_}, &chat_);
        routes_->install(server_);
        ASSERT_TRUE(server_.listen("127.0.0.1:0"));
        asio::co_spawn(io_, chat_.run(sink_), [](std::exception_ptr) {});
    }
    void TearDown() override {
        server_.stop();
        chat_.stop();
        io_.restart();
        io_.run_for(std::chrono::milliseconds(100));
        worker_->stop();
    }
    net::HttpResponse request(std::string method, std::string path, std::string body = {}) {
        net::HttpRequest r;
        r.method = std::move(method);
        r.url = "http://127.0.0.1:" + std::to_string(server_.port()) + path;
        r.body = std::move(body);
        auto response = testkit::run_coroutine(io_, client_.request(std::move(r)));
        EXPECT_TRUE(response) << response.error().message;
        return response ? *response : net::HttpResponse{0, {}, {}};
    }
    /// Sends raw bytes and returns what the server answered before closing.
    std::string raw(std::string bytes) {
        return testkit::run_coroutine(io_, [](std::uint16_t port, std::string out) -> asio::awaitable<std::string> {
            asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
            co_await socket.async_connect({asio::ip::make_address("127.0.0.1"), port}, asio::use_awaitable);
            co_await asio::async_write(socket, asio::buffer(out), asio::use_awaitable);
            std::string in;
            // Reads until the server closes; the end-of-file "error" is the expected way to stop.
            co_await asio::async_read(socket, asio::dynamic_buffer(in), asio::as_tuple(asio::use_awaitable));
            co_return in;
        }(server_.port(), std::move(bytes)));
    }

    testkit::TempDir dir_;
    asio::io_context io_;
    ManualClock clock_{TimePoint{Seconds{1'800'000'000}}};
    Metrics metrics_;
    AcceptAll sink_;
    std::unique_ptr<StoreWorker> worker_;
    webchat::MemoryLineHistory history_;
    webchat::WebchatAdapter chat_{io_.get_executor(), clock_, history_, {}};
    testing::FakeAdapter slack_{io_, "slack"};
    std::unique_ptr<HttpRoutes> routes_;
    net::HttpServer server_{io_.get_executor()};
    net::HttpClient client_{io_.get_executor(), nullptr};
};

TEST_F(HttpRoutesTest, HealthzAnswersOk) {
    auto r = request("GET", "/healthz");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "ok\n");
}

TEST_F(HttpRoutesTest, ReadyzNamesWhatIsNotReady) {
    slack_.is_connected = false;
    auto down = request("GET", "/readyz");
    EXPECT_EQ(down.status, 503);
    EXPECT_NE(down.body.find("slack: not connected"), std::string::npos);
    EXPECT_EQ(down.body.find("webchat"), std::string::npos);
    slack_.is_connected = true;
    EXPECT_EQ(request("GET", "/readyz").status, 200);
}

TEST_F(HttpRoutesTest, ReadyzIsNotReadyUntilTheRoomsAreVerifiedAndNamesEveryWrongRoom) {
    // The check itself, on the rooms a team names: one the platform does not know, one on a
    // platform that is not enabled, one that is fine.
    slack_.missing_rooms = {"C0GONE"};
    const std::vector<TeamRoom> rooms = {{"service-desk", "slack", "C0GONE"},
                                         {"service-desk", "telegram", "-100123"},
                                         {"infrastructure", "slack", "C0INFRA"},
                                         {"infrastructure", "webchat", "agents"}};
    const auto problems = testkit::run_coroutine(
        io_, check_team_rooms(rooms, std::map<std::string, Adapter*>{{"slack", &slack_}, {"webchat", &chat_}}));
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0].find("telegram:-100123 (team service-desk): telegram is not enabled"), 0u) << problems[0];
    EXPECT_EQ(problems[1], "slack:C0GONE (team service-desk): channel_not_found");

    RoomStatus status;
    routes_->watch_rooms(&status);
    auto unchecked = request("GET", "/readyz");
    EXPECT_EQ(unchecked.status, 503);
    EXPECT_NE(unchecked.body.find("rooms: not verified yet"), std::string::npos) << unchecked.body;
    status.checked = true;
    status.problems = problems;
    auto wrong = request("GET", "/readyz");
    EXPECT_EQ(wrong.status, 503);
    EXPECT_NE(wrong.body.find("room slack:C0GONE (team service-desk): channel_not_found"), std::string::npos) << wrong.body;
    EXPECT_NE(wrong.body.find("room telegram:-100123"), std::string::npos) << wrong.body;
    status.problems.clear();
    EXPECT_EQ(request("GET", "/readyz").status, 200);
}

TEST_F(HttpRoutesTest, TheWebChatHasOneAgentsRoomAndSaysSoForAnyOther) {
    const auto problems = testkit::run_coroutine(io_, chat_.verify_rooms({"agents", "helpdesk"}));
    ASSERT_TRUE(problems);
    ASSERT_EQ(problems->size(), 1u);
    EXPECT_EQ((*problems)[0].room, "helpdesk");
}

TEST_F(HttpRoutesTest, MetricsCountTheMessagesThatCouldNotBeDelivered) {
    OutboundMessage m;
    m.to = Address{"telegram", "-100123", {}};
    m.text = "card";
    m.idempotency_key = "k-failed";
    ASSERT_TRUE(testkit::run_coroutine(io_, worker_->run([&](Store& s) -> Status {
        auto queued = s.outbox().enqueue(m, TimePoint{Seconds{1'800'000'000}});
        if (!queued) return queued.error();
        auto rows = s.outbox().deliverable(TimePoint{Seconds{1'800'000'000}}, 10);
        if (!rows) return rows.error();
        return s.outbox().mark_failed(rows->at(0).id, "no adapter for platform 'telegram'");
    })));
    auto r = request("GET", "/metrics");
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("frontline_outbox_failed{platform=\"telegram\"} 1"), std::string::npos) << r.body;
}

TEST_F(HttpRoutesTest, MetricsShowTheOutboxDepthInThePrometheusFormat) {
    OutboundMessage m;
    m.to = Address{"slack", "C1", {}};
    m.idempotency_key = "k1";
    m.priority = OutboxPriority::urgent;
    ASSERT_TRUE(testkit::run_coroutine(io_, worker_->run([&](Store& s) { return s.outbox().enqueue(m, clock_.now()); })));
    metrics_.events_in += 3;
    auto r = request("GET", "/metrics");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.headers.get("Content-Type").value_or(""), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(r.body.find("\nfrontline_outbox_depth{priority=\"urgent\"} 1\n"), std::string::npos);
    EXPECT_NE(r.body.find("\nfrontline_events_in_total 3\n"), std::string::npos);
    EXPECT_NE(r.body.find("frontline_adapter_connected{platform=\"webchat\"} 1"), std::string::npos);
}

TEST_F(HttpRoutesTest, ThePageIsServedFromTheBinaryWithoutThirdParties) {
    auto page = request("GET", "/");
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.headers.get("Content-Type").value_or(""), "text/html; charset=utf-8");
    EXPECT_NE(page.body.find("/static/chat.js"), std::string::npos);
    EXPECT_EQ(page.body.find("https://"), std::string::npos);
    EXPECT_NE(page.headers.get("Content-Security-Policy").value_or("").find("default-src 'self'"), std::string::npos);
    auto script = request("GET", "/static/chat.js");
    EXPECT_EQ(script.status, 200);
    EXPECT_EQ(script.headers.get("Content-Type").value_or(""), "text/javascript; charset=utf-8");
    EXPECT_EQ(request("GET", "/agents").status, 200);
    EXPECT_EQ(request("GET", "/static/chat.css").status, 200);
}

TEST_F(HttpRoutesTest, TheDashboardAndTheQueueAreServedFromTheBinaryWithoutThirdParties) {
    auto page = request("GET", "/dashboard");
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.headers.get("Content-Type").value_or(""), "text/html; charset=utf-8");
    EXPECT_NE(page.body.find("/static/dashboard.js"), std::string::npos);
    EXPECT_NE(page.headers.get("Content-Security-Policy").value_or("").find("default-src 'self'"), std::string::npos);
    for (const std::string asset : {"/static/dashboard.js", "/static/dashboard.css", "/static/queue.js", "/static/queue.css"}) {
        auto r = request("GET", asset);
        EXPECT_EQ(r.status, 200) << asset;
        EXPECT_EQ(r.body.find("http://"), r.body.find("http://www.w3.org/2000/svg")) << asset << ": only the SVG namespace";
        EXPECT_EQ(r.body.find("https://"), std::string::npos) << asset;
    }
    // The agents' view loads the queue; the requesters' page is the same file, and queue.js stays
    // idle there (it runs on /agents only).
    EXPECT_NE(request("GET", "/agents").body.find("/static/queue.js"), std::string::npos);
}

TEST_F(HttpRoutesTest, WrongRequestsGetTheRightStatus) {
    EXPECT_EQ(request("GET", "/nope").status, 404);
    EXPECT_EQ(request("GET", "/static/../bot/main.cpp").status, 404);
    auto post = request("POST", "/healthz", "x");
    EXPECT_EQ(post.status, 405);
    EXPECT_EQ(post.headers.get("Allow").value_or(""), "GET, HEAD");
    EXPECT_EQ(request("DELETE", "/metrics").status, 405);
    EXPECT_EQ(request("GET", "/ws").status, 426);
    EXPECT_EQ(request("POST", "/metrics", std::string(2 << 20, 'x')).status, 413);
}

TEST_F(HttpRoutesTest, GarbageIsABadRequest) {
    const std::string answer = raw("this is not http\r\n\r\n");
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
}

}  // namespace
}  // namespace frontline
