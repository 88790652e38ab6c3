// getUpdates as Telegram serves it: a later offset confirms (and forgets) earlier updates, a poll
// with nothing to return is held up to `timeout` seconds (capped at 50) and answered as soon as an
// update arrives, a newer poll ends the older one with 409, and so does a webhook. Webhook
// deliveries POST one update with the secret header and count it confirmed on a 2xx.
// https://core.telegram.org/bots/api#getupdates
#include <future>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/net/http_client.hpp"
#include "tests/fakes/telegram/fake_telegram_impl.hpp"

namespace frontline::fakes {

namespace asio = boost::asio;

namespace {

constexpr const char* kTerminatedByPoller =
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";

bool allowed(const json& allowed_updates, const std::string& kind) {
    if (!allowed_updates.is_array() || allowed_updates.empty())
        return kind != "chat_member" && kind != "message_reaction" && kind != "message_reaction_count";
    for (const auto& k : allowed_updates)
        if (k.is_string() && k.get<std::string>() == kind) return true;
    return false;
}

}  // namespace

void FakeTelegram::Impl::wake_polls_locked() {
    for (const auto& t : waiting) asio::post(ex, [t] { t->cancel(); });
}

net::awaitable<net::HttpResponse> FakeTelegram::Impl::get_updates(std::shared_ptr<Impl> self, json args, std::string via) {
    std::uint64_t mine = 0;
    std::chrono::steady_clock::time_point deadline;
    {
        std::lock_guard lock(self->mu);
        auto& s = *self;
        FakeTgCall call{"getupdates", 200, "", args.dump(), via};
        auto fail = [&](net::HttpResponse r) {
            call.status = r.status;
            call.description = json::parse(r.body).value("description", "");
            s.calls.push_back(call);
            s.changed_locked();
            return r;
        };
        for (const std::string& key : {std::string("getupdates"), std::string("*")}) {
            auto it = s.rate_limits.find(key);
            if (it != s.rate_limits.end() && it->second.first > 0) {
                --it->second.first;
                co_return fail(tg_error(429, "Too Many Requests: retry after " + std::to_string(it->second.second), it->second.second));
            }
        }
        if (!s.webhook.empty()) co_return fail(tg_error(409, "Conflict: " + s.webhook_conflict));
        if (s.competing_poller) co_return fail(tg_error(409, kTerminatedByPoller));
        s.calls.push_back(call);
        const auto offset = args.value("offset", std::int64_t{0});
        if (offset > 0) {
            while (!s.updates.empty() && s.updates.front().id < offset) s.updates.pop_front();
        } else if (offset < 0) {
            while (static_cast<std::int64_t>(s.updates.size()) > -offset) s.updates.pop_front();
        }
        if (args.contains("allowed_updates")) s.allowed_updates = args["allowed_updates"];
        mine = ++s.poll_seq;
        s.wake_polls_locked();  // an older poll still held ends with 409
        const auto timeout = std::clamp<std::int64_t>(args.value("timeout", std::int64_t{0}), 0, 50);
        deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout);
        s.changed_locked();
    }
    const auto limit = std::clamp<std::int64_t>(args.value("limit", std::int64_t{100}), 1, 100);
    for (;;) {
        auto timer = std::make_shared<asio::steady_timer>(self->ex, deadline);
        {
            std::lock_guard lock(self->mu);
            auto& s = *self;
            if (s.poll_seq != mine || s.competing_poller) co_return tg_error(409, kTerminatedByPoller);
            if (!s.webhook.empty()) co_return tg_error(409, "Conflict: terminated by setWebhook request");
            json result = json::array();
            for (const auto& u : s.updates) {
                if (static_cast<std::int64_t>(result.size()) >= limit) break;
                if (!allowed(s.allowed_updates, u.kind)) continue;
                result.push_back(u.body);
                s.handed.push_back(u.id);
            }
            if (!result.empty() || std::chrono::steady_clock::now() >= deadline || !s.server) {
                s.changed_locked();
                co_return tg_ok(std::move(result));
            }
            s.waiting.insert(timer);
        }
        (void)co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
        std::lock_guard lock(self->mu);
        self->waiting.erase(timer);
    }
}

Result<int> FakeTelegram::deliver_webhook(WebhookSecret secret) {
    std::promise<Result<int>> done;
    auto self = impl_;
    asio::co_spawn(
        impl_->ex,
        [self, secret, &done]() -> net::awaitable<void> {
            net::HttpRequest req;
            std::int64_t id = 0;
            {
                std::lock_guard lock(self->mu);
                if (self->webhook.empty()) {
                    done.set_value(make_error(Errc::not_found, "fake telegram: no webhook is set"));
                    co_return;
                }
                if (self->updates.empty()) {
                    done.set_value(make_error(Errc::not_found, "fake telegram: no update to deliver"));
                    co_return;
                }
                id = self->updates.front().id;
                req.url = self->webhook;
                req.body = self->updates.front().body.dump();
                if (secret == WebhookSecret::right) req.headers.set("X-Telegram-Bot-Api-Secret-Token", self->webhook_secret);
                if (secret == WebhookSecret::wrong) req.headers.set("X-Telegram-Bot-Api-Secret-Token", self->webhook_secret + "x");
                self->handed.push_back(id);
            }
            req.method = "POST";
            req.headers.set("Content-Type", "application/json");
            net::HttpClient client(self->ex, nullptr);
            auto res = co_await client.request(std::move(req));
            if (!res) {
                done.set_value(res.error());
                co_return;
            }
            {
                std::lock_guard lock(self->mu);
                if (res->status / 100 == 2 && !self->updates.empty() && self->updates.front().id == id) self->updates.pop_front();
                self->changed_locked();
            }
            done.set_value(res->status);
        },
        asio::detached);
    return done.get_future().get();
}

}  // namespace frontline::fakes
