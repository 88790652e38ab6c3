// SlackAdapter's receiving side: Socket Mode connections, make-before-break refresh, envelopes to
// the engine loop and acks after the commit. https://docs.slack.dev/apis/events-api/using-socket-mode
#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "adapters/net/backoff.hpp"
#include "adapters/net/wait.hpp"
#include "adapters/slack/mrkdwn.hpp"
#include "adapters/slack/slack_adapter.hpp"

namespace frontline::slack {

namespace asio = boost::asio;
using std::chrono::steady_clock;

namespace {
/// A Web API answer as a Result, so net::with_deadline can bound it.
net::awaitable<Result<ApiAnswer>> as_result(net::awaitable<ApiAnswer> call) { co_return co_await std::move(call); }
}  // namespace

/// One Socket Mode WebSocket. `signal` fires (expires at min) when the slot that opened it should
/// open the next one: on refresh_requested (while this one drains) or when this one ended.
struct SlackAdapter::Connection {
    explicit Connection(net::Executor ex, net::WebSocketPtr socket) : ws(std::move(socket)), signal(ex, steady_clock::time_point::max()) {}
    void fire() { signal.expires_at(steady_clock::time_point::min()); }

    net::WebSocketPtr ws;
    asio::steady_timer signal;
    bool hello = false;
    bool refresh = false;
    bool link_disabled = false;
};

net::awaitable<Result<std::string>> SlackAdapter::open_socket_url() {
    // The URL is single-use: ask again before every connect (reusing one loops forever).
    auto a = co_await api_.call_form("apps.connections.open", "", WebApiClient::Token::app, settings_.reconnect_max);
    if (!a.ok()) {
        if (a.status.verdict == ApiVerdict::fatal)
            fail_fatally("slack: Slack refused the app-level token in " + settings_.app_token_env + " (" + a.status.error +
                         "); Socket Mode needs an xapp- token with the connections:write scope");
        co_return make_error(errc_of(a.status.verdict), "slack apps.connections.open: " + a.status.error);
    }
    co_return parse_connections_open(a.body);
}

net::awaitable<void> SlackAdapter::slot_loop(int slot) {
    net::Backoff backoff(net::BackoffPolicy{settings_.reconnect_initial, settings_.reconnect_max, 2.0, 0.5});
    while (!stopped_) {
        auto url = co_await open_socket_url();
        if (stopped_) break;
        if (!url) {
            log(LogLevel::warn, url.error().message);
            co_await net::wait_for(backoff.next());
            continue;
        }
        net::WebSocketOptions options;
        options.idle_timeout = settings_.idle_timeout;  // our watchdog against half-open sockets
        auto ws = co_await sockets_.connect(*url, {}, options);
        if (!ws) {
            log(LogLevel::warn, "slack socket " + std::to_string(slot) + ": " + ws.error().message);
            co_await net::wait_for(backoff.next());
            continue;
        }
        auto c = std::make_shared<Connection>(ex_, *ws);
        connections_.insert(c);
        asio::co_spawn(ex_, serve(c), [this, c](std::exception_ptr e) {
            if (e) log(LogLevel::error, "slack socket ended by an unexpected exception");
            connections_.erase(c);
            c->fire();
        });
        co_await c->signal.async_wait(asio::as_tuple(asio::use_awaitable));
        if (c->link_disabled) {
            fail_fatally("slack: Slack switched Socket Mode off for this app (link_disabled); turn Socket Mode on in "
                         "the app's settings and restart frontline");
            break;
        }
        if (c->hello) backoff.reset();
        if (c->refresh) continue;  // make-before-break: the old socket drains while we connect anew
        if (!stopped_) co_await net::wait_for(backoff.next());
    }
}

net::awaitable<void> SlackAdapter::serve(std::shared_ptr<Connection> c) {
    for (;;) {
        auto text = co_await c->ws->read();
        if (!text) {
            if (!stopped_ && !c->refresh) log(LogLevel::warn, "slack socket closed: " + text.error().message);
            break;
        }
        InboundContext ctx{self_.value_or(SelfIdentity{}), settings_.agents_channels, clock_.now(), settings_.asks_for_text};
        auto frame = parse_socket_frame(*text, ctx);
        if (!frame) {
            // Without an envelope id there is nothing to ack; Slack would redeliver a real envelope.
            log(LogLevel::warn, frame.error().message);
            continue;
        }
        switch (frame->type) {
            case FrameType::hello:
                c->hello = true;
                log(LogLevel::info, "slack socket connected (" + std::to_string(frame->num_connections) + " open)");
                break;
            case FrameType::disconnect:
                log(LogLevel::info, "slack asked to disconnect: " + frame->disconnect_reason);
                if (frame->disconnect_reason == "link_disabled") {
                    c->link_disabled = true;
                    c->fire();
                } else if (frame->disconnect_reason != "warning" && !c->refresh) {
                    c->refresh = true;  // keep reading here until Slack closes it
                    c->fire();
                }
                break;
            default:
                co_await handle_envelope(c, std::move(*frame));
                break;
        }
    }
    c->ws->close();
}

net::awaitable<void> SlackAdapter::handle_envelope(std::shared_ptr<Connection> c, SocketFrame frame) {
    if (frame.retry_attempt > 0)
        log(LogLevel::debug, "slack redelivered envelope " + frame.envelope_id + " (attempt " +
                                 std::to_string(frame.retry_attempt) + ", " + frame.retry_reason + ")");
    // Before the commit: the edit the click causes may be delivered as soon as it is committed.
    if (!frame.response_url.empty())
        response_urls_.remember(frame.response_url_message, frame.response_url, std::chrono::steady_clock::now());
    if (frame.events.empty()) {
        if (!frame.ignored.empty()) log(LogLevel::debug, "slack: ignored " + frame.ignored);
        c->ws->send(ack_frame(frame.envelope_id));
        // The trigger is valid for 3 s: open the modal now. A redelivered click (its ack lost)
        // would open a second one over the first, so only first deliveries do.
        if (frame.open_modal && frame.retry_attempt == 0) co_await open_reply_modal(*frame.open_modal);
        co_return;
    }
    co_await enrich(frame.events);
    const InboundEvent first = frame.events.front();  // the commit takes the events
    // Commit first, ack second: a crash in between means Slack redelivers and the inbox drops the copy.
    auto committed = co_await sink_->commit(std::move(frame.events));
    if (!committed) {
        log(LogLevel::warn, "slack: not acknowledging " + frame.envelope_id + ": " + committed.error().message);
        co_return;
    }
    c->ws->send(ack_frame(frame.envelope_id));
    if (!frame.mentioned_in_channel.empty()) co_await leave_mention_notice(frame, first);
}

net::awaitable<void> SlackAdapter::open_reply_modal(const ModalRequest& request) {
    std::string method = "views.open";
    std::string body = render_reply_modal(request, settings_.reply_modal);
    auto call = as_result(api_.call_json(std::move(method), std::move(body), WebApiClient::Token::bot, std::chrono::seconds(1)));
    auto opened = co_await net::with_deadline(std::move(call), std::chrono::seconds(2), "slack views.open");
    // Nothing is lost when it fails: the agent clicks again, or types `r <text>` in the thread.
    if (!opened) log(LogLevel::warn, "slack: the reply modal did not open: " + opened.error().message);
    else if (opened->status.verdict != ApiVerdict::ok)
        log(LogLevel::warn, "slack: the reply modal did not open: " + opened->status.error);
}

net::awaitable<void> SlackAdapter::leave_mention_notice(const SocketFrame& frame, const InboundEvent& e) {
    // A courtesy, not part of the conversation (which goes on in the DM through the outbox):
    // Slack keeps no ephemeral messages, so one lost to a crash or an error is simply not there.
    const std::string key = frame.mentioned_in_channel + ":" + frame.mention_ts;
    if (settings_.mention_notice.empty() || frame.retry_attempt > 0 ||
        std::find(noted_mentions_.begin(), noted_mentions_.end(), key) != noted_mentions_.end())
        co_return;
    noted_mentions_.push_back(key);
    if (noted_mentions_.size() > 1024) noted_mentions_.pop_front();
    auto text = settings_.mention_notice.find(e.locale_hint.substr(0, 2));
    if (text == settings_.mention_notice.end()) text = settings_.mention_notice.find(settings_.default_language);
    if (text == settings_.mention_notice.end()) text = settings_.mention_notice.begin();
    const nlohmann::json body = {{"channel", frame.mentioned_in_channel}, {"user", e.from.user_id}, {"text", to_mrkdwn(text->second)}};
    // Bounded: this runs after the ack, but the next envelope on this socket waits for it.
    // (Arguments named first: GCC 12 destroys temporaries inside co_await twice.)
    std::string method = "chat.postEphemeral";
    std::string payload = body.dump();
    auto call = as_result(api_.call_json(std::move(method), std::move(payload), WebApiClient::Token::bot, std::chrono::seconds(1)));
    auto sent = co_await net::with_deadline(std::move(call), std::chrono::seconds(2), "slack chat.postEphemeral");
    if (!sent) {
        log(LogLevel::info, "slack: no note in " + frame.mentioned_in_channel + ": " + sent.error().message);
    } else if (sent->status.verdict != ApiVerdict::ok) {
        log(LogLevel::info, "slack: no note in " + frame.mentioned_in_channel + ": " + sent->status.error);
    }
}

net::awaitable<void> SlackAdapter::enrich(std::vector<InboundEvent>& events) {
    for (auto& e : events) {
        auto p = co_await net::with_deadline(users_.profile(e.from.user_id), std::chrono::seconds(2), "slack users.info");
        if (!p) {
            // The event matters more than the profile: commit without it.
            log(LogLevel::debug, p.error().message);
            continue;
        }
        if (e.display_name.empty() || !p->name.empty()) e.display_name = p->name.empty() ? e.display_name : p->name;
        if (e.locale_hint.empty()) e.locale_hint = p->locale;
        if (e.contact.empty()) e.contact = p->email;
        // The profile's zone ("tz"): the desk tells the person times on their own clock.
        if (e.time_zone.empty()) e.time_zone = p->tz;
        if (e.phone.empty()) e.phone = p->phone;
    }
}

bool SlackAdapter::connected() const {
    for (const auto& c : connections_)
        if (c->hello && c->ws->is_open() && !c->refresh) return true;
    return false;
}

void SlackAdapter::stop() {
    stopped_ = true;
    for (const auto& c : connections_) {
        c->ws->close(1000, "shutting down");
        c->fire();
    }
}

void SlackAdapter::fail_fatally(std::string message) {
    if (fatal_.empty()) {
        fatal_ = std::move(message);
        log(LogLevel::error, fatal_);
    }
    stop();
}

net::awaitable<void> SlackAdapter::run(InboundSink& sink) {
    sink_ = &sink;
    stopped_ = false;
    // However run() ends (stop, fatal error, cancellation by the service), the sockets close.
    struct StopOnExit {
        SlackAdapter* self;
        ~StopOnExit() { self->stop(); }
    } stop_on_exit{this};
    if (!self_) {
        auto ok = co_await verify();
        if (!ok) throw SlackStartupError(ok.error().message);
    }
    auto alive = std::make_shared<int>(settings_.connections);
    auto all_done = std::make_shared<asio::steady_timer>(ex_, steady_clock::time_point::max());
    for (int slot = 1; slot < settings_.connections; ++slot) {
        asio::co_spawn(ex_, slot_loop(slot), [this, alive, all_done](std::exception_ptr e) {
            if (e) log(LogLevel::error, "slack socket slot ended by an unexpected exception");
            if (--*alive == 0) all_done->expires_at(steady_clock::time_point::min());
        });
    }
    co_await slot_loop(0);
    stop();  // slot 0 ends on stop() or a fatal error: the others follow
    if (--*alive > 0) co_await all_done->async_wait(asio::as_tuple(asio::use_awaitable));
    if (!fatal_.empty()) throw SlackStartupError(fatal_);
}

}  // namespace frontline::slack
