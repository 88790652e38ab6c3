#include "bot/runtime/service.hpp"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/net/http_server.hpp"
#include "adapters/webchat/session_token.hpp"
#include "adapters/webchat/webchat_adapter.hpp"
#include "bot/calls/booking_routes.hpp"
#include "bot/config/calls_config.hpp"
#include "bot/config/core_settings.hpp"
#include "bot/config/desk_factory.hpp"
#include "bot/config/open_store.hpp"
#include "bot/config/store_settings.hpp"
#include "bot/config/team_rooms.hpp"
#include "bot/config/attachments_config.hpp"
#include "bot/files/file_token.hpp"
#include "bot/runtime/adapter_registry.hpp"
#include "bot/runtime/attachment_intake.hpp"
#include "bot/runtime/file_routes.hpp"
#include "bot/runtime/pace_config.hpp"
#include "bot/runtime/engine_loop.hpp"
#include "bot/runtime/history_retention.hpp"
#include "bot/runtime/leader_lease.hpp"
#include "bot/runtime/alertmanager_config.hpp"
#include "bot/runtime/http_routes.hpp"
#include "bot/runtime/limits_config.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/outbox_dispatcher.hpp"
#include "bot/runtime/queue_route.hpp"
#include "bot/runtime/report_route.hpp"
#include "bot/runtime/room_check.hpp"
#include "bot/runtime/runtime_log.hpp"
#include "bot/runtime/store_worker.hpp"
#include "bot/runtime/stored_line_history.hpp"
#include "core/store/cursor_store.hpp"

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

namespace frontline {

namespace {

/// Logs how a long-lived task ended; they are never `detached`.
auto log_end(std::string what) {
    return [what = std::move(what)](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            log_line(LogLevel::error, "service", what + " stopped: " + ex.what());
        }
    };
}

Result<webchat::WebchatOptions> webchat_options(const Config& config) {
    webchat::WebchatOptions o;
    auto env_name = config.string("webchat.agent_secret_env", "FRONTLINE_WEBCHAT_AGENT_SECRET");
    if (!env_name) return env_name.error();
    if (const char* secret = std::getenv(env_name->c_str()); secret && *secret) {
        o.agent_secret = secret;
    } else {
        log_line(LogLevel::info, "webchat", "agents' view disabled: set " + *env_name + " to enable it");
    }
    if (auto limits = read_webchat_limits(config, o); !limits) return limits.error();
    auto uploads = config.integer("webchat.uploads_per_hour", 60);
    if (!uploads) return uploads.error();
    if (*uploads < 0 || *uploads > 100000) return config.error("webchat.uploads_per_hour", "expected 0 (no limit) to 100000");
    o.uploads_per_hour = static_cast<double>(*uploads);
    o.log = [](const std::string& m) { log_line(LogLevel::warn, "webchat", m); };
    return o;
}

Result<OutboxDispatcherOptions> dispatcher_options(const Config& config) {
    OutboxDispatcherOptions o;
    auto attempts = config.integer("outbox.max_attempts", o.max_attempts);
    if (!attempts) return attempts.error();
    if (*attempts < 1) return config.error("outbox.max_attempts", "expected at least 1");
    o.max_attempts = static_cast<int>(*attempts);
    auto cap = config.integer("outbox.retry_cap_seconds", o.retry_cap.count());
    if (!cap) return cap.error();
    if (*cap < 1) return config.error("outbox.retry_cap_seconds", "expected at least 1");
    o.retry_cap = std::chrono::seconds(*cap);
    auto gap = config.integer("outbox.look_gap_ms", 5);
    if (!gap) return gap.error();
    if (*gap < 0 || *gap > 1000) return config.error("outbox.look_gap_ms", "expected 0 to 1000 (milliseconds)");
    o.min_look_gap = std::chrono::milliseconds(*gap);
    // Each platform's, declared with its adapter (adapter_registry.cpp), as "<platform>.pace" adjusts it.
    auto pace = read_pacing(config);
    if (!pace) return pace.error();
    o.pace = std::move(*pace);
    return o;
}

}  // namespace

int run_runtime(const Config& config, EventHandler& inner_handler, std::ostream& out,
                std::function<bool(const Identity&)> is_agent, const handoff::DeskConfig* desk) {
    if (const char* level = std::getenv("FRONTLINE_LOG"); level && std::string(level) == "debug")
        set_log_level(LogLevel::debug);

    auto store_settings = read_store_settings(config);
    if (!store_settings) {
        log_line(LogLevel::error, "service", store_settings.error().message);
        return 2;
    }
    // Several processes may share a PostgreSQL store; this name tells their claims and leases apart.
    const std::string holder = process_holder_name();
    const bool shared_store = store_settings->backend == StoreBackend::postgresql;
    auto store = open_store(*store_settings, holder);
    if (!store) {
        log_line(LogLevel::error, "service",
                 "cannot open the store " + store_location(*store_settings) + ": " + store.error().message);
        return 1;
    }
    log_line(LogLevel::info, "service", "store: " + store_location(*store_settings) + " as " + holder);
    // Older flow versions stay in the store while a saved conversation stands on them; one that
    // ended while the service was down is dropped now (the current versions are kept again as
    // conversations start on them).
    if (auto forgotten = (*store)->forget_unused_flow_versions(); !forgotten)
        log_line(LogLevel::warn, "service", "cannot sweep old flow versions: " + forgotten.error().message);
    else if (*forgotten > 0)
        log_line(LogLevel::info, "service", "dropped " + std::to_string(*forgotten) + " flow version(s) no conversation uses");
    auto listen = config.string("http.listen", "127.0.0.1:8080");
    auto webchat_enabled = config.boolean("webchat.enabled", true);
    auto chat_options = webchat_options(config);
    auto outbox_options = dispatcher_options(config);
    net::HttpServerOptions http_options;
    auto http_limits = read_http_limits(config, http_options);
    auto metrics_token = read_metrics_token(config);
    auto history_days = read_history_days(config);
    auto alert_hook = read_alertmanager_webhook(config);
    auto call_links = make_call_links(config);
    TicketQuotaOptions quota_options;
    auto quota = read_ticket_quota(config, quota_options);
    AgentQuotaOptions agent_quota_options;
    agent_quota_options.is_agent = std::move(is_agent);
    auto agent_quota = read_agent_quota(config, agent_quota_options);
    auto attachment_settings = read_attachment_settings(config, store_settings->files_beside);
    for (const Error* e : {listen ? nullptr : &listen.error(), webchat_enabled ? nullptr : &webchat_enabled.error(),
                           chat_options ? nullptr : &chat_options.error(),
                           outbox_options ? nullptr : &outbox_options.error(),
                           http_limits ? nullptr : &http_limits.error(), metrics_token ? nullptr : &metrics_token.error(),
                           history_days ? nullptr : &history_days.error(), alert_hook ? nullptr : &alert_hook.error(),
                           call_links ? nullptr : &call_links.error(),
                           quota ? nullptr : &quota.error(), agent_quota ? nullptr : &agent_quota.error(),
                           attachment_settings ? nullptr : &attachment_settings.error()}) {
        if (e) {
            log_line(LogLevel::error, "service", e->message);
            return 2;
        }
    }

    // The web chat's session tokens are signed with a key kept in the store, so they outlive a restart.
    auto session_key = (*store)->cursors().keep_first("webchat.session_key", webchat::new_session_key(), SystemClock().now());
    if (!session_key) {
        log_line(LogLevel::error, "service", "cannot keep the web chat session key: " + session_key.error().message);
        return 1;
    }
    chat_options->session_key = *session_key;
    // The numbering of the history's lines lives in the store too: a page that comes back after a
    // restart says "after N" in this epoch and resumes instead of starting over.
    auto epoch = (*store)->cursors().keep_first("webchat.epoch", webchat::new_epoch(), SystemClock().now());
    if (!epoch) {
        log_line(LogLevel::error, "service", "cannot keep the web chat epoch: " + epoch.error().message);
        return 1;
    }
    chat_options->epoch = *epoch;
    // A page's upload is one file: up to attachments.max_bytes, in one request body.
    chat_options->max_upload_bytes = attachment_settings->max_bytes;
    http_options.max_body_size = std::max(http_options.max_body_size, attachment_settings->max_bytes + 64 * 1024);
    // The files' links: signed with attachments.link_secret_env's secret when set (the links in
    // messages need it too), else with a random key kept in the store for the agents' view.
    FileLinkKey file_key{attachment_settings->link_secret, std::chrono::duration_cast<Seconds>(attachment_settings->link_valid)};
    if (file_key.secret.empty()) {
        auto kept = (*store)->cursors().keep_first("attachments.link_key", webchat::new_session_key(), SystemClock().now());
        if (!kept) {
            log_line(LogLevel::error, "service", "cannot keep the file link key: " + kept.error().message);
            return 1;
        }
        file_key.secret = *kept;
    }

    asio::io_context io;
    const SystemClock clock;
    Metrics metrics;
    quota_options.refused = [&metrics](const std::string& reason) { metrics.count_refusal(reason); };
    agent_quota_options.refused = quota_options.refused;
    agent_quota_options.log = [](const std::string& m) { log_line(LogLevel::warn, "limits", m); };
    AgentQuota agents_bounded(inner_handler, std::move(agent_quota_options));
    TicketQuota handler(agents_bounded, std::move(quota_options));
    StoreWorker worker(std::move(*store));
    // On a shared store the other processes' work is found by looking: timers they armed or left
    // behind, outbox rows whose claim ran out, web chat lines they added (store_settings.hpp).
    EngineLoopOptions loop_options;
    if (shared_store) {
        loop_options.timer_look = std::chrono::seconds(5);
        outbox_options->idle_look = std::chrono::seconds(2);
        chat_options->follow_every = store_settings->follow_every;
        if (!config.find("attachments.dir"))
            log_line(LogLevel::warn, "service", "attachments.dir is not set: every process sharing the store must see the "
                                                "same folder, or a file one of them kept is missing in the others");
    }
    EngineLoop loop(io.get_executor(), worker, handler, clock, metrics, loop_options);

    chat_options->refused = [&metrics](const std::string& reason) { metrics.count_refusal("webchat_" + reason); };
    auto rooms = load_team_rooms(config);
    if (!rooms) {
        log_line(LogLevel::error, "service", rooms.error().message);
        return 2;
    }
    StoredLineHistory history(io.get_executor(), worker, clock);
    AttachmentIntake attachments(io.get_executor(), *attachment_settings);
    // A page's upload goes into the vault at once (durable before the message naming it commits).
    chat_options->keep_upload = [&attachments](std::string bytes) { return attachments.keep(std::move(bytes)); };
    chat_options->read_upload = [&attachments](std::string id) { return attachments.read(std::move(id)); };
    HistoryRetention retention(io.get_executor(), worker, clock, *history_days);
    std::unique_ptr<webchat::WebchatAdapter> chat;
    if (*webchat_enabled)
        chat = std::make_unique<webchat::WebchatAdapter>(io.get_executor(), clock, history, *chat_options);
    auto platform_adapters = make_enabled_adapters(AdapterContext{io.get_executor(), config, clock, *rooms, &worker});
    if (!platform_adapters) {
        log_line(LogLevel::error, "service", platform_adapters.error().message);
        return 2;
    }
    std::vector<Adapter*> adapters;
    if (chat) adapters.push_back(chat.get());
    for (auto& a : *platform_adapters) adapters.push_back(a.get());
    std::map<std::string, Adapter*> by_platform;
    for (auto* a : adapters) by_platform[a->platform()] = a;

    // Files people send are fetched through their adapter and stored before the commit that records them.
    attachments.set_adapters(by_platform);
    loop.set_attachment_intake(&attachments);

    OutboxDispatcher dispatcher(io.get_executor(), worker, by_platform, clock, metrics, *outbox_options);
    loop.on_messages_queued([&dispatcher](std::vector<OutboxRow> ready) { dispatcher.offer(std::move(ready)); });
    dispatcher.report_failures_to(&loop);

    http_options.websocket.max_message_size = webchat::kMaxFrameBytes;
    // The web chat reads the address and the query of an upgrade, never its headers.
    http_options.websocket.keep_headers = false;
    http_options.on_error = [](const std::string& m) { log_line(LogLevel::warn, "http", m); };
    http_options.on_refused = [&metrics](const std::string& reason) { metrics.count_refusal("http_" + reason); };
    net::HttpServer server(io.get_executor(), http_options);
    HttpRoutes routes(worker, metrics, adapters, chat.get());
    routes.require_metrics_token(*metrics_token);
    // Monitoring's alert groups come in through the same engine loop as every platform's events.
    std::unique_ptr<alertmanager::AlertmanagerWebhook> alert_webhook;
    if (*alert_hook) {
        alert_webhook = std::make_unique<alertmanager::AlertmanagerWebhook>(
            **alert_hook, loop, [&clock] { return clock.now(); },
            [](const std::string& m) { log_line(LogLevel::warn, "alertmanager", m); });
        auto* hook = alert_webhook.get();
        routes.add(hook->settings().path, [hook](net::IncomingRequest r) { return hook->handle(std::move(r)); });
        log_line(LogLevel::info, "alertmanager", "receiving alerts at " + hook->settings().path);
    }
    // GET /api/report: for the report token and each agent's own web chat token.
    auto core = load_core_settings(config);
    auto report_token = read_report_token(config);
    for (const Error* e : {core ? nullptr : &core.error(), report_token ? nullptr : &report_token.error()})
        if (e) {
            log_line(LogLevel::error, "service", e->message);
            return 2;
        }
    routes.add("/api/report", report_route(worker, core->sla, ReportAccess{*report_token, chat_options->agent_secret, chat_options->agents}, clock));
    // GET /files/<token>: a file by its signed link; GET /api/files: a ticket's files for the agents' view.
    routes.add_prefix(std::string(files::kFilesPrefix), file_route(worker, attachments.vault(), file_key, clock));
    if (desk)
        routes.add("/api/files", agent_files_route(worker, *desk, ReportAccess{"", chat_options->agent_secret, chat_options->agents}, file_key, clock));
    // GET /api/queue: the agents' queue beside their room, for each agent's own web chat token.
    if (desk) routes.add("/api/queue", queue_route(worker, *desk, ReportAccess{"", chat_options->agent_secret, chat_options->agents}, clock));
    RoomStatus room_status;
    routes.watch_rooms(&room_status);
    // The call booking pages, when calls are set up (http.public_url and calls.secret_env).
    std::unique_ptr<BookingRoutes> booking;
    if (desk && *call_links) {
        booking = std::make_unique<BookingRoutes>(worker, loop, *desk, *call_links, clock);
        auto serve = [b = booking.get()](net::IncomingRequest r) { return b->handle(std::move(r)); };
        routes.add_prefix(BookingRoutes::kPrefix, serve);
        routes.add_prefix(BookingRoutes::kAssetPrefix, serve);
    } else {
        log_line(LogLevel::info, "calls", "call booking off: set http.public_url and the secret named by calls.secret_env");
    }
    routes.install(server);
    if (auto s = server.listen(*listen); !s) {
        log_line(LogLevel::error, "service", "cannot listen on " + *listen + ": " + s.error().message);
        return 1;
    }
    const auto host = net::parse_host_port(*listen);
    const std::string address =
        "http://" + (host ? host->first : std::string("127.0.0.1")) + ":" + std::to_string(server.port()) + "/";
    out << "frontline: listening on " << address << "\n";
    if (chat) out << "frontline: web chat at " << address << " (agents' view: " << address << "agents)\n";
    out.flush();

    std::vector<std::unique_ptr<asio::cancellation_signal>> adapter_stops;
    // A platform that allows one receiver per bot (Telegram's getUpdates, Matrix's /sync) is read
    // by one process of those sharing the store: the holder of its leader lease.
    std::vector<std::unique_ptr<LeaderLease>> leases;
    for (auto* a : adapters) {
        if (shared_store && a->single_receiver()) {
            leases.push_back(std::make_unique<LeaderLease>(
                io.get_executor(), worker, clock,
                LeaderLeaseOptions{"receiver:" + a->platform(), holder, store_settings->leader_lease}));
            asio::co_spawn(io, leases.back()->run([a, &loop] { return a->run(loop); }),
                           log_end(a->platform() + " leader lease"));
            continue;
        }
        adapter_stops.push_back(std::make_unique<asio::cancellation_signal>());
        asio::co_spawn(io, a->run(loop),
                       asio::bind_cancellation_slot(adapter_stops.back()->slot(), log_end(a->platform() + " adapter")));
    }
    // Where the teams' pings go, checked with each platform once: a wrong room is named in the log
    // and by /readyz rather than found out when a requester waits for an agent who never hears.
    asio::co_spawn(
        io,
        [&room_status, all_rooms = *rooms, by_platform]() -> asio::awaitable<void> {
            room_status.problems = co_await check_team_rooms(all_rooms, by_platform);
            room_status.checked = true;
            for (const auto& p : room_status.problems)
                log_line(LogLevel::error, "rooms", p + ": the team's pings there reach nobody");
        },
        log_end("room check"));
    asio::co_spawn(io, loop.run_timers(), log_end("timer task"));
    asio::co_spawn(io, dispatcher.run(), log_end("outbox dispatcher"));
    if (chat) asio::co_spawn(io, retention.run(), log_end("web chat history retention"));
    asio::co_spawn(io, attachments.run_sweeps(worker), log_end("attachment orphan sweep"));

    asio::signal_set signals(io, SIGINT, SIGTERM);
    asio::steady_timer watchdog(io);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto [error, signo] = co_await signals.async_wait(asio::as_tuple(asio::use_awaitable));
            if (error) co_return;
            log_line(LogLevel::info, "service", "signal " + std::to_string(signo) + ": shutting down");
            // If anything hangs, still exit: a stuck peer must not keep the process alive.
            watchdog.expires_after(std::chrono::seconds(10));
            watchdog.async_wait([&io](const boost::system::error_code& e) {
                if (!e) {
                    log_line(LogLevel::warn, "service", "shutdown took too long; stopping now");
                    io.stop();
                }
            });
            // Stop intake first, so the last batch is the last one.
            server.stop();
            if (chat) chat->stop();
            retention.stop();
            attachments.stop();
            for (auto& s : adapter_stops) s->emit(asio::cancellation_type::terminal);
            for (auto& lease : leases) lease->stop();
            loop.stop();
            co_await loop.drained();
            // Flush what can be delivered now, for a short while; the rest stays in the outbox.
            dispatcher.wake();
            asio::steady_timer budget(io);
            budget.expires_after(std::chrono::seconds(3));
            co_await (dispatcher.until_idle() || budget.async_wait(asio::use_awaitable));
            dispatcher.stop();
            watchdog.cancel();
        },
        log_end("shutdown"));

    io.run();
    worker.stop();
    log_line(LogLevel::info, "service", "stopped");
    return 0;
}

int run_service(const Config& config) {
    auto platforms = enabled_platforms(config);
    if (!platforms) {
        std::cerr << "frontline: " << platforms.error().message << "\n";
        return 2;
    }
    auto desk = make_desk(config, std::move(*platforms));
    if (!desk) {
        std::cerr << "frontline: " << desk.error().message << "\n";
        return 2;
    }
    const handoff::Desk& d = **desk;
    auto is_agent = [&d](const Identity& id) { return d.config().directory.agent_by_identity(id) != nullptr; };
    return run_runtime(config, **desk, std::cout, is_agent, &d.config());
}

}  // namespace frontline
