#pragma once
// The real Slack connector, engine loop, outbox dispatcher and the service's handler (the Desk around
// the conversation engine, with config/ as shipped) on one io_context thread, against the fake Slack
// over loopback, on a real SQLite file in a temp dir.
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/slack/slack_adapter.hpp"
#include "bot/config/config.hpp"
#include "bot/runtime/engine_loop.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/outbox_dispatcher.hpp"
#include "bot/runtime/store_worker.hpp"
#include "tests/fakes/slack/fake_slack.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline::testing_slack {

inline constexpr const char* kAgentsChannel = "C0SERVICEDESK";

struct HarnessOptions {
    fakes::FakeSlackOptions fake;
    std::optional<std::string> bot_token;  ///< what the bot is configured with; default: the fake's
    std::optional<std::string> app_token;
    int connections = 1;
    /// Pace deliveries as shipped for Slack (about 1 post per second per channel, bursts of 3)
    /// instead of the fast pace protocol tests use.
    bool shipped_pace = false;
    /// The pacer's clock stands still: a delivery that has to wait for a token never happens, so
    /// a test proves without timing that its messages never waited.
    bool frozen_pace_clock = false;
};

class SlackHarness {
public:
    explicit SlackHarness(HarnessOptions options = {});
    ~SlackHarness();

    fakes::FakeSlack& fake() { return *fake_; }
    slack::SlackAdapter& adapter() { return *adapter_; }
    Metrics& metrics() { return metrics_; }

    /// Spawns adapter.run(engine loop) and the dispatcher.
    void start();
    /// The error run() ended with, once it ended (waits up to `limit`).
    std::optional<std::string> run_error(std::chrono::milliseconds limit);

    /// Polls `pred` (every few milliseconds, never sleeping on a guess) until it holds or `limit` passes.
    bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit = std::chrono::seconds(20));
    /// No envelope unacked and no outbox row pending: the bot has said all it will say for now.
    bool settled();
    /// The store file, for tests that read more than one number.
    std::string db_path() const { return dir_.file("frontline.db").string(); }
    /// One number from the store file, e.g. "SELECT count(*) FROM tickets".
    long long scalar(const std::string& sql);

private:
    testkit::TempDir dir_;
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::unique_ptr<fakes::FakeSlack> fake_;
    std::optional<Config> config_;
    SystemClock clock_;
    Metrics metrics_;
    std::unique_ptr<StoreWorker> worker_;
    std::unique_ptr<EventHandler> handler_;
    std::unique_ptr<EngineLoop> loop_;
    std::unique_ptr<slack::SlackAdapter> adapter_;
    std::unique_ptr<OutboxDispatcher> dispatcher_;
    std::promise<std::string> run_ended_;
    std::future<std::string> run_result_ = run_ended_.get_future();
    std::promise<void> dispatcher_ended_;
    bool started_ = false;
    std::thread thread_;
};

/// Drives a DM the way a user would: answers buttons (preferring the ones that keep the diagnosis
/// going to a hand-off) and free-text questions, until the bot stops asking. Returns the steps taken.
int drive_dm_conversation(SlackHarness& h, const std::string& user, const std::string& first_message, int max_steps = 30);

}  // namespace frontline::testing_slack
