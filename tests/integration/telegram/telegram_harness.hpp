#pragma once
// The real Telegram connector (built by the service's adapter registry), engine loop, outbox
// dispatcher and the service's handler (the Desk around the conversation engine, with config/ as
// shipped) on one io_context thread, against the fake Bot API over loopback, on a real SQLite file.
// In webhook mode the harness also serves the adapter's webhook route on a loopback HTTP server.
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/net/http_server.hpp"
#include "adapters/telegram/telegram_adapter.hpp"
#include "bot/config/config.hpp"
#include "bot/runtime/engine_loop.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/outbox_dispatcher.hpp"
#include "bot/runtime/store_worker.hpp"
#include "tests/fakes/telegram/fake_telegram.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline::testing_telegram {

/// The service-desk team's Telegram room in config/agents.example.json.
inline constexpr const char* kAgentsChat = "-1001234567890";
inline constexpr std::int64_t kMario = 777001;       ///< requester, language_code "it"
inline constexpr std::int64_t kLucy = 42;            ///< requester, language_code "en"
inline constexpr std::int64_t kBruno = 5512345678;   ///< L2 agent with a Telegram identity (agents.example.json)
inline constexpr const char* kWebhookSecret = "frontline-webhook-secret_1";

struct HarnessOptions {
    bool webhook = false;
    /// Outbox pacing for Telegram; the default is fast (these tests are about the protocol).
    std::optional<PaceLimits> pace;
};

class TelegramHarness {
public:
    explicit TelegramHarness(HarnessOptions options = {});
    ~TelegramHarness();

    fakes::FakeTelegram& fake() { return *fake_; }
    telegram::TelegramAdapter& adapter() { return *adapter_; }
    Metrics& metrics() { return metrics_; }

    /// Spawns adapter.run(engine loop) and the dispatcher.
    void start();
    /// The error run() ended with, once it ended (waits up to `limit`).
    std::optional<std::string> run_error(std::chrono::milliseconds limit);

    /// Polls `pred` until it holds or `limit` passes.
    bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit = std::chrono::seconds(20));
    /// Nothing unconfirmed at the fake and no Telegram outbox row pending.
    bool settled();
    /// One number from the store file.
    long long scalar(const std::string& sql);

private:
    testkit::TempDir dir_;
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::unique_ptr<fakes::FakeTelegram> fake_;
    std::optional<Config> config_;
    SystemClock clock_;
    Metrics metrics_;
    std::unique_ptr<StoreWorker> worker_;
    std::unique_ptr<EventHandler> handler_;
    std::unique_ptr<EngineLoop> loop_;
    std::vector<std::unique_ptr<Adapter>> adapters_;
    telegram::TelegramAdapter* adapter_ = nullptr;
    std::unique_ptr<net::HttpServer> server_;
    std::unique_ptr<OutboxDispatcher> dispatcher_;
    std::promise<std::string> run_ended_;
    std::future<std::string> run_result_ = run_ended_.get_future();
    std::promise<void> dispatcher_ended_;
    bool started_ = false;
    std::thread thread_;
};

/// Drives a private chat the way a user would: presses buttons (preferring the ones that keep the
/// diagnosis going to a hand-off) and answers free-text questions, until a ticket is escalated or
/// resolved. Returns the steps taken; `presses` counts the buttons pressed.
int drive_private_chat(TelegramHarness& h, std::int64_t user, const std::string& first_message, int* presses = nullptr,
                       int max_steps = 30);

}  // namespace frontline::testing_telegram
