// TelegramAdapter's receiving side: getUpdates long polling with the offset moved only after the
// engine loop committed the batch, webhook POSTs answered 200 only after the commit, and an
// answerCallbackQuery for every button press. https://core.telegram.org/bots/api#getupdates
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "adapters/net/backoff.hpp"
#include "adapters/net/wait.hpp"
#include "adapters/telegram/telegram_adapter.hpp"
#include "core/text.hpp"

namespace frontline::telegram {

namespace asio = boost::asio;
using nlohmann::json;
using std::chrono::steady_clock;

namespace {

/// The update kinds we act on; everything else Telegram keeps to itself (allowed_updates).
const json kAllowedUpdates = json::array({"message", "edited_message", "callback_query", "my_chat_member"});

/// Secrets compare in constant time: how long a wrong guess takes tells nothing about the right one.
bool same_secret(std::string_view given, std::string_view expected) {
    unsigned char diff = given.size() == expected.size() ? 0 : 1;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
        diff |= static_cast<unsigned char>(g ^ static_cast<unsigned char>(expected[i]));
    }
    return diff == 0 && !expected.empty();
}

std::string conflict_advice(const std::string& description) {
    if (ascii_lower(description).find("webhook") != std::string::npos)
        return "a webhook is set for this bot, so it cannot poll; set telegram.mode to \"webhook\", or stop whatever set it";
    return "another process is polling this bot's updates; run only one frontline per bot token";
}

}  // namespace

void TelegramAdapter::stop() {
    stopped_ = true;
    connected_ = false;
    stop_signal_.expires_at(steady_clock::time_point::min());
}

void TelegramAdapter::fail_fatally(std::string message) {
    if (fatal_.empty()) {
        fatal_ = std::move(message);
        log(LogLevel::error, fatal_);
    }
    stop();
}

net::awaitable<void> TelegramAdapter::run(InboundSink& sink) {
    sink_ = &sink;
    stopped_ = false;
    stop_signal_.expires_at(steady_clock::time_point::max());
    struct StopOnExit {
        TelegramAdapter* self;
        ~StopOnExit() { self->stop(); }
    } stop_on_exit{this};
    net::Backoff backoff(net::BackoffPolicy{settings_.reconnect_initial, settings_.reconnect_max, 2.0, 0.5});
    while (!self_ && !stopped_) {
        auto ok = co_await verify();
        if (ok) break;
        if (ok.error().code == Errc::auth) throw TelegramStartupError(ok.error().message);
        log(LogLevel::warn, ok.error().message);
        (void)co_await net::wait_for(backoff.next());
    }
    if (stopped_) co_return;
    co_await set_up_commands();
    if (settings_.mode == Mode::webhook) co_await run_webhook_mode();
    else co_await poll_loop();
    if (!fatal_.empty()) throw TelegramStartupError(fatal_);
}

net::awaitable<void> TelegramAdapter::run_webhook_mode() {
    using namespace asio::experimental::awaitable_operators;
    net::Backoff backoff(net::BackoffPolicy{settings_.reconnect_initial, settings_.reconnect_max, 2.0, 0.5});
    const json body = {{"url", settings_.webhook_url}, {"secret_token", settings_.webhook_secret},
                       {"allowed_updates", kAllowedUpdates}, {"max_connections", 8}};
    while (!stopped_) {
        std::string method_setWebhook = "setWebhook";
        std::string body_setWebhook = body.dump();
        auto a = co_await api_.call(std::move(method_setWebhook), std::move(body_setWebhook), settings_.request_timeout);
        if (a.ok()) break;
        if (a.status.verdict == ApiVerdict::auth || a.status.verdict == ApiVerdict::rejected) {
            fail_fatally("telegram: setWebhook refused (" + a.status.description + "); check telegram.webhook_url (" +
                         settings_.webhook_url + "): Telegram posts only to public https URLs");
            co_return;
        }
        log(LogLevel::warn, "telegram setWebhook: " + a.status.description);
        (void)co_await net::wait_for(a.status.retry_after.count() > 0 ? std::chrono::milliseconds(a.status.retry_after) : backoff.next());
    }
    if (stopped_) co_return;
    connected_ = true;
    log(LogLevel::info, "telegram: receiving updates at " + settings_.webhook_path);
    // The work happens in on_webhook(); this only waits to be stopped.
    co_await stop_signal_.async_wait(asio::as_tuple(asio::use_awaitable));
}

net::awaitable<void> TelegramAdapter::poll_loop() {
    using namespace asio::experimental::awaitable_operators;
    net::Backoff backoff(net::BackoffPolicy{settings_.reconnect_initial, settings_.reconnect_max, 2.0, 0.5});
    // A webhook left from webhook mode would answer every getUpdates with 409. Pending updates stay.
    for (bool deleted = false; !deleted && !stopped_;) {
        std::string method_deleteWebhook = "deleteWebhook";
        std::string body_deleteWebhook = json{{"drop_pending_updates", false}}.dump();
        auto a = co_await api_.call(std::move(method_deleteWebhook), std::move(body_deleteWebhook), settings_.request_timeout);
        deleted = a.ok();
        if (a.status.verdict == ApiVerdict::auth) {
            fail_fatally("telegram: Telegram refused the bot token in " + settings_.token_env + " (" + a.status.description + ")");
            co_return;
        }
        if (!deleted) (void)co_await net::wait_for(backoff.next());
    }
    // The server holds the request up to the poll timeout: our read must wait longer than that.
    const auto hold = std::chrono::seconds(settings_.poll_timeout_seconds);
    const auto http_timeout = std::chrono::milliseconds(hold) + std::chrono::seconds(15);
    while (!stopped_) {
        json body = {{"timeout", settings_.poll_timeout_seconds}, {"allowed_updates", kAllowedUpdates}};
        if (offset_ != 0) body["offset"] = offset_;
        std::string method = "getUpdates";
        auto poll = api_.call(std::move(method), body.dump(), http_timeout);
        auto polled = co_await (std::move(poll) || stop_signal_.async_wait(asio::as_tuple(asio::use_awaitable)));
        if (polled.index() == 1 || stopped_) break;
        auto a = std::get<0>(std::move(polled));
        switch (a.status.verdict) {
            case ApiVerdict::ok: break;
            case ApiVerdict::conflict:
                fail_fatally("telegram: getUpdates answered 409 Conflict (" + a.status.description + "): " +
                             conflict_advice(a.status.description));
                co_return;
            case ApiVerdict::auth:
                fail_fatally("telegram: Telegram refused the bot token in " + settings_.token_env + " (" + a.status.description +
                             "); was it revoked in BotFather?");
                co_return;
            case ApiVerdict::rate_limited:
                connected_ = false;
                log(LogLevel::warn, "telegram getUpdates: rate limited for " + std::to_string(a.status.retry_after.count()) + " s");
                (void)co_await net::wait_for(a.status.retry_after);
                continue;
            default:
                connected_ = false;
                log(LogLevel::warn, "telegram getUpdates: " + a.status.description);
                (void)co_await net::wait_for(backoff.next());
                continue;
        }
        auto batch = parse_get_updates(a.body, context());
        if (!batch) {
            log(LogLevel::warn, batch.error().message);
            (void)co_await net::wait_for(backoff.next());
            continue;
        }
        connected_ = true;
        backoff.reset();
        if (batch->updates.empty()) continue;
        // Durable before the offset moves: the next getUpdates confirms what this one returned.
        if (!co_await commit_updates(std::move(batch->updates))) {
            (void)co_await net::wait_for(backoff.next());
            continue;
        }
        offset_ = *batch->next_offset;
    }
}

net::awaitable<bool> TelegramAdapter::commit_updates(std::vector<DecodedUpdate> updates) {
    std::vector<InboundEvent> events;
    std::vector<std::string> presses;
    for (auto& u : updates) {
        if (!u.callback_query_id.empty()) presses.push_back(u.callback_query_id);
        if (u.membership) {
            const auto& m = *u.membership;
            const bool ours = settings_.agents_chats.count(m.chat_id) > 0;
            log(ours && !m.present() ? LogLevel::error : LogLevel::info,
                std::string("telegram: the bot is now '") + m.status + "' in chat " + m.chat_id + " \"" + m.chat_title + "\"" +
                    (ours ? (m.present() ? " (the agents' chat)" : " (the agents' chat: escalations cannot reach the agents there; add the bot again)") : ""));
        }
        if (!u.event) {
            if (!u.ignored.empty()) log(LogLevel::debug, "telegram: ignored update " + std::to_string(u.update_id) + ": " + u.ignored);
            continue;
        }
        if (u.event->kind == InboundKind::choice) {
            // The button names an outbox row and a position; the row knows what the choice meant.
            const auto ref = decode_callback_data(u.callback_data);
            if (ref && resolve_choice_) {
                auto row = co_await resolve_choice_(ref->outbox_id);
                if (!row) {
                    log(LogLevel::warn, "telegram: cannot look up a pressed button: " + row.error().message);
                    co_return false;
                }
                // Only a button we sent to this very chat counts.
                const auto& m = *row;
                if (m && m->to.platform == "telegram" && m->to.conversation_id == u.event->where.conversation_id &&
                    ref->index < m->choices.size()) {
                    u.event->payload = m->choices[ref->index].payload;
                    u.event->text = m->choices[ref->index].label;
                }
            }
            // An unknown reference stays an empty payload: core answers it as a stale button.
        }
        events.push_back(std::move(*u.event));
    }
    if (!events.empty()) {
        auto committed = co_await sink_->commit(std::move(events));
        if (!committed) {
            log(LogLevel::warn, "telegram: not confirming updates: " + committed.error().message);
            co_return false;
        }
    }
    for (auto& id : presses) co_await answer_callback(std::move(id));
    co_return true;
}

net::awaitable<void> TelegramAdapter::answer_callback(std::string query_id) {
    // Stops the spinner on the user's button. Once only: a late answer is "query is too old",
    // which is logged and never retried (the press itself was committed).
    std::string method_answerCallbackQuery = "answerCallbackQuery";
    std::string body_answerCallbackQuery = json{{"callback_query_id", query_id}}.dump();
    auto a = co_await api_.call(std::move(method_answerCallbackQuery), std::move(body_answerCallbackQuery), std::chrono::seconds(5));
    if (a.status.verdict == ApiVerdict::stale_query) log(LogLevel::info, "telegram answerCallbackQuery: " + a.status.description);
    else if (!a.ok()) log(LogLevel::warn, "telegram answerCallbackQuery: " + a.status.description);
}

std::vector<AdapterRoute> TelegramAdapter::http_routes() {
    if (settings_.mode != Mode::webhook) return {};
    return {AdapterRoute{settings_.webhook_path, [this](net::IncomingRequest r) { return on_webhook(std::move(r)); }}};
}

net::awaitable<net::HttpResponse> TelegramAdapter::on_webhook(net::IncomingRequest request) {
    if (request.method != "POST") {
        auto r = net::make_response(405, "method not allowed\n");
        r.headers.set("Allow", "POST");
        co_return r;
    }
    // Anyone can POST here; only Telegram knows the secret we gave setWebhook.
    const auto secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token");
    if (!secret || !same_secret(*secret, settings_.webhook_secret)) {
        log(LogLevel::warn, "telegram webhook: a POST from " + request.remote_address + " without the right secret token");
        co_return net::make_response(401, "unauthorized\n");
    }
    if (!sink_ || stopped_) co_return net::make_response(503, "not ready\n");
    auto update = parse_update(request.body, context());
    if (!update) co_return net::make_response(400, "not an update\n");
    std::vector<DecodedUpdate> one;
    one.push_back(std::move(*update));
    // 200 only once the update is committed: any other answer makes Telegram deliver it again.
    if (!co_await commit_updates(std::move(one))) co_return net::make_response(503, "not recorded, try again\n");
    co_return net::make_response(200, "");
}

}  // namespace frontline::telegram
