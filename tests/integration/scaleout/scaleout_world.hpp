#pragma once
// Several real `frontline` processes on one store (issue 21): the backend (a SQLite file, or a fresh
// database on the test process's own PostgreSQL) and the number of processes are parameters. Every
// process gets the same configuration (store, platforms, agents, attachments dir, short SLA
// targets) and its own HTTP port; the fake Slack (Socket Mode: one socket per process) and the fake
// Telegram (polling) run on one io_context thread. Processes are SIGKILLed and restarted by index;
// each one's stderr goes to its own log file, kept in the temp dir and printed by dump_logs().
#include <chrono>
#include <functional>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "tests/fakes/slack/fake_slack.hpp"
#include "tests/fakes/telegram/fake_telegram.hpp"
#include "tests/integration/scaleout/store_view.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline::scaleout {

enum class Backend { sqlite, postgresql };

/// One run's shape: a test is instantiated once per shape (ctest names carry it).
struct Shape {
    Backend backend = Backend::sqlite;
    int processes = 1;
};

std::string shape_name(const Shape& s);  ///< "sqlite_1", "postgresql_3"

struct WorldOptions {
    Shape shape;
    bool slack = false;
    bool telegram = false;
    /// The SLA response target of every priority, in seconds (its 75% warning and its breach are
    /// the timers a run sees fire); resolution targets stay an hour away.
    int sla_response_seconds = 6;
    /// The outbox claim lease and the leader lease on PostgreSQL (store.claim_seconds,
    /// store.leader_lease_seconds) and how often a process looks for lines others added.
    int claim_seconds = 5;
    int leader_lease_seconds = 2;
    int follow_ms = 100;
    /// Slack's redeliveries of an unacknowledged envelope (Slack itself tries 3 times; a storm
    /// that kills the process holding an envelope again and again needs a few more).
    int slack_max_retries = 10;
};

class World {
public:
    explicit World(WorldOptions options);
    ~World();
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    int size() const { return options_.shape.processes; }
    const WorldOptions& options() const { return options_; }

    /// Starts process `i` (again, after a kill): true once it printed its port.
    bool start(int i);
    /// SIGKILL (or `signal`) to process `i`; its exit code as ServiceProcess::stop reports it.
    int stop(int i, int signal);
    bool running(int i) const;
    /// The HTTP port of process `i`, 0 while it is down.
    std::uint16_t port(int i) const;
    /// The port of a running process, starting the search at `from` (for clients spreading over
    /// processes and reconnecting elsewhere); 0 when none runs. Thread-safe.
    std::uint16_t live_port(int from) const;
    /// How many times each process was started (restarts included).
    int starts(int i) const;

    fakes::FakeSlack& slack() { return *slack_; }
    fakes::FakeTelegram& telegram() { return *telegram_; }
    const StoreView& store() const { return *store_; }
    /// The Slack user ids of the test's requesters.
    static std::string slack_user(int i) { return "U0REQ" + std::to_string(1000 + i); }
    /// The Telegram tag of process `i` (FakeTgCall::via).
    static std::string via(int i) { return "p" + std::to_string(i); }

    /// Every process's log, for a failing test's output.
    std::string logs() const;
    std::filesystem::path dir() const { return dir_.path(); }

private:
    std::vector<std::string> args_of(int i) const;
    void write_config();

    WorldOptions options_;
    testkit::TempDir dir_;
    std::string pg_url_;
    std::string pg_password_;
    std::filesystem::path config_;
    std::map<std::string, std::string> env_;
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{io_.get_executor()};
    std::unique_ptr<fakes::FakeSlack> slack_;
    std::unique_ptr<fakes::FakeTelegram> telegram_;
    std::thread io_thread_;
    std::unique_ptr<StoreView> store_;

    mutable std::mutex mu_;  ///< guards the two below: clients on other threads ask for live ports
    std::vector<std::unique_ptr<testing::ServiceProcess>> processes_;
    std::vector<std::uint16_t> ports_;
    std::vector<int> starts_;
};

/// Polls `pred` every 20 ms until it holds or `limit` passes (no fixed sleeps as assertions).
bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit);

}  // namespace frontline::scaleout
