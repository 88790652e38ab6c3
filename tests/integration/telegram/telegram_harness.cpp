#include "telegram_harness.hpp"

#include <cstdlib>

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "bot/runtime/adapter_registry.hpp"
#include "bot/config/desk_factory.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/support/agents_file.hpp"
#include "tests/support/store_peek.hpp"

namespace frontline::testing_telegram {

namespace asio = boost::asio;

TelegramHarness::TelegramHarness(HarnessOptions options) : work_(io_.get_executor()) {
    fake_ = std::make_unique<fakes::FakeTelegram>(io_.get_executor());
    if (auto ok = fake_->start(); !ok) throw std::runtime_error(ok.error().message);
    fake_->add_group(kAgentsChat, "IT Service Desk");
    fake_->add_user({kMario, "Mario", "Bianchi", "it"});
    fake_->add_user({kLucy, "Lucy", "Grey", "en"});
    fake_->add_user({kBruno, "Bruno", "Esposito", "it"});

    std::vector<std::string> overrides = {
        "store.path=" + nlohmann::json(dir_.file("frontline.db").string()).dump(),
        "webchat.enabled=false",
        "telegram.enabled=true",
        "telegram.api_base_url=" + nlohmann::json(fake_->api_base_url()).dump(),
        // The example's teams with their Telegram rooms only: kAgentsChat is service-desk's.
        "agents.file=" + nlohmann::json(testkit::write_agents_file(dir_.file("agents.json"), {"telegram"}).string()).dump(),
        "telegram.poll_timeout_seconds=5",
    };
    if (options.webhook) {
        // The bot's own HTTP server, where Telegram (the fake) posts the updates.
        server_ = std::make_unique<net::HttpServer>(io_.get_executor());
        if (auto ok = server_->listen("127.0.0.1:0"); !ok) throw std::runtime_error(ok.error().message);
        overrides.push_back("telegram.mode=\"webhook\"");
        overrides.push_back("http.public_url=\"http://127.0.0.1:" + std::to_string(server_->port()) + "\"");
        ::setenv("FRONTLINE_TELEGRAM_WEBHOOK_SECRET", kWebhookSecret, 1);
    }
    // The token travels the way the service reads it: from the variable the config names.
    ::setenv("FRONTLINE_TELEGRAM_TOKEN", fake_->options().token.c_str(), 1);
    auto config = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json", overrides);
    if (!config) throw std::runtime_error(config.error().message);
    config_.emplace(std::move(*config));

    auto store = SqliteStore::open(dir_.file("frontline.db").string());
    if (!store) throw std::runtime_error(store.error().message);
    worker_ = std::make_unique<StoreWorker>(std::move(*store));
    auto platforms = enabled_platforms(*config_);
    if (!platforms) throw std::runtime_error(platforms.error().message);
    auto desk = make_desk(*config_, *platforms);
    if (!desk) throw std::runtime_error(desk.error().message);
    handler_ = std::move(*desk);
    loop_ = std::make_unique<EngineLoop>(io_.get_executor(), *worker_, *handler_, clock_, metrics_);

    // The service's own wiring: the registry builds the enabled adapters.
    auto rooms = load_team_rooms(*config_);
    if (!rooms) throw std::runtime_error(rooms.error().message);
    auto adapters = make_enabled_adapters(AdapterContext{io_.get_executor(), *config_, clock_, *rooms, worker_.get()});
    if (!adapters) throw std::runtime_error(adapters.error().message);
    adapters_ = std::move(*adapters);
    if (adapters_.size() != 1 || !(adapter_ = dynamic_cast<telegram::TelegramAdapter*>(adapters_.front().get())))
        throw std::runtime_error("expected exactly the Telegram adapter");
    if (server_) {
        server_->on_request([this](net::IncomingRequest r) -> net::awaitable<net::HttpResponse> {
            for (auto& route : adapter_->http_routes())
                if (route.path == r.path) co_return co_await route.handle(std::move(r));
            co_return net::make_response(404, "not found\n");
        });
    }

    OutboxDispatcherOptions o;
    o.retry_base = std::chrono::seconds(1);
    o.retry_cap = std::chrono::seconds(2);
    o.pace["telegram"] = options.pace.value_or(PaceLimits{100, 100, 50, 50, 5});
    dispatcher_ = std::make_unique<OutboxDispatcher>(io_.get_executor(), *worker_,
                                                     std::map<std::string, Adapter*>{{"telegram", adapter_}}, clock_, metrics_, o);
    dispatcher_->report_failures_to(loop_.get());  // as the service wires it (service.cpp)
    loop_->on_messages_queued([d = dispatcher_.get()](std::vector<OutboxRow> ready) { d->offer(std::move(ready)); });
    thread_ = std::thread([this] { io_.run(); });
}

void TelegramHarness::start() {
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

std::optional<std::string> TelegramHarness::run_error(std::chrono::milliseconds limit) {
    if (run_result_.wait_for(limit) != std::future_status::ready) return std::nullopt;
    return run_result_.get();
}

TelegramHarness::~TelegramHarness() {
    asio::post(io_, [this] {
        adapter_->stop();
        dispatcher_->stop();
        loop_->stop();
        if (server_) server_->stop();
        fake_->stop();
    });
    if (started_) {
        if (run_result_.valid()) run_result_.wait_for(std::chrono::seconds(10));
        dispatcher_ended_.get_future().wait_for(std::chrono::seconds(10));
    }
    work_.reset();
    io_.stop();
    thread_.join();
    worker_->stop();
    ::unsetenv("FRONTLINE_TELEGRAM_WEBHOOK_SECRET");
}

bool TelegramHarness::eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

long long TelegramHarness::scalar(const std::string& sql) { return testkit::store_scalar(dir_.file("frontline.db"), sql); }

bool TelegramHarness::settled() {
    return fake_->pending_updates() == 0 &&
           scalar("SELECT count(*) FROM outbox WHERE status = 'pending' AND platform = 'telegram'") == 0;
}

int drive_private_chat(TelegramHarness& h, std::int64_t user, const std::string& first_message, int* presses, int max_steps) {
    auto& fake = h.fake();
    const std::string chat = std::to_string(user);
    fake.user_message(user, first_message);
    std::size_t seen = 0;
    for (int step = 0; step < max_steps; ++step) {
        const bool answered = h.eventually([&] { return fake.bot_messages_in(chat).size() > seen && h.settled(); });
        EXPECT_TRUE(answered) << "no answer at step " << step;
        if (!answered) return step;
        const auto sent = fake.bot_messages_in(chat);
        seen = sent.size();
        if (h.scalar("SELECT count(*) FROM tickets WHERE status IN ('escalated', 'resolved', 'closed')") > 0) return step;
        const auto& last = sent.back();
        if (last.buttons.empty()) {
            fake.user_message(user, "Since this morning, on my Windows 11 laptop.");
            continue;
        }
        std::string pick = last.buttons.front().text;
        for (const auto& preferred : {"No, still broken", "No, non funziona ancora", "No", "VPN"})
            for (const auto& b : last.buttons)
                if (b.text == preferred) pick = b.text;
        auto pressed = fake.press(user, chat, last.message_id, pick);
        EXPECT_TRUE(pressed) << (pressed ? "" : pressed.error().message);
        if (presses) ++*presses;
    }
    return max_steps;
}

}  // namespace frontline::testing_telegram
