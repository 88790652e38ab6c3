// Issue 21: several frontline processes on one store under a web-chat and Slack storm, one of them
// SIGKILLed every few seconds and started again. Afterwards, and after a quiet period longer than
// the outbox claim lease: every user line was answered exactly once (the bot's posts at the fake
// Slack counted per outbox key, the web chat's stored conversation read back from scratch), every
// ticket exists once with a complete journal, no outbox row is left pending or claimed, and every
// SLA timer that fell due fired once. Run with 1 process on SQLite (a restart instead of a
// survivor) and with 3 on PostgreSQL.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "tests/integration/scaleout/scaleout_world.hpp"
#include "tests/integration/scaleout/slack_requesters.hpp"
#include "tests/integration/scaleout/webchat_requester.hpp"

namespace frontline::scaleout {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr int kWebchatUsers = 20;
constexpr int kSlackUsers = 20;

class Storm : public ::testing::TestWithParam<Shape> {
protected:
    void TearDown() override {
        if (HasFailure() && world_) std::cerr << world_->logs();
    }

    std::unique_ptr<World> world_;
};

/// Unix seconds now, as the store keeps due times.
long long unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

TEST_P(Storm, EveryLineIsAnsweredOnceEveryTicketAndTimerOnceWhileProcessesAreKilled) {
    WorldOptions options;
    options.shape = GetParam();
    options.slack = true;
    // Long enough that every ticket is escalated before its response warning (75%) is due, short
    // enough that the warnings and breaches fire while processes are still being killed.
    options.sla_response_seconds = 24;
    world_ = std::make_unique<World>(options);
    World& w = *world_;
    const int n = w.size();
    for (int i = 0; i < n; ++i) ASSERT_TRUE(w.start(i)) << "process " << i << " did not start\n" << w.logs();
    ASSERT_TRUE(eventually([&] { return w.slack().open_connections() == n; }, 30s)) << "each process holds its own Slack socket";

    // The web chat users run on their own thread, spread over the processes.
    asio::io_context io;
    std::vector<std::unique_ptr<WebchatRequester>> webchat;
    for (int i = 0; i < kWebchatUsers; ++i) {
        webchat.push_back(std::make_unique<WebchatRequester>(i, [&w](int from) { return w.live_port(from); },
                                                             std::chrono::milliseconds(700 + 97 * (i % 7))));
        asio::co_spawn(io, webchat.back()->run(), asio::detached);
    }
    std::thread users([&io] { io.run(); });
    SlackRequesters slack(w.slack(), kSlackUsers);
    slack.report_all();

    // The storm: a kill every 2.5 s (round robin over the processes), each process started again
    // at once, until every requester reached the hand-off and the tickets' response warnings and
    // breaches have fallen due (so timers fire under the kills too).
    const auto storm_at_least = std::chrono::steady_clock::now() + std::chrono::seconds(options.sla_response_seconds + 3);
    int kills = 0, webchat_done = 0, slack_left = kSlackUsers;
    auto next_kill = std::chrono::steady_clock::now() + 1500ms;
    const auto limit = std::chrono::steady_clock::now() + 100s;
    auto last_kill = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() < limit) {
        slack_left = slack.step();
        webchat_done = 0;
        for (const auto& u : webchat) webchat_done += u->done() || !u->failure().empty() ? 1 : 0;
        if (slack_left == 0 && webchat_done == kWebchatUsers && std::chrono::steady_clock::now() >= storm_at_least) break;
        if (std::chrono::steady_clock::now() >= next_kill) {
            const int victim = kills % n;
            EXPECT_EQ(w.stop(victim, SIGKILL), 128 + SIGKILL) << "process " << victim << " was killed, not ended";
            ++kills;
            last_kill = std::chrono::steady_clock::now();
            ASSERT_TRUE(w.start(victim)) << "process " << victim << " did not start again\n" << w.logs();
            next_kill = std::chrono::steady_clock::now() + 2500ms;
        }
        std::this_thread::sleep_for(20ms);
    }
    users.join();
    for (const auto& u : webchat) EXPECT_TRUE(u->done()) << u->failure();
    for (const auto& r : slack.requesters()) EXPECT_TRUE(r.done) << r.user << " did not reach the hand-off";
    ASSERT_FALSE(HasFailure());

    // The storm was one: processes died under live conversations, lines went through each process.
    EXPECT_GE(kills, 2);
    int reconnects = 0;
    std::map<std::uint16_t, int> by_port;
    for (const auto& u : webchat) {
        reconnects += u->reconnects();
        for (const auto& [port, count] : u->lines_by_port()) by_port[port] += count;
    }
    EXPECT_GE(reconnects, 1) << "no web chat conversation was cut by a kill";
    EXPECT_GE(static_cast<int>(by_port.size()), n) << "web chat lines went through each process (ports change on restart)";
    EXPECT_GE(w.slack().connections_delivered_to(), n + 1) << "Slack envelopes went to every process's socket, restarted ones too";

    // The quiet period: longer than the claim lease, then until nothing is left to do.
    std::this_thread::sleep_until(last_kill + std::chrono::seconds(options.claim_seconds + 1));
    const auto& store = w.store();
    EXPECT_TRUE(eventually([&] { return store.scalar("SELECT count(*) FROM outbox WHERE status <> 'delivered'") == 0; }, 60s))
        << store.scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") << " pending, "
        << store.scalar("SELECT count(*) FROM outbox WHERE status = 'failed'") << " failed";
    const auto due_now = std::to_string(unix_now());
    EXPECT_TRUE(eventually([&] { return store.scalar("SELECT count(*) FROM timers WHERE due_at <= " + due_now) == 0; }, 60s))
        << "timers that fell due did not fire";

    // Slack: every post's keys once; every input (DM or click) answered by at least one of them.
    std::map<std::string, int> posts_per_key;
    for (const auto& p : w.slack().posts())
        for (const auto& key : outbox_keys_of(p)) ++posts_per_key[key];
    std::set<std::string> answered_causes;
    for (const auto& [key, count] : posts_per_key) {
        EXPECT_EQ(count, 1) << "posted " << count << " times: " << key;
        answered_causes.insert(input_answered_by(key));
    }
    int slack_inputs = 0;
    for (const auto& r : slack.requesters())
        for (const auto& id : r.event_ids) {
            ++slack_inputs;
            EXPECT_TRUE(answered_causes.count("slack:" + id)) << r.user << "'s input " << id << " was not answered";
        }
    EXPECT_GE(slack_inputs, 3 * kSlackUsers) << "every Slack user ran the flow";

    // Web chat: what each user saw live held every line once, and the conversation read back
    // from the store (a new page of the same session) has each of their lines once, each answered.
    for (const auto& u : webchat) {
        for (const auto& [id, count] : u->seen()) EXPECT_EQ(count, 1) << "user " << u->user_id() << " saw " << id << " " << count << " times";
    }
    int webchat_lines = 0;
    for (const auto& u : webchat) {
        std::map<std::string, int> ids;
        for (const auto& row : store.rows("SELECT line_id FROM conversation_lines WHERE conversation LIKE '%" + u->user_id() + "%'"))
            ++ids[row.at(0)];
        std::set<std::string> causes;
        for (const auto& [id, count] : ids) {
            EXPECT_EQ(count, 1) << id;
            causes.insert(input_answered_by(id));
        }
        for (const auto& line : u->lines()) {
            ++webchat_lines;
            EXPECT_EQ(ids.count(line), 1u) << "user " << u->user_id() << "'s line " << line << " is not in the store";
            EXPECT_TRUE(causes.count("webchat:" + u->user_id() + ":" + line))
                << "user " << u->user_id() << "'s line " << line << " has no answer in the store";
        }
    }
    EXPECT_GE(webchat_lines, 3 * kWebchatUsers) << "every web chat user ran the flow";

    // Tickets: one per requester, each journal complete; the SLA response timers fired once each.
    EXPECT_EQ(store.scalar("SELECT count(*) FROM tickets"), kWebchatUsers + kSlackUsers);
    EXPECT_EQ(store.scalar("SELECT count(*) FROM (SELECT requester_platform, requester_user FROM tickets "
                           "GROUP BY requester_platform, requester_user HAVING count(*) > 1) AS doubles"),
              0)
        << "a requester has two tickets";
    std::map<std::string, std::map<std::string, int>> kinds;  // ticket -> kind (sla ones with their clock) -> count
    for (const auto& row : store.rows("SELECT ticket_id, kind, details FROM journal")) {
        std::string kind = row.at(1);
        if (kind == "sla_warning" || kind == "sla_breach") kind += ":" + json::parse(row.at(2), nullptr, false).value("clock", "");
        ++kinds[row.at(0)][kind];
    }
    EXPECT_EQ(static_cast<int>(kinds.size()), kWebchatUsers + kSlackUsers);
    // A ticket folded into an ongoing incident (the same Wi-Fi trouble) waits on its parent: it
    // pings nobody and runs no response clock of its own.
    for (const auto& [ticket, k] : kinds) {
        const bool folded = k.count("folded") != 0;
        EXPECT_EQ(k.count("created") ? k.at("created") : 0, 1) << ticket << ": created";
        EXPECT_EQ(folded ? k.at("folded") : 1, 1) << ticket << ": folded";
        for (const char* once : {"escalation_ping", "sla_warning:response", "sla_breach:response"})
            EXPECT_EQ(k.count(once) ? k.at(once) : 0, folded ? 0 : 1) << ticket << ": " << once;
    }
    EXPECT_EQ(store.scalar("SELECT count(*) FROM outbox WHERE status = 'failed'"), 0);
    for (int i = 0; i < n; ++i) EXPECT_EQ(w.stop(i, SIGTERM), 0) << "process " << i << " ends cleanly";
}

INSTANTIATE_TEST_SUITE_P(Shapes, Storm,
                         ::testing::Values(Shape{Backend::sqlite, 1}, Shape{Backend::postgresql, 3}),
                         [](const ::testing::TestParamInfo<Shape>& shape) { return shape_name(shape.param); });

}  // namespace
}  // namespace frontline::scaleout
