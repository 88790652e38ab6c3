// Durability of the real service process: crash it at the worst moments (FRONTLINE_FAULT), restart
// it on the same SQLite file, and check through the web chat protocol and the database that no
// message was lost and none was doubled. Also: SIGTERM shuts down cleanly, /metrics moves.
#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>
#include <iostream>
#include <set>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <boost/asio/io_context.hpp>

#include "adapters/net/http_client.hpp"
#include "adapters/net/websocket_client.hpp"
#include "bot/runtime/fault_injection.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using nlohmann::json;
using testing::ServiceProcess;

class CrashRecoveryTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::ofstream(config_) << json{{"store", {{"path", db_.string()}}},
                                       {"http", {{"listen", "127.0.0.1:0"}}},
                                       {"webchat", {{"enabled", true}}}}
                                      .dump();
    }
    void TearDown() override {
        // The service's own account of what went wrong, next to the failure.
        if (HasFailure()) std::cerr << "service.log:\n" << std::ifstream(dir_.file("service.log")).rdbuf();
    }
    std::unique_ptr<ServiceProcess> start(const std::string& fault = "") {
        std::map<std::string, std::string> env;
        if (!fault.empty()) env["FRONTLINE_FAULT"] = fault;
        auto p = std::make_unique<ServiceProcess>(RUNTIME_TEST_SERVICE, std::vector<std::string>{config_.string()}, env,
                                                  dir_.file("service.log"));
        EXPECT_NE(p->port(), 0) << "the service did not start; see " << dir_.file("service.log");
        return p;
    }
    net::WebSocketPtr connect(std::uint16_t port) {
        net::WebSocketClient client(io_.get_executor(), nullptr);
        auto ws = testkit::run_coroutine(io_, client.connect("ws://127.0.0.1:" + std::to_string(port) + "/ws"));
        EXPECT_TRUE(ws) << ws.error().message;
        return ws ? *ws : nullptr;
    }
    /// The next frame as JSON, or null when the connection ended.
    json next(const net::WebSocketPtr& ws) {
        auto text = testkit::run_coroutine(io_, ws->read());
        return text ? json::parse(*text) : json();
    }
    json hello(const std::string& session = "", const std::string& epoch = "", int last_seq = 0) {
        return json{{"type", "hello"}, {"v", 1}, {"session", session}, {"epoch", epoch}, {"last_seq", last_seq}};
    }
    /// Reads frames until `want` bot messages and `echoes` user echoes arrived, then proves that
    /// nothing else is on the way by a ping answered before anything more.
    std::vector<json> collect(const net::WebSocketPtr& ws, std::size_t want, std::size_t echoes) {
        std::vector<json> bot;
        std::size_t seen_echoes = 0;
        while (bot.size() < want || seen_echoes < echoes) {
            json f = next(ws);
            if (f.is_null()) break;
            if (f.at("type") != "message") continue;
            if (f.at("from") == "bot") bot.push_back(f); else ++seen_echoes;
        }
        ws->send(R"({"type":"ping"})");
        for (json f = next(ws); !f.is_null() && f.at("type") != "pong"; f = next(ws))
            if (f.at("type") == "message") ADD_FAILURE() << "unexpected extra frame " << f.dump();
        EXPECT_EQ(seen_echoes, echoes);
        return bot;
    }
    std::string sql(const std::string& query) {
        SQLite::Database db(db_.string(), SQLite::OPEN_READONLY);
        SQLite::Statement q(db, query);
        if (!q.executeStep() || q.getColumn(0).isNull()) return "";
        return q.getColumn(0).getString();
    }
    std::string metrics(std::uint16_t port) {
        net::HttpClient client(io_.get_executor(), nullptr);
        net::HttpRequest r;
        r.url = "http://127.0.0.1:" + std::to_string(port) + "/metrics";
        auto response = testkit::run_coroutine(io_, client.request(r));
        return response ? response->body : "";
    }

    testkit::TempDir dir_;
    std::filesystem::path db_ = dir_.file("frontline.db");
    std::filesystem::path config_ = dir_.file("frontline.json");
    asio::io_context io_;
};

TEST_F(CrashRecoveryTest, ACrashAfterTheCommitLosesNothingAndDoublesNothing) {
    auto service = start("after_commit");
    auto ws = connect(service->port());
    ws->send(hello().dump());
    json welcome = next(ws);
    const auto session = welcome.at("session").get<std::string>();
    ws->send(R"({"type":"message","id":"m1","text":"my VPN drops"})");
    // The batch commits, then the process dies before telling the page: no echo arrives.
    EXPECT_TRUE(next(ws).is_null());
    EXPECT_EQ(service->wait(), kFaultExitCode);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM inbox"), "1");
    EXPECT_EQ(sql("SELECT status FROM outbox"), "pending");

    // Restart; the page resumes and resends the line it never saw confirmed, as platforms redeliver.
    auto restarted = start();
    auto again = connect(restarted->port());
    again->send(hello(session, welcome.at("epoch").get<std::string>(), 0).dump());
    ASSERT_EQ(next(again).at("type"), "welcome");
    again->send(R"({"type":"message","id":"m1","text":"my VPN drops"})");
    auto replies = collect(again, 1, 1);
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].at("text"), "echo: my VPN drops");
    EXPECT_EQ(sql("SELECT COUNT(*) FROM outbox"), "1");
    EXPECT_EQ(sql("SELECT status FROM outbox"), "delivered");
    const std::string m = metrics(restarted->port());
    EXPECT_NE(m.find("\nfrontline_duplicates_dropped_total 1\n"), std::string::npos) << m;
    EXPECT_EQ(restarted->stop(SIGTERM), 0);
}

TEST_F(CrashRecoveryTest, ACrashBetweenOutboxWriteAndDeliveryDeliversOnceAfterRestart) {
    auto service = start("before_delivery");
    auto ws = connect(service->port());
    ws->send(hello().dump());
    json welcome = next(ws);
    ws->send(R"({"type":"message","id":"m1","text":"printer jammed"})");
    // The page's last_seq. The reply starts as soon as the line commits, so the crash may come
    // before or after the echo reached the page (or even the history); the page resends a line
    // it saw no echo for, as the real one does, and shows it exactly once either way.
    int shown = 0;
    for (json f = next(ws); !f.is_null(); f = next(ws))
        if (f.at("type") == "message") shown = f.at("seq").get<int>();
    EXPECT_EQ(service->wait(), kFaultExitCode);
    EXPECT_EQ(sql("SELECT status || ':' || attempts FROM outbox"), "pending:0");

    auto restarted = start();
    auto again = connect(restarted->port());
    again->send(hello(welcome.at("session").get<std::string>(), welcome.at("epoch").get<std::string>(), shown).dump());
    ASSERT_EQ(next(again).at("type"), "welcome");
    if (shown == 0) again->send(R"({"type":"message","id":"m1","text":"printer jammed"})");
    auto replies = collect(again, 1, shown == 0 ? 1 : 0);
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].at("text"), "echo: printer jammed");
    EXPECT_EQ(sql("SELECT status || ':' || attempts FROM outbox"), "delivered:1");
    EXPECT_EQ(restarted->stop(SIGTERM), 0);
}

TEST_F(CrashRecoveryTest, ACrashAfterDeliveryRedeliversButThePageGetsTheLineOnce) {
    auto service = start("after_delivery");
    auto ws = connect(service->port());
    ws->send(hello().dump());
    json welcome = next(ws);
    ws->send(R"({"type":"message","id":"m1","text":"mail is slow"})");
    std::string first_id;
    for (json f = next(ws); !f.is_null(); f = next(ws))
        if (f.at("type") == "message" && f.at("from") == "bot") first_id = f.at("id").get<std::string>();
    EXPECT_EQ(service->wait(), kFaultExitCode);
    ASSERT_FALSE(first_id.empty()) << "the page saw the reply before the crash";

    auto restarted = start();
    // At-least-once towards the platform: the row is delivered again, and the history knows its id
    // (the line was durable there before the first delivery returned), so nothing new is shown.
    for (int i = 0; i < 100 && sql("SELECT status FROM outbox") != "delivered"; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(sql("SELECT status FROM outbox"), "delivered");
    EXPECT_EQ(sql("SELECT COUNT(*) FROM conversation_lines WHERE line_id = '" + first_id + "'"), "1");
    auto again = connect(restarted->port());
    again->send(hello(welcome.at("session").get<std::string>(), welcome.at("epoch").get<std::string>(), 2).dump());
    json resumed = next(again);
    ASSERT_EQ(resumed.at("type"), "welcome");
    EXPECT_EQ(resumed.at("epoch"), welcome.at("epoch"));  // kept in the store: the page resumes
    EXPECT_EQ(resumed.at("last_seq"), 2);
    EXPECT_TRUE(collect(again, 0, 0).empty());
    EXPECT_EQ(sql("SELECT COUNT(*) FROM outbox"), "1");
    EXPECT_EQ(restarted->stop(SIGTERM), 0);
}

TEST_F(CrashRecoveryTest, LinesDeliveredWhileThePageWasClosedReachItOnceAfterARestart) {
    auto service = start();
    auto page = connect(service->port());
    page->send(hello().dump());
    const json welcome = next(page);
    const auto session = welcome.at("session").get<std::string>();
    const auto epoch = welcome.at("epoch").get<std::string>();
    page->send(R"({"type":"message","id":"m1","text":"vpn drops"})");
    ASSERT_EQ(collect(page, 1, 1).size(), 1u);  // seq 1 (echo) and 2 (answer) shown
    page->close();
    // The same conversation goes on in another tab while this page is closed.
    auto other_tab = connect(service->port());
    other_tab->send(hello(session, epoch, 2).dump());
    ASSERT_EQ(next(other_tab).at("type"), "welcome");
    other_tab->send(R"({"type":"message","id":"m2","text":"still dropping"})");
    ASSERT_EQ(collect(other_tab, 1, 1).size(), 1u);
    other_tab->close();
    EXPECT_EQ(service->stop(SIGTERM), 0);

    // After the restart nothing of the conversation is in memory: the page is served from the store.
    auto restarted = start();
    auto again = connect(restarted->port());
    again->send(hello(session, epoch, 2).dump());
    const json resumed = next(again);
    ASSERT_EQ(resumed.at("type"), "welcome");
    EXPECT_EQ(resumed.at("epoch"), epoch);
    EXPECT_EQ(resumed.at("last_seq"), 4);
    std::vector<json> lines;
    for (int i = 0; i < 2; ++i) lines.push_back(next(again));
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].at("seq"), 3);
    EXPECT_EQ(lines[0].at("id"), "m2");
    EXPECT_EQ(lines[1].at("seq"), 4);
    EXPECT_EQ(lines[1].at("text"), "echo: still dropping");
    EXPECT_TRUE(collect(again, 0, 0).empty());  // exactly once: nothing else before the pong
    EXPECT_EQ(restarted->stop(SIGTERM), 0);
}

TEST_F(CrashRecoveryTest, SigtermStopsCleanlyAndMetricsMove) {
    auto service = start();
    auto ws = connect(service->port());
    ws->send(hello().dump());
    ASSERT_EQ(next(ws).at("type"), "welcome");
    ws->send(R"({"type":"message","id":"m1","text":"hello"})");
    auto replies = collect(ws, 1, 1);
    ASSERT_EQ(replies.size(), 1u);
    const std::string m = metrics(service->port());
    EXPECT_NE(m.find("\nfrontline_events_in_total 1\n"), std::string::npos) << m;
    EXPECT_NE(m.find("\nfrontline_events_out_total 1\n"), std::string::npos) << m;
    EXPECT_NE(m.find("\nfrontline_batch_size_count 1\n"), std::string::npos) << m;
    EXPECT_EQ(service->stop(SIGTERM), 0);
    EXPECT_TRUE(next(ws).is_null());  // the page is told the server went away
}

}  // namespace
}  // namespace frontline
