// An alert fired into the real Alertmanager (Debian's prometheus-alertmanager) reaches the real
// `frontline` binary through the webhook receiver of docs/alertmanager.md: exactly one escalated
// incident, pinged once, not doubled by repeats, and the group's resolution journalled.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/service_process.hpp"
#include "tests/support/store_peek.hpp"
#include "tests/support/temp_dir.hpp"

extern char** environ;

namespace frontline {
namespace {

namespace asio = boost::asio;
using nlohmann::json;

constexpr const char* kAlertmanager = "/usr/bin/prometheus-alertmanager";
constexpr const char* kToken = "am-test-token-6f1c";

std::uint16_t free_port() {
    asio::io_context io;
    asio::ip::tcp::acceptor a(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return a.local_endpoint().port();
}

struct Reply {
    int status = 0;
    std::string body;
};

/// One blocking HTTP/1.0 exchange on loopback; status 0 when nothing answered.
Reply http(std::uint16_t port, const std::string& method, const std::string& path, const std::string& body = "",
           const std::string& extra_headers = "") {
    try {
        asio::io_context io;
        asio::ip::tcp::socket s(io);
        s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        std::string req = method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                          extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        asio::write(s, asio::buffer(req));
        std::string raw;
        boost::system::error_code ec;
        asio::read(s, asio::dynamic_buffer(raw), ec);  // HTTP/1.0: the server closes after the answer
        Reply r;
        if (raw.rfind("HTTP/", 0) != 0) return r;
        r.status = std::stoi(raw.substr(raw.find(' ') + 1, 3));
        if (auto end = raw.find("\r\n\r\n"); end != std::string::npos) r.body = raw.substr(end + 4);
        return r;
    } catch (const std::exception&) {
        return {};
    }
}

/// Polls `done` every 100 ms, at most `limit` long: a bound so a broken run ends, not a timing claim.
bool eventually(const std::function<bool()>& done, std::chrono::seconds limit = std::chrono::seconds(60)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done();
}

/// The Alertmanager process, stopped (SIGTERM, then waited for) when the test ends.
class AlertmanagerProcess {
public:
    AlertmanagerProcess(const testkit::TempDir& dir, std::uint16_t port) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        const std::string log = dir.file("alertmanager.log").string();
        posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        std::vector<std::string> args = {kAlertmanager,
                                         "--config.file=" + dir.file("alertmanager.yml").string(),
                                         "--storage.path=" + dir.file("am-data").string(),
                                         "--web.listen-address=127.0.0.1:" + std::to_string(port),
                                         "--cluster.listen-address=",  // no gossip port: a single instance
                                         "--log.level=debug"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        if (posix_spawn(&pid_, kAlertmanager, &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
        posix_spawn_file_actions_destroy(&actions);
    }
    ~AlertmanagerProcess() {
        if (pid_ <= 0) return;
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    bool started() const { return pid_ > 0; }

private:
    pid_t pid_ = -1;
};

std::string rfc3339(std::chrono::system_clock::time_point t) {
    const std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

json vpn_alert(const std::string& instance, std::chrono::system_clock::time_point starts,
               std::optional<std::chrono::system_clock::time_point> ends = std::nullopt) {
    json a = {{"labels", {{"alertname", "VpnGatewayDown"}, {"service", "vpn"}, {"severity", "critical"}, {"instance", instance}}},
              {"annotations", {{"summary", "VPN gateway unreachable"},
                               {"description", "The gateway " + instance + " does not answer probes."},
                               {"runbook_url", "https://wiki.example.org/runbooks/vpn-gateway"}}},
              {"startsAt", rfc3339(starts)},
              {"generatorURL", "http://prometheus.example.org:9090/graph"}};
    if (ends) a["endsAt"] = rfc3339(*ends);
    return a;
}

long long metric(std::uint16_t port, const std::string& name) {
    auto r = http(port, "GET", "/metrics");
    const auto at = r.body.find("\n" + name + " ");
    if (at == std::string::npos) return 0;
    return std::stoll(r.body.substr(at + name.size() + 2));
}

TEST(RealAlertmanager, OneIncidentPerGroupPingedOnceNotDoubledAndResolutionReachesFrontline) {
    ASSERT_EQ(access(kAlertmanager, X_OK), 0) << kAlertmanager << " is missing: scripts/setup installs prometheus-alertmanager";
    testkit::TempDir dir;
    const auto db = dir.file("frontline.db");
    const std::string rules =
        R"([{"name": "vpn", "match": {"service": "vpn", "severity": "critical"}, "category": "network/vpn", "affected_service": "VPN", "impact": "high", "urgency": "high"}])";
    testing::ServiceProcess frontline_process(
        FRONTLINE_BINARY,
        {"--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json", "--db", db.string(),
         "--set", "http.listen=\"127.0.0.1:0\"", "--set", "alertmanager.enabled=true",
         "--set", "alertmanager.token_env=\"FRONTLINE_TEST_AM_TOKEN\"", "--set", "alertmanager.rules=" + rules},
        {{"FRONTLINE_TEST_AM_TOKEN", kToken}}, dir.file("frontline.log"));
    const std::uint16_t fl_port = frontline_process.port();
    ASSERT_NE(fl_port, 0) << "frontline did not start; see " << dir.file("frontline.log");

    // The receiver exactly as docs/alertmanager.md shows it, with short waits for the test.
    const std::uint16_t am_port = free_port();
    std::ofstream(dir.file("alertmanager.yml")) << "route:\n"
                                                   "  receiver: frontline\n"
                                                   "  group_by: ['alertname', 'service']\n"
                                                   "  group_wait: 1s\n"
                                                   "  group_interval: 1s\n"
                                                   "  repeat_interval: 2s\n"
                                                   "receivers:\n"
                                                   "  - name: frontline\n"
                                                   "    webhook_configs:\n"
                                                   "      - url: http://127.0.0.1:" << fl_port << "/hooks/alertmanager\n"
                                                   "        send_resolved: true\n"
                                                   "        http_config:\n"
                                                   "          authorization:\n"
                                                   "            type: Bearer\n"
                                                   "            credentials: " << kToken << "\n";
    AlertmanagerProcess am(dir, am_port);
    ASSERT_TRUE(am.started());
    ASSERT_TRUE(eventually([&] { return http(am_port, "GET", "/-/ready").status == 200; }))
        << "Alertmanager did not become ready; see " << dir.file("alertmanager.log");

    // A wrong token is refused and records nothing.
    EXPECT_EQ(http(fl_port, "POST", "/hooks/alertmanager", "{}", "Authorization: Bearer nope\r\n").status, 401);
    EXPECT_EQ(testkit::store_scalar(db, "SELECT count(*) FROM inbox"), 0);

    const auto started = std::chrono::system_clock::now() - std::chrono::minutes(2);
    ASSERT_EQ(http(am_port, "POST", "/api/v2/alerts", json::array({vpn_alert("vpn-gw-1:9100", started)}).dump()).status, 200);
    ASSERT_TRUE(eventually([&] { return testkit::store_scalar(db, "SELECT count(*) FROM tickets") >= 1; }))
        << "no incident; see " << dir.file("frontline.log") << " and " << dir.file("alertmanager.log");
    EXPECT_EQ(testkit::store_scalar(db, "SELECT count(*) FROM tickets WHERE status = 'escalated'"), 1);
    // Pinged: the card is queued for the agents' room, once.
    EXPECT_EQ(testkit::store_scalar(db, "SELECT count(*) FROM outbox WHERE message_key LIKE 'INC-000001/card/%'"), 1);
    EXPECT_EQ(testkit::store_scalar(db, "SELECT count(*) FROM journal WHERE kind = 'escalation_ping'"), 1);

    // Alertmanager repeats the notification (repeat_interval) and the client re-posts the alert;
    // a second gateway then joins the group. Still one incident, the new alert on its journal.
    const auto notifications = [&] {
        return testkit::store_scalar(db, "SELECT count(*) FROM inbox WHERE event_key LIKE 'alertmanager:%'") +
               metric(fl_port, "frontline_duplicates_dropped_total");
    };
    ASSERT_EQ(http(am_port, "POST", "/api/v2/alerts", json::array({vpn_alert("vpn-gw-1:9100", started)}).dump()).status, 200);
    ASSERT_TRUE(eventually([&] { return notifications() >= 2; })) << "no repeat reached frontline";
    EXPECT_EQ(testkit::store_scalar(db, "SELECT count(*) FROM tickets"), 1);
    ASSERT_EQ(http(am_port, "POST", "/api/v2/alerts",
                   json::array({vpn_alert("vpn-gw-1:9100", started), vpn_alert("vpn-gw-2:9100", started)}).dump())
                  .status,
              200);
    ASSERT_TRUE(eventually([&] { return testkit::store_scalar(db, "SELECT count(*) FROM journal WHERE kind = 'alert'") == 2; }));
    EXPECT_EQ(testkit::store_scalar(db, "SELECT count(*) FROM tickets"), 1);
    EXPECT_EQ(testkit::store_scalar(db, "SELECT count(*) FROM outbox WHERE message_key LIKE 'INC-000001/card/%'"), 1);

    // Resolved: both alerts posted with an end in the past.
    const auto ended = std::chrono::system_clock::now() - std::chrono::seconds(5);
    ASSERT_EQ(http(am_port, "POST", "/api/v2/alerts",
                   json::array({vpn_alert("vpn-gw-1:9100", started, ended), vpn_alert("vpn-gw-2:9100", started, ended)}).dump())
                  .status,
              200);
    ASSERT_TRUE(eventually([&] { return testkit::store_scalar(db, "SELECT count(*) FROM journal WHERE kind = 'alert_resolved'") == 1; }))
        << "the resolution did not reach frontline; see " << dir.file("alertmanager.log");
    // The rule has no auto_resolve: a person resolves it; the team was told in the ticket's room.
    EXPECT_EQ(testkit::store_scalar(db, "SELECT count(*) FROM tickets WHERE status = 'escalated'"), 1);
    EXPECT_EQ(testkit::store_scalar(db, "SELECT count(*) FROM tickets"), 1);
    EXPECT_EQ(frontline_process.stop(SIGTERM), 0);
}

}  // namespace
}  // namespace frontline
