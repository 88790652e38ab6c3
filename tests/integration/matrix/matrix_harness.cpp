#include "matrix_harness.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "bot/config/desk_factory.hpp"
#include "bot/runtime/adapter_registry.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/support/agents_file.hpp"

namespace frontline::testing_matrix {

namespace asio = boost::asio;

MatrixHarness::MatrixHarness(HarnessOptions options) : work_(io_.get_executor()) {
    db_ = options.db_path.empty() ? dir_.file("frontline.db").string() : options.db_path;
    fake_ = std::make_unique<fakes::FakeHomeserver>(io_.get_executor(), options.fake);
    if (auto ok = fake_->start(); !ok) throw std::runtime_error(ok.error().message);
    fake_->create_room(kEnzo, false, kAgentsRoom);
    fake_->join_bot(kAgentsRoom);

    std::vector<std::string> overrides = {"store.path=" + nlohmann::json(db_).dump(), "matrix.enabled=true",
                                "matrix.homeserver_url=" + nlohmann::json(fake_->url()).dump(),
                                "matrix.user_id=" + nlohmann::json(options.fake.bot_user_id).dump(),
                                // The example's teams with their Matrix rooms only (kAgentsRoom is service-desk's).
                                "agents.file=" + nlohmann::json(testkit::write_agents_file(dir_.file("agents.json"), {"matrix"}).string()).dump(),
                                "matrix.allowed_homeservers=" + nlohmann::json(options.allowed_homeservers).dump()};
    if (options.password) overrides.push_back("matrix.password_env=\"FRONTLINE_MATRIX_PASSWORD\"");
    auto config = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json", overrides);
    if (!config) throw std::runtime_error(config.error().message);
    config_.emplace(std::move(*config));

    auto store = SqliteStore::open(db_);
    if (!store) throw std::runtime_error(store.error().message);
    worker_ = std::make_unique<StoreWorker>(std::move(*store));
    auto platforms = enabled_platforms(*config_);
    if (!platforms) throw std::runtime_error(platforms.error().message);
    auto desk = make_desk(*config_, *platforms);
    if (!desk) throw std::runtime_error(desk.error().message);
    handler_ = std::move(*desk);
    loop_ = std::make_unique<EngineLoop>(io_.get_executor(), *worker_, *handler_, clock_, metrics_);

    const auto token = options.password ? options.token : options.token.value_or(options.fake.access_token);
    auto settings = matrix::settings_from_json(config_->root()["matrix"], [&](const std::string& var) -> std::optional<std::string> {
        if (var == "FRONTLINE_MATRIX_TOKEN") return token;
        if (var == "FRONTLINE_MATRIX_PASSWORD") return options.password;
        return std::nullopt;
    });
    if (!settings) throw std::runtime_error(settings.error().message);
    auto rooms = load_team_rooms(*config_);  // as the adapter registry hands them over
    if (!rooms) throw std::runtime_error(rooms.error().message);
    if (auto ok = matrix::set_agents_rooms(*settings, rooms_on(*rooms, "matrix")); !ok) throw std::runtime_error(ok.error().message);
    settings->encrypted_notice = {{"en", "I cannot read encrypted messages."}, {"it", "Non leggo i messaggi cifrati."}};
    settings->reconnect_initial = std::chrono::milliseconds(20);
    settings->reconnect_max = std::chrono::milliseconds(500);
    settings->sync_timeout = std::chrono::milliseconds(2000);
    settings->log = [](matrix::LogLevel level, const std::string& m) {
        if (level >= matrix::LogLevel::warn) std::fprintf(stderr, "[matrix] %s\n", m.c_str());
    };
    auto adapter = matrix::MatrixAdapter::create(io_.get_executor(), std::move(*settings));
    if (!adapter) throw std::runtime_error(adapter.error().message);
    adapter_ = std::move(*adapter);

    OutboxDispatcherOptions o;
    o.retry_base = std::chrono::seconds(1);
    o.retry_cap = std::chrono::seconds(2);
    o.pace["matrix"] = PaceLimits{100, 100, 50, 50, 5};
    dispatcher_ = std::make_unique<OutboxDispatcher>(io_.get_executor(), *worker_,
                                                     std::map<std::string, Adapter*>{{"matrix", adapter_.get()}}, clock_,
                                                     metrics_, o);
    dispatcher_->report_failures_to(loop_.get());  // as the service wires it (service.cpp)
    loop_->on_messages_queued([d = dispatcher_.get()](std::vector<OutboxRow> ready) { d->offer(std::move(ready)); });
    thread_ = std::thread([this] { io_.run(); });
}

void MatrixHarness::start() {
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

std::optional<std::string> MatrixHarness::run_error(std::chrono::milliseconds limit) {
    if (run_result_.wait_for(limit) != std::future_status::ready) return std::nullopt;
    return run_result_.get();
}

MatrixHarness::~MatrixHarness() {
    asio::post(io_, [this] {
        adapter_->stop();
        dispatcher_->stop();
        loop_->stop();
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
}

bool MatrixHarness::eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

long long MatrixHarness::scalar(const std::string& sql) {
    SQLite::Database db(db_, SQLite::OPEN_READONLY);
    db.setBusyTimeout(2000);
    SQLite::Statement q(db, sql);
    return q.executeStep() ? q.getColumn(0).getInt64() : -1;
}

bool MatrixHarness::settled() {
    return scalar("SELECT count(*) FROM outbox WHERE status = 'pending' AND platform = 'matrix'") == 0;
}

DeliveryOutcome MatrixHarness::deliver(OutboxItem item) {
    std::promise<DeliveryOutcome> done;
    asio::co_spawn(io_, adapter_->deliver(std::move(item)), [&done](std::exception_ptr e, DeliveryOutcome o) {
        if (e) o = DeliveryOutcome{DeliveryOutcome::Kind::rejected, "", std::chrono::seconds(0), "exception"};
        done.set_value(std::move(o));
    });
    return done.get_future().get();
}

Result<std::vector<RoomProblem>> MatrixHarness::verify_rooms(std::vector<std::string> rooms) {
    // Result has no default value, which co_spawn's completion needs: the task fills a promise.
    std::promise<Result<std::vector<RoomProblem>>> done;
    auto task = [](matrix::MatrixAdapter& a, std::vector<std::string> r,
                   std::promise<Result<std::vector<RoomProblem>>>& out) -> asio::awaitable<void> {
        out.set_value(co_await a.verify_rooms(std::move(r)));
    };
    asio::co_spawn(io_, task(*adapter_, std::move(rooms), done), [](std::exception_ptr) {});
    return done.get_future().get();
}

std::string MatrixHarness::open_dm(const std::string& user) {
    const auto room = fake_->create_room(user);
    fake_->invite_bot(room, user, true);
    EXPECT_TRUE(fake_->wait_until([&] { return fake_->bot_joined(room); })) << "the bot joins the DM it was invited to";
    return room;
}

std::vector<std::string> numbered_choices(const std::string& formatted_body) {
    // The renderer's list of choices closes the message: "<ol><li>A</li><li>B</li></ol>". Numbered
    // steps inside a text (a known fix) are plain lines, not a list.
    std::vector<std::string> out;
    const std::string end = "</ol>";
    if (!formatted_body.ends_with(end)) return out;
    const auto open = formatted_body.rfind("<ol>");
    if (open == std::string::npos) return out;
    for (auto at = formatted_body.find("<li>", open); at != std::string::npos; at = formatted_body.find("<li>", at)) {
        const auto close = formatted_body.find("</li>", at);
        if (close == std::string::npos) break;
        out.push_back(formatted_body.substr(at + 4, close - at - 4));
        at = close;
    }
    return out;
}

int drive_dm_conversation(MatrixHarness& h, const std::string& user, const std::string& room,
                          const std::string& first_message, const std::string& free_text, int max_steps) {
    auto& fake = h.fake();
    auto new_messages = [&] {
        std::vector<fakes::FakeMatrixMessage> out;
        for (const auto& m : fake.bot_messages_in(room))
            if (m.replaces.empty()) out.push_back(m);
        return out;
    };
    fake.say(user, room, first_message);
    std::size_t seen = 0;
    for (int step = 0; step < max_steps; ++step) {
        const bool answered = h.eventually([&] { return new_messages().size() > seen && h.settled(); });
        EXPECT_TRUE(answered) << "no answer at step " << step;
        if (!answered) return step;
        const auto posts = new_messages();
        seen = posts.size();
        if (h.scalar("SELECT count(*) FROM tickets WHERE status IN ('escalated', 'resolved', 'closed')") > 0) return step;
        const auto choices = numbered_choices(posts.back().formatted_body);
        if (choices.empty()) {
            fake.say(user, room, free_text);
            continue;
        }
        std::size_t pick = 0;
        for (const auto& preferred : {"No, still broken", "No", "VPN", "It drops every few minutes", "No, non funziona ancora"})
            for (std::size_t i = 0; i < choices.size(); ++i)
                if (choices[i] == preferred) pick = i;
        // Answered by number, as the list invites.
        fake.say(user, room, std::to_string(pick + 1));
    }
    return max_steps;
}

}  // namespace frontline::testing_matrix
