#include "slack_harness.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "adapters/slack/slack_texts.hpp"
#include "bot/config/desk_factory.hpp"
#include "bot/config/team_rooms.hpp"
#include "bot/runtime/adapter_registry.hpp"
#include "core/store/sqlite_store.hpp"

namespace frontline::testing_slack {

namespace asio = boost::asio;

SlackHarness::SlackHarness(HarnessOptions options) : work_(io_.get_executor()) {
    fake_ = std::make_unique<fakes::FakeSlack>(io_.get_executor(), options.fake);
    if (auto ok = fake_->start(); !ok) throw std::runtime_error(ok.error().message);
    fake_->add_channel(kAgentsChannel, "it-service-desk");
    fake_->add_channel("C0GENERAL", "general");
    fake_->add_user({"U0MARIO", "mario", "Mario Bianchi", "mario.bianchi@acme.example", "it-IT", "Europe/Rome"});
    fake_->add_user({"U0LUCY", "lucy", "Lucy Grey", "lucy.grey@acme.example", "en-GB", "Europe/London"});
    fake_->add_user({"U0ALICE", "alice", "Alice Agent", "alice@acme.example", "en-US", "Europe/London"});

    const auto db = dir_.file("frontline.db").string();
    auto config = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
                               {"store.path=" + nlohmann::json(db).dump(), "slack.enabled=true",
                                "agents.file=\"agents.example.json\"",  // the teams with Slack rooms
                                "slack.api_base_url=" + nlohmann::json(fake_->api_base_url()).dump(),
                                "slack.idle_timeout_seconds=5"});
    if (!config) throw std::runtime_error(config.error().message);
    config_.emplace(std::move(*config));

    auto store = SqliteStore::open(db);
    if (!store) throw std::runtime_error(store.error().message);
    worker_ = std::make_unique<StoreWorker>(std::move(*store));
    auto platforms = enabled_platforms(*config_);
    if (!platforms) throw std::runtime_error(platforms.error().message);
    auto desk = make_desk(*config_, *platforms);
    if (!desk) throw std::runtime_error(desk.error().message);
    handler_ = std::move(*desk);
    loop_ = std::make_unique<EngineLoop>(io_.get_executor(), *worker_, *handler_, clock_, metrics_);

    const auto bot = options.bot_token.value_or(options.fake.bot_token);
    const auto app = options.app_token.value_or(options.fake.app_token);
    auto settings = slack::settings_from_json(config_->root()["slack"], [&](const std::string& var) -> std::optional<std::string> {
        if (var == "FRONTLINE_SLACK_BOT_TOKEN") return bot;
        if (var == "FRONTLINE_SLACK_APP_TOKEN") return app;
        return std::nullopt;
    });
    if (!settings) throw std::runtime_error(settings.error().message);
    settings->connections = options.connections;
    // As the adapter registry passes them: the teams' Slack rooms in the shipped agents file
    // (kAgentsChannel is service-desk's).
    auto rooms = load_team_rooms(*config_);
    if (!rooms) throw std::runtime_error(rooms.error().message);
    for (const auto& room : rooms_on(*rooms, "slack")) settings->agents_channels.insert(room);
    // The shipped texts and the Reply button's modal, as the adapter's factory loads them.
    auto locales = config_->path("engine.locales_dir", "locales");
    if (!locales) throw std::runtime_error(locales.error().message);
    auto texts = slack::load_texts(*locales, "en", "en");
    if (!texts) throw std::runtime_error(texts.error().message);
    settings->mention_notice = texts->mention_notice;
    settings->reply_modal = texts->reply_modal;
    settings->asks_for_text = texts->asks_for_text;
    settings->reconnect_initial = std::chrono::milliseconds(20);
    settings->reconnect_max = std::chrono::milliseconds(500);
    settings->log = [](slack::LogLevel level, const std::string& m) {
        if (level >= slack::LogLevel::warn) std::fprintf(stderr, "[slack] %s\n", m.c_str());
    };
    auto adapter = slack::SlackAdapter::create(io_.get_executor(), std::move(*settings), clock_);
    if (!adapter) throw std::runtime_error(adapter.error().message);
    adapter_ = std::move(*adapter);

    OutboxDispatcherOptions o;
    o.retry_base = std::chrono::seconds(1);
    o.retry_cap = std::chrono::seconds(2);
    // Fast pacing: these tests are about the protocol, not about Slack's per-channel rate.
    o.pace["slack"] = options.shipped_pace ? delivery_pacing().at("slack") : PaceLimits{100, 100, 50, 50, 5};
    if (options.frozen_pace_clock) {
        const auto frozen = std::chrono::steady_clock::now();
        o.steady_now = [frozen] { return frozen; };
    }
    dispatcher_ = std::make_unique<OutboxDispatcher>(io_.get_executor(), *worker_,
                                                     std::map<std::string, Adapter*>{{"slack", adapter_.get()}}, clock_,
                                                     metrics_, o);
    loop_->on_messages_queued([d = dispatcher_.get()](std::vector<OutboxRow> ready) { d->offer(std::move(ready)); });
    dispatcher_->report_failures_to(loop_.get());
    thread_ = std::thread([this] { io_.run(); });
}

void SlackHarness::start() {
    started_ = true;
    asio::co_spawn(io_, adapter_->run(*loop_), [this](std::exception_ptr e) {
        std::string what = "ended";
        if (e) try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                what = ex.what();
            }
        run_ended_.set_value(what);
    });
    asio::co_spawn(io_, dispatcher_->run(), [this](std::exception_ptr) { dispatcher_ended_.set_value(); });
}

std::optional<std::string> SlackHarness::run_error(std::chrono::milliseconds limit) {
    if (run_result_.wait_for(limit) != std::future_status::ready) return std::nullopt;
    return run_result_.get();
}

SlackHarness::~SlackHarness() {
    asio::post(io_, [this] {
        adapter_->stop();
        dispatcher_->stop();
        loop_->stop();
        fake_->stop();
    });
    // Let the long-lived tasks finish before the io_context goes: their frames reference these objects.
    if (started_) {
        if (run_result_.valid()) run_result_.wait_for(std::chrono::seconds(10));
        dispatcher_ended_.get_future().wait_for(std::chrono::seconds(10));
    }
    work_.reset();
    io_.stop();
    thread_.join();
    worker_->stop();
}

bool SlackHarness::eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

long long SlackHarness::scalar(const std::string& sql) {
    SQLite::Database db(dir_.file("frontline.db").string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(2000);
    SQLite::Statement q(db, sql);
    return q.executeStep() ? q.getColumn(0).getInt64() : -1;
}

bool SlackHarness::settled() {
    // Only Slack's rows: cards for the web chat agents' room wait for an adapter these tests do not
    // run, and counting them made every "settled" wait run into its time limit.
    return fake_->unacked().empty() &&
           scalar("SELECT count(*) FROM outbox WHERE status = 'pending' AND platform = 'slack'") == 0;
}

int drive_dm_conversation(SlackHarness& h, const std::string& user, const std::string& first_message, int max_steps) {
    auto& fake = h.fake();
    const auto dm = fake.dm_channel_of(user);
    fake.user_dm(user, first_message);
    std::size_t seen = 0;
    for (int step = 0; step < max_steps; ++step) {
        const bool answered = h.eventually([&] { return fake.posts_in(dm).size() > seen && h.settled(); });
        EXPECT_TRUE(answered) << "no answer at step " << step;
        if (!answered) return step;
        const auto posts = fake.posts_in(dm);
        seen = posts.size();
        const auto& last = posts.back();
        // The end: the bot has handed over once a ticket is escalated (or solved it).
        if (h.scalar("SELECT count(*) FROM tickets WHERE status IN ('escalated', 'resolved', 'closed')") > 0) return step;
        if (last.buttons.empty()) {
            // A free-text question.
            fake.user_dm(user, "Since this morning, on my Windows 11 laptop.");
            continue;
        }
        std::string pick = last.buttons.front().label;
        for (const auto& preferred : {"No, still broken", "No", "VPN", "It drops every few minutes"})
            for (const auto& b : last.buttons)
                if (b.label == preferred) pick = b.label;
        auto clicked = fake.click(user, dm, last.ts, pick);
        EXPECT_TRUE(clicked) << (clicked ? "" : clicked.error().message);
    }
    return max_steps;
}

}  // namespace frontline::testing_slack
