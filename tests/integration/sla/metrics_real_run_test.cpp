// /metrics of a real run: the `frontline` binary with targets of seconds, requesters on the web chat
// and Alice in the web chat's agents' view. One ticket is claimed and resolved by Alice, one is
// closed by the bot with a known fix, one waits unclaimed until its response clock breaches. The
// counters and histograms read over HTTP must equal what the test computes from the SQLite file's
// records and journal, and must be the same after a restart. Polls, never asserts a duration.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <regex>
#include <sstream>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <boost/asio/io_context.hpp>

#include "adapters/net/http_client.hpp"
#include "adapters/webchat/session_token.hpp"
#include "core/clock.hpp"
#include "tests/support/agents_file.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/store_peek.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/webchat_page.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kSecret = "agents-view-secret-for-the-metrics-test";
constexpr const char* kMetricsToken = "metrics-token-for-the-test";

/// What the records of the SQLite file say, read without the metric columns.
struct Truth {
    std::map<std::string, long long> opened;  // "type,category,priority" -> tickets
    std::map<std::string, std::vector<long long>> claim, resolve;  // priority -> seconds from the report
    std::map<std::string, long long> breaches;  // "clock,priority" -> journalled breaches
    long long bot_closed = 0;
};

/// The ticket id a "logged" line names ("I've logged this as *INC-000002*"), or empty.
std::string logged_id(const json& line) {
    static const std::regex id(R"((INC|REQ)-\d{6})");
    std::smatch m;
    const std::string text = line.value("text", "");
    return std::regex_search(text, m, id) ? m.str() : std::string();
}

class MetricsRealRun : public ::testing::Test {
protected:
    void SetUp() override { start(); }

    void TearDown() override {
        if (service_) {
            EXPECT_EQ(service_->stop(SIGTERM), 0) << "a clean shutdown";
        }
        if (HasFailure()) {
            std::ifstream log(dir_.file("service.log"));
            std::cerr << "---- service.log\n" << log.rdbuf() << "----\n";
        }
    }

    void start() {
        // A reply within 3 s and a resolution within 600 s, in wall time, so the run does not
        // depend on the hour; only the ticket nobody claims is meant to breach.
        json sla = json::object();
        for (const char* p : {"P1", "P2", "P3", "P4"}) sla[p] = {{"response_seconds", 3}, {"resolution_seconds", 600}, {"counts", "wall"}};
        const std::vector<std::string> args = {
            "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
            "--db", db().string(),
            "--set", "http.listen=\"127.0.0.1:0\"",
            "--set", "sla=" + sla.dump(),
            "--set", "agents.file=" + json(testkit::write_agents_file(dir_.file("agents.json"), {"webchat"}).string()).dump(),
            "--set", "http.metrics_token_env=\"FRONTLINE_TEST_METRICS_TOKEN\"",
        };
        service_ = std::make_unique<testing::ServiceProcess>(
            FRONTLINE_BINARY, args,
            std::map<std::string, std::string>{{"FRONTLINE_WEBCHAT_AGENT_SECRET", kSecret}, {"FRONTLINE_TEST_METRICS_TOKEN", kMetricsToken}},
            dir_.file("service.log"));
        ASSERT_NE(service_->port(), 0) << "the service did not start; see " << dir_.file("service.log");
    }

    std::filesystem::path db() { return dir_.file("frontline.db"); }

    /// GET /metrics with the bearer token: status and body.
    std::pair<int, std::string> scrape(const std::string& token = kMetricsToken) {
        net::HttpClient client(io_.get_executor(), nullptr);
        net::HttpRequest r;
        r.url = "http://127.0.0.1:" + std::to_string(service_->port()) + "/metrics";
        if (!token.empty()) r.headers.set("Authorization", "Bearer " + token);
        auto response = testkit::run_coroutine(io_, client.request(r));
        if (!response) return {0, response.error().message};
        return {response->status, response->body};
    }

    /// The value of the sample line that starts with `series` (name and labels as printed); -1 when absent.
    static double value(const std::string& text, const std::string& series) {
        const auto at = text.find("\n" + series + " ");
        if (at == std::string::npos) return -1;
        return std::strtod(text.c_str() + at + 1 + series.size() + 1, nullptr);
    }

    /// The lines of the ticket metrics, for comparing two scrapes.
    static std::string ticket_lines(const std::string& text) {
        std::string out;
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);)
            for (const char* prefix : {"frontline_tickets_opened_total", "frontline_time_to_", "frontline_sla_breaches_total",
                                       "frontline_bot_resolutions_total"})
                if (line.rfind(prefix, 0) == 0) out += line + "\n";
        return out;
    }

    Truth truth() {
        Truth t;
        SQLite::Database sql(db().string(), SQLite::OPEN_READONLY);
        sql.setBusyTimeout(2000);
        SQLite::Statement q(sql, "SELECT type, category, priority, status, record FROM tickets");
        while (q.executeStep()) {
            const std::string priority = q.getColumn(2).getString();
            std::string category = q.getColumn(1).getString();
            const std::string status = q.getColumn(3).getString();
            if (status != "new" && status != "in_diagnosis")  // counted once the bot's diagnosis is over
                ++t.opened[q.getColumn(0).getString() + "," + (category.empty() ? "uncategorised" : category) + "," + priority];
            const json record = json::parse(q.getColumn(4).getString());
            const auto reported = parse_iso8601(record["reported_at"].get<std::string>());
            for (const auto& [field, into] : {std::pair{"claimed_at", &t.claim}, std::pair{"resolved_at", &t.resolve}})
                if (record.contains(field) && record[field].is_string())
                    (*into)[priority].push_back((*parse_iso8601(record[field].get<std::string>()) - *reported).count());
            if (q.getColumn(3).getString() == "closed" && record.value("first_contact_resolution", false)) ++t.bot_closed;
        }
        SQLite::Statement b(sql, "SELECT details, ticket_id FROM journal WHERE kind = 'sla_breach'");
        while (b.executeStep()) {
            const json d = json::parse(b.getColumn(0).getString());
            SQLite::Statement p(sql, "SELECT priority FROM tickets WHERE id = ?");
            p.bind(1, b.getColumn(1).getString());
            p.executeStep();
            ++t.breaches[d.value("clock", "") + "," + p.getColumn(0).getString()];
        }
        return t;
    }

    void expect_metrics_match(const std::string& text, const Truth& t) {
        long long opened = 0;
        for (const auto& [key, n] : t.opened) {
            const auto c1 = key.find(','), c2 = key.rfind(',');
            EXPECT_EQ(value(text, "frontline_tickets_opened_total{type=\"" + key.substr(0, c1) + "\",category=\"" +
                                      key.substr(c1 + 1, c2 - c1 - 1) + "\",priority=\"" + key.substr(c2 + 1) + "\"}"),
                      n) << key;
            opened += n;
        }
        EXPECT_EQ(opened, 3);
        const auto histogram = [&](const std::string& name, const std::map<std::string, std::vector<long long>>& seen,
                                   const std::vector<long long>& bounds) {
            for (const auto& [priority, secs] : seen) {
                const std::string p = "priority=\"" + priority + "\"";
                for (long long bound : bounds) {
                    const auto below = std::count_if(secs.begin(), secs.end(), [&](long long s) { return s <= bound; });
                    EXPECT_EQ(value(text, name + "_bucket{" + p + ",le=\"" + std::to_string(bound) + "\"}"), below) << name << " " << bound;
                }
                EXPECT_EQ(value(text, name + "_bucket{" + p + ",le=\"+Inf\"}"), secs.size()) << name;
                EXPECT_EQ(value(text, name + "_count{" + p + "}"), secs.size()) << name;
                EXPECT_EQ(value(text, name + "_sum{" + p + "}"), std::accumulate(secs.begin(), secs.end(), 0LL)) << name;
            }
        };
        histogram("frontline_time_to_claim_seconds", t.claim, {60, 300, 900, 1800, 3600});
        histogram("frontline_time_to_resolve_seconds", t.resolve, {300, 900, 1800, 3600});
        for (const auto& [key, n] : t.breaches) {
            const auto comma = key.find(',');
            EXPECT_EQ(value(text, "frontline_sla_breaches_total{clock=\"" + key.substr(0, comma) + "\",priority=\"" + key.substr(comma + 1) + "\"}"),
                      n) << key;
        }
        EXPECT_EQ(value(text, "frontline_bot_resolutions_total"), t.bot_closed);
    }

    testkit::TempDir dir_;
    std::unique_ptr<testing::ServiceProcess> service_;
    asio::io_context io_;
};

TEST_F(MetricsRealRun, TicketCountersAndHistogramsEqualTheStoreAndSurviveARestart) {
    const auto [refused, why] = scrape("");
    EXPECT_EQ(refused, 401) << why;

    // 1. The bot closes a printer problem with a known fix: every question answered with its first choice.
    {
        testkit::WebchatPage john(io_, service_->port());
        ASSERT_TRUE(john.ok());
        john.say("The printer on the second floor is not printing, my documents stay in the queue");
        bool closed = false;
        for (int step = 0; step < 12 && !closed; ++step) {
            for (json f = john.next(); !f.is_null(); f = john.next()) {
                if (f.value("type", "") != "message" || f.value("from", "") != "bot") continue;
                if (f.value("text", "").find("is closed") != std::string::npos) {
                    closed = true;
                    break;
                }
                if (!f.value("choices", json::array()).empty()) {
                    john.choose(f["choices"][0]);
                    break;
                }
            }
        }
        ASSERT_TRUE(closed) << "the printer ticket was not closed by the bot";
    }
    // 2. Alice claims and resolves a ticket the requester passed to a person.
    std::string claimed, waiting;
    testkit::WebchatPage alice(io_, service_->port(), testkit::AgentLogin{"alice", webchat::agent_token_for(kSecret, "alice"), "Alice Romano"});
    ASSERT_TRUE(alice.ok());
    {
        testkit::WebchatPage mario(io_, service_->port());
        ASSERT_TRUE(mario.ok());
        mario.say("agent");
        ASSERT_FALSE(mario.bot_line_with("pass it straight to a person").is_null());
        mario.say("the shared drive is read-only for everyone in accounting");
        claimed = logged_id(mario.bot_line_with("I've logged this as"));
        ASSERT_FALSE(claimed.empty());
        ASSERT_FALSE(mario.bot_line_with("your name").is_null());
        mario.say("skip");  // the contact question before the hand-off
        ASSERT_FALSE(alice.bot_line_with(claimed).is_null()) << "the card reaches the agents' room";
        alice.say("claim " + claimed);
        ASSERT_FALSE(mario.bot_line_with("has picked up " + claimed).is_null());
        alice.say("resolve " + claimed + " fixed Remounted the share read-write");
        ASSERT_FALSE(mario.bot_line_with("Remounted the share").is_null());
    }
    // 3. A third ticket that nobody claims, until its response clock breached.
    {
        testkit::WebchatPage lucia(io_, service_->port());
        ASSERT_TRUE(lucia.ok());
        lucia.say("agent");
        ASSERT_FALSE(lucia.bot_line_with("pass it straight to a person").is_null());
        lucia.say("the VPN drops every five minutes since this morning");
        waiting = logged_id(lucia.bot_line_with("I've logged this as"));
        ASSERT_FALSE(waiting.empty());
        ASSERT_FALSE(lucia.bot_line_with("your name").is_null());
        lucia.say("skip");
    }
    ASSERT_TRUE(alice.eventually([&] {
        return testkit::store_scalar(db(), "SELECT COUNT(*) FROM journal WHERE ticket_id = '" + waiting + "' AND kind = 'sla_breach'") > 0 &&
               testkit::store_scalar(db(), "SELECT COUNT(*) FROM tickets WHERE id = '" + claimed + "' AND status = 'resolved'") == 1;
    })) << waiting << " breached and " << claimed << " resolved";

    const Truth t = truth();
    ASSERT_EQ(t.bot_closed, 1);
    ASSERT_EQ(t.claim.size(), 1u) << "one ticket claimed";
    long long resolved = 0;
    for (const auto& [p, secs] : t.resolve) resolved += static_cast<long long>(secs.size());
    ASSERT_EQ(resolved, 2) << "the bot's and Alice's";
    ASSERT_FALSE(t.breaches.empty());

    const auto [status, before] = scrape();
    ASSERT_EQ(status, 200) << before;
    expect_metrics_match(before, t);
    EXPECT_EQ(value(before, "frontline_adapter_connected{platform=\"webchat\"}"), 1);
    EXPECT_GE(value(before, "frontline_outbox_depth{priority=\"direct\"}"), 0);

    // A restart reads the same counters from the store: nothing reset to zero, nothing doubled.
    // (A breach of the waiting ticket's resolution clock could still come later: its target is 10 minutes.)
    EXPECT_EQ(service_->stop(SIGTERM), 0);
    service_.reset();
    start();
    const auto [again, after] = scrape();
    ASSERT_EQ(again, 200) << after;
    EXPECT_EQ(ticket_lines(after), ticket_lines(before));
    expect_metrics_match(after, truth());
}

}  // namespace
}  // namespace frontline
