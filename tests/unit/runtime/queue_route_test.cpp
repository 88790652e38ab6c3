// GET /api/queue on a real loopback server over a real SQLite file: who may read it (an agent's own
// web chat token only), which tickets it lists and in what order, the running clock of each with its
// amber (warning) and red (breached) state at a manual clock's time, and a data breach shown only as
// its id, priority and status to anyone but its assignee and the security officer.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/net/http_client.hpp"
#include "adapters/net/http_server.hpp"
#include "adapters/webchat/session_token.hpp"
#include "bot/runtime/queue_route.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

const std::string kSecret = "queue-test-agent-secret";
const TimePoint kNow{Seconds{1'800'000'000}};

class QueueRouteTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto s = SqliteStore::open(dir_.file("frontline.db"));
        ASSERT_TRUE(s) << s.error().message;
        seed(**s);
        worker_ = std::make_unique<StoreWorker>(std::move(*s));
        // Every agent of the shipped example with a web chat identity may log in, at generation 0.
        ReportAccess access{"the-report-token", kSecret, {}};
        for (const auto& a : desk_.directory.agents())
            if (auto id = a.identity_on("webchat")) access.agents[id->user_id] = 0;
        handler_ = queue_route(*worker_, desk_, access, clock_);
        server_.on_request([this](net::IncomingRequest r) { return handler_(std::move(r)); });
        ASSERT_TRUE(server_.listen("127.0.0.1:0"));
    }
    void TearDown() override {
        server_.stop();
        io_.restart();
        io_.run_for(std::chrono::milliseconds(50));
        worker_->stop();
    }

    /// A ticket with the people: reported `ago` before now, its due times set by the desk's policy.
    Ticket ticket(Store& s, Priority p, TicketStatus status, Seconds ago, std::string title) {
        auto id = s.allocate_id(TicketType::incident);
        EXPECT_TRUE(id);
        Ticket t;
        t.id = *id;
        t.priority = p;
        t.tier = p == Priority::p1 ? Tier::l3 : Tier::l2;
        t.status = status;
        t.title = std::move(title);
        t.category = "network";
        t.requester = {"Rita Requester", {"webchat", "rita"}, "", ""};
        t.address = {"webchat", "rita", ""};
        t.reported_at = kNow - ago;
        t.logged_at = t.reported_at;
        t.escalated_at = t.reported_at + 1min;
        desk_.settings.sla.apply(t);
        return t;
    }

    void seed(Store& s) {
        ASSERT_TRUE(s.in_transaction([&]() -> Status {
            std::vector<Ticket> all;
            // 1: P2, 30 minutes of a 2-hour response target used: on time, 90 minutes left.
            all.push_back(ticket(s, Priority::p2, TicketStatus::escalated, 30min, "printer jams on floor 2"));
            // 2: P1, 50 of 60 minutes used: past the 75% warning (45 min), 10 minutes left.
            all.push_back(ticket(s, Priority::p1, TicketStatus::escalated, 50min, "core switch down"));
            // 3: P3 claimed and answered by alice 25 hours ago: its 24-hour resolution is an hour overdue.
            Ticket late = ticket(s, Priority::p3, TicketStatus::in_progress, 25h, "laptop will not boot");
            late.assignee = "alice";
            late.claimed_at = late.first_response_at = late.reported_at + 10min;
            all.push_back(late);
            // 4: a data breach that chiara works on: restricted.
            Ticket breach = ticket(s, Priority::p1, TicketStatus::in_progress, 20min, "customer list mailed outside");
            breach.category = "data_breach";
            breach.restricted = true;
            breach.assignee = "chiara";
            breach.claimed_at = breach.first_response_at = breach.reported_at + 5min;
            all.push_back(breach);
            // 5: P4 waiting for the requester for half an hour: its clock stands.
            Ticket waiting = ticket(s, Priority::p4, TicketStatus::pending_user, 1h, "which monitor model?");
            waiting.assignee = "bruno";
            waiting.claimed_at = waiting.first_response_at = waiting.reported_at + 5min;
            sla_pause(waiting, kNow - 30min);
            all.push_back(waiting);
            // 6 and 7: resolved, and still with the bot: not the agents' queue.
            all.push_back(ticket(s, Priority::p1, TicketStatus::resolved, 2h, "solved already"));
            all.push_back(ticket(s, Priority::p1, TicketStatus::in_diagnosis, 2min, "bot still asking"));
            for (const auto& t : all)
                if (auto ok = s.save_ticket(t); !ok) return ok;
            return {};
        })) << "seeding";
    }

    net::HttpResponse get(const std::string& path, const std::string& authorization, const std::string& method = "GET") {
        net::HttpRequest r;
        r.method = method;
        r.url = "http://127.0.0.1:" + std::to_string(server_.port()) + path;
        if (!authorization.empty()) r.headers.set("Authorization", authorization);
        auto response = testkit::run_coroutine(io_, client_.request(std::move(r)));
        EXPECT_TRUE(response) << response.error().message;
        return response ? *response : net::HttpResponse{0, {}, {}};
    }
    static std::string bearer(const std::string& agent) { return "Bearer " + webchat::agent_token_for(kSecret, agent, 0); }
    json queue_of(const std::string& agent) {
        auto r = get("/api/queue", bearer(agent));
        EXPECT_EQ(r.status, 200) << r.body;
        return json::parse(r.body, nullptr, false);
    }
    static const json* row(const json& q, const std::string& id) {
        for (const auto& t : q["tickets"])
            if (t["id"] == id) return &t;
        return nullptr;
    }

    testkit::TempDir dir_;
    asio::io_context io_;
    ManualClock clock_{kNow};
    handoff::DeskConfig desk_ = handoff::testing_support::shipped_desk_config(handoff::testing_support::default_settings());
    std::unique_ptr<StoreWorker> worker_;
    net::HttpServer::Handler handler_;
    net::HttpServer server_{io_.get_executor()};
    net::HttpClient client_{io_.get_executor(), nullptr};
};

TEST_F(QueueRouteTest, OnlyAnAgentsOwnTokenOpensTheQueue) {
    for (const std::string& bad : {std::string(), std::string("Bearer "), std::string("Bearer not-a-token"),
                                   "Bearer " + webchat::agent_token_for(kSecret, "alice", 1),   // a revoked generation
                                   "Bearer " + webchat::agent_token_for(kSecret, "mallory", 0),  // nobody in the agents file
                                   "Bearer " + webchat::agent_token_for("another-secret", "alice", 0),
                                   std::string("Bearer the-report-token"),  // names nobody: no "mine", no restricted view
                                   webchat::agent_token_for(kSecret, "alice", 0)}) {  // no "Bearer"
        auto r = get("/api/queue", bad);
        EXPECT_EQ(r.status, 401) << bad;
        EXPECT_EQ(r.headers.get("WWW-Authenticate").value_or(""), "Bearer") << bad;
        EXPECT_EQ(r.body.find("INC-"), std::string::npos) << "nothing of the queue leaks: " << r.body;
    }
    EXPECT_EQ(get("/api/queue", bearer("alice")).status, 200);
    EXPECT_EQ(get("/api/queue", bearer("alice"), "POST").status, 405);
    EXPECT_EQ(get("/api/queue?team=security", bearer("alice")).status, 400);
}

TEST_F(QueueRouteTest, ListsTheTicketsWithThePeopleMostUrgentFirstWithTheirRunningClock) {
    const json q = queue_of("alice");
    ASSERT_TRUE(q.is_object());
    EXPECT_EQ(q["agent"], "alice");
    EXPECT_EQ(q["generated_at"], format_iso8601(kNow));
    EXPECT_DOUBLE_EQ(q["warning_share"].get<double>(), 0.75);
    ASSERT_EQ(q["teams"].size(), desk_.directory.teams().size());

    std::vector<std::string> ids;
    for (const auto& t : q["tickets"]) ids.push_back(t["id"].get<std::string>());
    // P1s first (the longest waiting first), then P2, then P3; resolved and in-diagnosis are not there.
    EXPECT_EQ(ids, (std::vector<std::string>{"INC-000002", "INC-000004", "INC-000001", "INC-000003", "INC-000005"}));

    const json& on_time = *row(q, "INC-000001");
    EXPECT_EQ(on_time["priority"], "P2");
    EXPECT_EQ(on_time["status"], "escalated");
    EXPECT_EQ(on_time["assignee"], "");
    EXPECT_EQ(on_time["clock"], "response");
    EXPECT_EQ(on_time["state"], "ok");
    EXPECT_EQ(on_time["seconds_left"], 90 * 60);
    EXPECT_EQ(on_time["team"], "service-desk");
    EXPECT_EQ(on_time["title"], "printer jams on floor 2");

    const json& amber = *row(q, "INC-000002");
    EXPECT_EQ(amber["state"], "warning");
    EXPECT_EQ(amber["seconds_left"], 10 * 60);
    EXPECT_EQ(amber["warning_at"], format_iso8601(kNow - 50min + 45min));
    EXPECT_EQ(amber["team"], "infrastructure") << "a P1 is carried at L3";

    const json& red = *row(q, "INC-000003");
    EXPECT_EQ(red["assignee"], "alice");
    EXPECT_EQ(red["clock"], "resolution") << "answered: the resolution clock runs";
    EXPECT_EQ(red["state"], "breached");
    EXPECT_EQ(red["seconds_left"], -3600);

    const json& paused = *row(q, "INC-000005");
    EXPECT_EQ(paused["state"], "paused");
    EXPECT_EQ(paused["clock"], "resolution");
    const auto due = parse_iso8601(paused["due"].get<std::string>());
    ASSERT_TRUE(due);
    EXPECT_EQ(paused["seconds_left"], (*due - (kNow - 30min)).count()) << "what was left when the clock stopped";

    // Ten minutes later the P2 is still on time and the P1 is overdue.
    clock_.advance(Seconds{600});
    const json later = queue_of("alice");
    EXPECT_EQ((*row(later, "INC-000002"))["state"], "breached");
    EXPECT_EQ((*row(later, "INC-000001"))["seconds_left"], 80 * 60);
    EXPECT_EQ((*row(later, "INC-000005"))["seconds_left"], paused["seconds_left"]) << "a paused clock stands";
}

TEST_F(QueueRouteTest, ADataBreachShowsOnlyItsIdPriorityAndStatusToOtherAgents) {
    const json alice = queue_of("alice");
    const json* hidden = row(alice, "INC-000004");
    ASSERT_NE(hidden, nullptr);
    EXPECT_EQ(*hidden, (json{{"id", "INC-000004"}, {"priority", "P1"}, {"status", "in_progress"}, {"restricted", true}}));
    const std::string body = get("/api/queue", bearer("alice")).body;
    EXPECT_EQ(body.find("customer list"), std::string::npos) << body;
    EXPECT_EQ(body.find("data_breach"), std::string::npos) << body;

    // Its assignee and the security officer see it whole.
    for (const std::string who : {"chiara", "dana"}) {
        const json q = queue_of(who);
        const json* full = row(q, "INC-000004");
        ASSERT_NE(full, nullptr) << who;
        EXPECT_EQ((*full)["title"], "customer list mailed outside") << who;
        EXPECT_EQ((*full)["assignee"], "chiara") << who;
        EXPECT_EQ((*full)["category"], "data_breach") << who;
    }
}

}  // namespace
}  // namespace frontline
