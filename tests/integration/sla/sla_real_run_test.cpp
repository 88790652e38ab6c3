// The SLA clocks of a real run: the `frontline` binary on the shipped config with targets of seconds,
// a requester on the web chat asking for a person, nobody claiming. The journal of its SQLite file
// must show the response warning at 75% of the target, then the breach, then the climb to L3 that a
// breach of an unclaimed ticket causes, each no earlier than its due instant. Polls, never sleeps a
// fixed time and never asserts an upper bound on how long something took.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <boost/asio/io_context.hpp>

#include "adapters/net/http_client.hpp"
#include "adapters/net/wait.hpp"
#include "adapters/net/websocket_client.hpp"
#include "core/clock.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

struct Entry {
    std::string kind;
    TimePoint at;
    json details;
};

constexpr const char* kReportToken = "report-token-for-the-test";

class SlaRealRun : public ::testing::Test {
protected:
    void SetUp() override {
        // Every priority: a reply within 8 s, resolution within 60 s, counted in wall time so the
        // run does not depend on the hour it happens at; the warning at the default 75%.
        json sla = json::object();
        for (const char* p : {"P1", "P2", "P3", "P4"})
            sla[p] = {{"response_seconds", 8}, {"resolution_seconds", 60}, {"counts", "wall"}};
        const std::vector<std::string> args = {
            "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
            "--db", dir_.file("frontline.db").string(),
            "--set", "http.listen=\"127.0.0.1:0\"",
            "--set", "sla=" + sla.dump(),
            "--set", "http.report_token_env=\"FRONTLINE_TEST_REPORT_TOKEN\"",
        };
        service_ = std::make_unique<testing::ServiceProcess>(FRONTLINE_BINARY, args,
                                                             std::map<std::string, std::string>{{"FRONTLINE_TEST_REPORT_TOKEN", kReportToken}},
                                                             dir_.file("service.log"));
        ASSERT_NE(service_->port(), 0) << "the service did not start; see " << dir_.file("service.log");
    }

    void TearDown() override {
        if (service_) {
            EXPECT_EQ(service_->stop(SIGTERM), 0) << "a clean shutdown";
        }
    }

    void open_page() {
        net::WebSocketClient client(io_.get_executor(), nullptr);
        auto ws = testkit::run_coroutine(io_, client.connect("ws://127.0.0.1:" + std::to_string(service_->port()) + "/ws"));
        ASSERT_TRUE(ws) << ws.error().message;
        ws_ = *ws;
        ws_->send(json{{"type", "hello"}, {"v", 1}, {"session", ""}, {"epoch", ""}, {"last_seq", 0}, {"locale", "en"}}.dump());
        ASSERT_EQ(next().value("type", ""), "welcome");
    }

    json next() {
        auto text = testkit::run_coroutine(io_, net::with_deadline(ws_->read(), 20s, "web chat frame"));
        if (!text) return json();
        json f = json::parse(*text);
        if (f.value("type", "") == "message" && f.contains("seq")) ws_->send(json{{"type", "ack"}, {"seq", f["seq"]}}.dump());
        return f;
    }

    json bot_line_with(const std::string& needle) {
        for (json f = next(); !f.is_null(); f = next())
            if (f.value("type", "") == "message" && f.value("from", "") == "bot" &&
                f.value("text", "").find(needle) != std::string::npos)
                return f;
        return json();
    }

    void say(const std::string& text) {
        ws_->send(json{{"type", "message"}, {"id", "m" + std::to_string(++sent_)}, {"text", text}}.dump());
    }

    std::vector<Entry> journal(const std::string& ticket) {
        SQLite::Database db(dir_.file("frontline.db").string(), SQLite::OPEN_READONLY);
        db.setBusyTimeout(2000);
        SQLite::Statement q(db, "SELECT kind, at, details FROM journal WHERE ticket_id = ? ORDER BY seq");
        q.bind(1, ticket);
        std::vector<Entry> out;
        while (q.executeStep()) {
            out.push_back({q.getColumn(0).getString(), TimePoint{Seconds{q.getColumn(1).getInt64()}},
                           json::parse(q.getColumn(2).getString(), nullptr, false)});
        }
        return out;
    }

    std::optional<TimePoint> reported_at(const std::string& ticket) {
        SQLite::Database db(dir_.file("frontline.db").string(), SQLite::OPEN_READONLY);
        db.setBusyTimeout(2000);
        SQLite::Statement q(db, "SELECT reported_at FROM tickets WHERE id = ?");
        q.bind(1, ticket);
        if (!q.executeStep()) return std::nullopt;
        return TimePoint{Seconds{q.getColumn(0).getInt64()}};
    }

    /// GET /api/report with an Authorization header (none when empty): status and body.
    std::pair<int, std::string> api_report(const std::string& query, const std::string& authorization) {
        net::HttpClient client(io_.get_executor(), nullptr);
        net::HttpRequest r;
        r.url = "http://127.0.0.1:" + std::to_string(service_->port()) + "/api/report" + query;
        if (!authorization.empty()) r.headers.set("Authorization", authorization);
        auto response = testkit::run_coroutine(io_, client.request(r));
        if (!response) return {0, response.error().message};
        return {response->status, response->body};
    }

    static const Entry* find(const std::vector<Entry>& es, const std::string& kind, const std::string& clock = "") {
        for (const auto& e : es)
            if (e.kind == kind && (clock.empty() || (e.details.is_object() && e.details.value("clock", "") == clock))) return &e;
        return nullptr;
    }

    testkit::TempDir dir_;
    std::unique_ptr<testing::ServiceProcess> service_;
    asio::io_context io_;
    net::WebSocketPtr ws_;
    int sent_ = 0;
};

TEST_F(SlaRealRun, AnUnclaimedTicketIsWarnedThenBreachedAndClimbsATier) {
    open_page();
    say("agent");
    ASSERT_FALSE(bot_line_with("pass it straight to a person").is_null());
    say("the shared drive is read-only for everyone in accounting");
    ASSERT_FALSE(bot_line_with("INC-000001").is_null());
    // The web chat asks who is writing before the hand-off; skipping it hands the ticket over.
    ASSERT_FALSE(bot_line_with("your name").is_null());
    say("skip");
    ASSERT_FALSE(bot_line_with("passed INC-000001").is_null());

    std::vector<Entry> es;
    for (auto until = std::chrono::steady_clock::now() + 60s; std::chrono::steady_clock::now() < until;
         std::this_thread::sleep_for(100ms)) {
        es = journal("INC-000001");
        if (find(es, "sla_breach", "response") && find(es, "tier")) break;
    }
    const Entry* warning = find(es, "sla_warning", "response");
    const Entry* breach = find(es, "sla_breach", "response");
    ASSERT_TRUE(warning) << "no response warning in the journal";
    ASSERT_TRUE(breach) << "no response breach in the journal";
    const Entry* climb = nullptr;
    for (const auto& e : es)
        if (e.kind == "tier" && e.details.is_object() && e.details.value("reason", "") == "sla_breach") climb = &e;
    ASSERT_TRUE(climb) << "the breach of an unclaimed ticket takes it to L3";

    const auto reported = reported_at("INC-000001");
    ASSERT_TRUE(reported);
    EXPECT_EQ(breach->details.value("due", ""), format_iso8601(*reported + 8s)) << "due = report + target";
    EXPECT_GE(warning->at, *reported + 6s) << "the warning waits for 75% of the 8 s target";
    EXPECT_GE(breach->at, *reported + 8s) << "the breach waits for the due time";
    EXPECT_LE(warning->at, breach->at);
    EXPECT_LT(std::find_if(es.begin(), es.end(), [](const Entry& e) { return e.kind == "sla_warning"; }) - es.begin(),
              std::find_if(es.begin(), es.end(), [](const Entry& e) { return e.kind == "sla_breach"; }) - es.begin())
        << "warned before breached";
    // The report sees the ticket and its breach; without a valid token it is refused.
    const auto [status, body] = api_report("", std::string("Bearer ") + kReportToken);
    ASSERT_EQ(status, 200) << body;
    const json report = json::parse(body, nullptr, false);
    ASSERT_TRUE(report.is_object()) << body;
    EXPECT_EQ(report["tickets"].get<long long>(), 1) << body;
    EXPECT_EQ(report["by_channel"]["webchat"].get<long long>(), 1) << body;
    ASSERT_FALSE(report["breaches"].empty()) << body;
    EXPECT_EQ(report["breaches"][0]["ticket"], "INC-000001") << body;
    EXPECT_EQ(report["sla_compliance"]["overall"]["met"].get<long long>(), 0) << body;
    EXPECT_EQ(api_report("", "").first, 401);
    EXPECT_EQ(api_report("", "Bearer not-the-token").first, 401);
    EXPECT_EQ(api_report("?from=yesterday", std::string("Bearer ") + kReportToken).first, 400);
    const auto old = api_report("?from=2020-01-01&to=2020-01-31", std::string("Bearer ") + kReportToken);
    ASSERT_EQ(old.first, 200) << old.second;
    EXPECT_EQ(json::parse(old.second)["tickets"].get<long long>(), 0) << "January 2020 had no tickets";

    // The requester hears nothing of the breach itself.
    json f;
    for (int i = 0; i < 3 && !(f = next()).is_null(); ++i)
        EXPECT_EQ(f.value("text", "").find("breach"), std::string::npos) << f.dump();
}

}  // namespace
}  // namespace frontline
