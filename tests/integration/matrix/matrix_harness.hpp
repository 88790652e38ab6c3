#pragma once
// The real Matrix connector, engine loop, outbox dispatcher and the service's Desk (config/ as
// shipped) on one io_context thread, against the fake homeserver over loopback, on a real SQLite file.
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/matrix/matrix_adapter.hpp"
#include "bot/config/config.hpp"
#include "bot/runtime/engine_loop.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/outbox_dispatcher.hpp"
#include "bot/runtime/store_worker.hpp"
#include "tests/fakes/matrix/fake_homeserver.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline::testing_matrix {

/// The service desk team's Matrix room in config/agents.example.json, and its L2 agent there.
inline constexpr const char* kAgentsRoom = "!servicedesk:example.org";
inline constexpr const char* kEnzo = "@enzo:example.org";

struct HarnessOptions {
    fakes::FakeHomeserverOptions fake;
    std::optional<std::string> token;           ///< what the bot is configured with; default: the fake's
    /// Set: the bot has no token but this password (matrix.password_env) and logs in.
    std::optional<std::string> password;
    std::vector<std::string> allowed_homeservers;
    /// Reuse this store file (a restart); default: a fresh one in the harness's temp dir.
    std::string db_path;
};

class MatrixHarness {
public:
    explicit MatrixHarness(HarnessOptions options = {});
    ~MatrixHarness();

    fakes::FakeHomeserver& fake() { return *fake_; }
    matrix::MatrixAdapter& adapter() { return *adapter_; }
    Metrics& metrics() { return metrics_; }

    /// Spawns adapter.run(engine loop) and the dispatcher; waits for the first sync.
    void start();
    /// The error run() ended with, once it ended (waits up to `limit`).
    std::optional<std::string> run_error(std::chrono::milliseconds limit);

    /// Polls `pred` until it holds or `limit` passes.
    bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit = std::chrono::seconds(20));
    /// No Matrix outbox row pending: the bot has said all it will say for now.
    bool settled();
    long long scalar(const std::string& sql);
    std::string db_path() const { return db_; }

    /// Hands `item` to the adapter on its own thread, as the outbox dispatcher does, and waits.
    DeliveryOutcome deliver(OutboxItem item);
    /// The adapter's start-up check of team rooms, on its own thread.
    Result<std::vector<RoomProblem>> verify_rooms(std::vector<std::string> rooms);

    /// A DM room `user` opened with the bot (invited, joined by the bot). Returns its id.
    std::string open_dm(const std::string& user);

private:
    testkit::TempDir dir_;
    std::string db_;
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::unique_ptr<fakes::FakeHomeserver> fake_;
    std::optional<Config> config_;
    SystemClock clock_;
    Metrics metrics_;
    std::unique_ptr<StoreWorker> worker_;
    std::unique_ptr<EventHandler> handler_;
    std::unique_ptr<EngineLoop> loop_;
    std::unique_ptr<matrix::MatrixAdapter> adapter_;
    std::unique_ptr<OutboxDispatcher> dispatcher_;
    std::promise<std::string> run_ended_;
    std::future<std::string> run_result_ = run_ended_.get_future();
    std::promise<void> dispatcher_ended_;
    bool started_ = false;
    std::thread thread_;
};

/// The choices listed at the end of a bot message's HTML (<ol><li>Label</li>…</ol>), in order.
std::vector<std::string> numbered_choices(const std::string& formatted_body);

/// Drives a DM the way a user would: answers numbered questions (by number, preferring the answers
/// that keep the diagnosis going to a hand-off) and free-text questions, until a ticket is handed
/// over. Returns the steps taken.
int drive_dm_conversation(MatrixHarness& h, const std::string& user, const std::string& room,
                          const std::string& first_message, const std::string& free_text, int max_steps = 30);

}  // namespace frontline::testing_matrix
