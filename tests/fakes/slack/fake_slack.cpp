// FakeSlack's public API: start/stop, the workspace, what users do, faults and observation.
#include "tests/fakes/slack/fake_slack.hpp"

#include <algorithm>

#include <boost/asio/co_spawn.hpp>

#include "tests/fakes/slack/fake_slack_impl.hpp"

namespace frontline::fakes {

FakeSlack::FakeSlack(net::Executor executor, FakeSlackOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options))) {}

FakeSlack::~FakeSlack() { stop(); }

Status FakeSlack::start() {
    impl_->server = std::make_unique<net::HttpServer>(impl_->ex);
    std::weak_ptr<Impl> weak = impl_;
    impl_->server->on_request([weak](net::IncomingRequest req) -> net::awaitable<net::HttpResponse> {
        auto self = weak.lock();
        if (!self) co_return net::make_response(503, "gone");
        co_return co_await self->handle(std::move(req));
    });
    impl_->server->on_websocket("/link/", [weak](net::WebSocketPtr ws) -> net::awaitable<void> {
        auto self = weak.lock();
        if (!self) co_return;
        co_await Impl::serve_socket(self, std::move(ws));
    });
    if (auto ok = impl_->server->listen("127.0.0.1:0"); !ok) return ok;
    impl_->port = impl_->server->port();
    return {};
}

void FakeSlack::stop() {
    if (impl_->server) impl_->server->stop();
}

std::string FakeSlack::api_base_url() const { return "http://127.0.0.1:" + std::to_string(impl_->port) + "/api/"; }
const FakeSlackOptions& FakeSlack::options() const { return impl_->opt; }

void FakeSlack::add_user(FakeUser user) {
    std::lock_guard lock(impl_->mu);
    auto id = user.id;
    impl_->users[id] = std::move(user);
    impl_->changed_locked();
}

void FakeSlack::add_channel(std::string id, std::string name) {
    std::lock_guard lock(impl_->mu);
    impl_->channels[std::move(id)] = std::move(name);
}

void FakeSlack::add_foreign_channel(std::string id, std::string name) {
    std::lock_guard lock(impl_->mu);
    impl_->foreign_channels[std::move(id)] = std::move(name);
}

std::string FakeSlack::user_dm(const std::string& user, const std::string& text) {
    std::lock_guard lock(impl_->mu);
    return impl_->message_event_locked(user, impl_->dm_of_locked(user), "im", text, "", "message");
}

std::string FakeSlack::user_mention(const std::string& user, const std::string& channel, const std::string& text,
                                    bool also_as_channel_message) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    const auto ts = s.next_ts_locked();
    json event = {{"client_msg_id", s.next_id_locked("cm-")}, {"type", "app_mention"},
                  {"text", "<@" + s.opt.bot_user_id + "> " + text}, {"user", user}, {"ts", ts},
                  {"team", s.opt.team_id}, {"channel", channel}, {"event_ts", ts}};
    s.enqueue_locked("events_api", s.event_callback_locked(event), false);
    if (also_as_channel_message) {
        // Subscribed to message.channels too, Slack sends the same message again with its own event_id.
        event["type"] = "message";
        event["channel_type"] = "channel";
        s.enqueue_locked("events_api", s.event_callback_locked(std::move(event)), false);
    }
    return ts;
}

std::string FakeSlack::user_channel_message(const std::string& user, const std::string& channel,
                                            const std::string& text, const std::string& thread_ts) {
    std::lock_guard lock(impl_->mu);
    return impl_->message_event_locked(user, channel, "channel", text, thread_ts, "message");
}

std::string FakeSlack::slash_command(const std::string& user, const std::string& channel, const std::string& command,
                                     const std::string& text) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    const auto name = s.users.count(user) ? s.users[user].name : user;
    json payload = {{"token", "fake-verification-token"},
                    {"team_id", s.opt.team_id},
                    {"team_domain", "fake"},
                    {"channel_id", channel},
                    {"channel_name", s.channels.count(channel) ? s.channels[channel] : "directmessage"},
                    {"user_id", user},
                    {"user_name", name},
                    {"command", command},
                    {"text", text},
                    {"api_app_id", s.opt.app_id},
                    {"is_enterprise_install", "false"},
                    {"response_url", "https://hooks.slack.invalid/commands/" + s.next_id_locked("r")},
                    {"trigger_id", s.issue_trigger_locked(user)}};
    return s.enqueue_locked("slash_commands", std::move(payload), true);
}

Result<std::string> FakeSlack::click(const std::string& user, const std::string& channel, const std::string& ts,
                                     const std::string& label) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    const auto post = std::find_if(s.posts.begin(), s.posts.end(),
                                   [&](const FakePost& p) { return p.channel == channel && p.ts == ts; });
    if (post == s.posts.end()) return make_error(Errc::not_found, "fake slack: no message " + channel + "/" + ts);
    const auto button = std::find_if(post->buttons.begin(), post->buttons.end(),
                                     [&](const FakeButton& b) { return b.label == label; });
    if (button == post->buttons.end())
        return make_error(Errc::not_found, "fake slack: no button '" + label + "' on " + channel + "/" + ts);
    json message = {{"bot_id", s.opt.bot_id}, {"type", "message"}, {"text", post->text},
                    {"user", s.opt.bot_user_id}, {"ts", post->ts}, {"app_id", s.opt.app_id},
                    {"team", s.opt.team_id}};
    if (!post->blocks_json.empty()) message["blocks"] = json::parse(post->blocks_json);
    if (!post->thread_ts.empty()) message["thread_ts"] = post->thread_ts;
    const auto name = s.users.count(user) ? s.users[user].name : user;
    json payload = {
        {"type", "block_actions"},
        {"user", {{"id", user}, {"username", name}, {"name", name}, {"team_id", s.opt.team_id}}},
        {"api_app_id", s.opt.app_id},
        {"token", "fake-verification-token"},
        {"container", {{"type", "message"}, {"message_ts", ts}, {"channel_id", channel}, {"is_ephemeral", false}}},
        {"trigger_id", s.issue_trigger_locked(user)},
        {"team", {{"id", s.opt.team_id}, {"domain", "fake"}}},
        {"enterprise", nullptr},
        {"is_enterprise_install", false},
        {"channel", {{"id", channel}, {"name", s.channels.count(channel) ? s.channels[channel] : "directmessage"}}},
        {"message", message},
        {"state", {{"values", json::object()}}},
        {"response_url", s.issue_response_url_locked(channel, ts, user)},
        {"actions", json::array({{{"action_id", button->action_id},
                                  {"block_id", "b"},
                                  {"text", {{"type", "plain_text"}, {"text", button->label}, {"emoji", true}}},
                                  {"value", button->value},
                                  {"type", "button"},
                                  {"action_ts", s.next_ts_locked()}}})}};
    return s.enqueue_locked("interactive", std::move(payload), false);
}

Result<std::string> FakeSlack::submit_view(const std::string& user, const std::string& view_id, const std::string& block_id,
                                           const std::string& action_id, const std::string& value) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    const auto view = std::find_if(s.views.begin(), s.views.end(), [&](const FakeView& v) { return v.id == view_id; });
    if (view == s.views.end() || view->submitted) return make_error(Errc::not_found, "fake slack: no open modal " + view_id);
    view->submitted = true;  // Slack closes a modal on an empty ack; the test submits it once
    json sent = json::parse(view->view_json);
    sent["id"] = view->id;
    sent["hash"] = s.next_id_locked("h.");
    sent["team_id"] = s.opt.team_id;
    sent["app_id"] = s.opt.app_id;
    sent["state"] = {{"values", {{block_id, {{action_id, {{"type", "plain_text_input"}, {"value", value}}}}}}}};
    const auto name = s.users.count(user) ? s.users[user].name : user;
    json payload = {
        {"type", "view_submission"},
        {"team", {{"id", s.opt.team_id}, {"domain", "fake"}}},
        {"user", {{"id", user}, {"username", name}, {"name", name}, {"team_id", s.opt.team_id}}},
        {"api_app_id", s.opt.app_id},
        {"token", "fake-verification-token"},
        {"trigger_id", s.issue_trigger_locked(user)},
        {"view", sent},
        {"response_urls", json::array()},
        {"is_enterprise_install", false},
    };
    return s.enqueue_locked("interactive", std::move(payload), true);
}

std::vector<FakeView> FakeSlack::views() const {
    std::lock_guard lock(impl_->mu);
    return impl_->views;
}

std::string FakeSlack::raw_event(const std::string& event_json) {
    std::lock_guard lock(impl_->mu);
    return impl_->enqueue_locked("events_api", impl_->event_callback_locked(json::parse(event_json)), false);
}

void FakeSlack::rate_limit(const std::string& method, int count, int retry_after_s) {
    std::lock_guard lock(impl_->mu);
    impl_->rate_limits[method] = {count, retry_after_s};
}

void FakeSlack::disconnect_all(const std::string& reason) {
    std::lock_guard lock(impl_->mu);
    for (auto& c : impl_->conns) {
        c->ws->send(json{{"type", "disconnect"}, {"reason", reason}, {"debug_info", {{"host", "fake-applink"}}}}.dump());
        if (reason == "warning") continue;  // a heads-up: the refresh comes later
        c->draining = true;
        if (reason == "link_disabled") c->ws->close(1000, "link disabled");
        else spawn(impl_->ex, Impl::close_later(impl_, c));
    }
    impl_->changed_locked();
}

void FakeSlack::expire_response_urls() {
    std::lock_guard lock(impl_->mu);
    for (auto& [id, r] : impl_->response_urls) r.expires = std::chrono::steady_clock::now();
}

void FakeSlack::duplicate_next_envelope() {
    std::lock_guard lock(impl_->mu);
    impl_->duplicate_next = true;
}

void FakeSlack::drop_connections() {
    std::lock_guard lock(impl_->mu);
    for (auto& c : impl_->conns) c->ws->close(1011, "gone");
    impl_->changed_locked();
}

std::vector<FakePost> FakeSlack::posts() const {
    std::lock_guard lock(impl_->mu);
    return impl_->posts;
}

std::vector<FakePost> FakeSlack::posts_in(const std::string& channel) const {
    std::lock_guard lock(impl_->mu);
    std::vector<FakePost> out;
    for (const auto& p : impl_->posts)
        if (p.channel == channel) out.push_back(p);
    return out;
}

std::vector<FakeCall> FakeSlack::calls() const {
    std::lock_guard lock(impl_->mu);
    return impl_->calls;
}

int FakeSlack::calls_of(const std::string& method) const {
    std::lock_guard lock(impl_->mu);
    return static_cast<int>(std::count_if(impl_->calls.begin(), impl_->calls.end(),
                                          [&](const FakeCall& c) { return c.method == method; }));
}

int FakeSlack::deliveries() const {
    std::lock_guard lock(impl_->mu);
    return impl_->delivery_count;
}

std::string FakeSlack::envelope_payload(const std::string& envelope_id) const {
    std::lock_guard lock(impl_->mu);
    const auto it = impl_->envelopes.find(envelope_id);
    return it == impl_->envelopes.end() ? std::string() : it->second.payload.dump();
}

int FakeSlack::connections_delivered_to() const {
    std::lock_guard lock(impl_->mu);
    return static_cast<int>(impl_->delivered_to.size());
}

int FakeSlack::acks() const {
    std::lock_guard lock(impl_->mu);
    return impl_->ack_count;
}

std::vector<std::string> FakeSlack::unacked() const {
    std::lock_guard lock(impl_->mu);
    std::vector<std::string> out;
    for (const auto& [id, env] : impl_->envelopes)
        if (!env.acked) out.push_back(id);
    return out;
}

int FakeSlack::open_connections() const {
    std::lock_guard lock(impl_->mu);
    return static_cast<int>(impl_->conns.size());
}

int FakeSlack::connections_opened() const {
    std::lock_guard lock(impl_->mu);
    return impl_->opened_count;
}

std::string FakeSlack::dm_channel_of(const std::string& user) {
    std::lock_guard lock(impl_->mu);
    return impl_->dm_of_locked(user);
}

bool FakeSlack::wait_until(const std::function<bool()>& pred, std::chrono::milliseconds limit) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        std::uint64_t seen;
        {
            std::lock_guard lock(impl_->mu);
            seen = impl_->generation;
        }
        if (pred()) return true;  // called without the lock: predicates read through the public API
        std::unique_lock lock(impl_->mu);
        if (!impl_->cv.wait_until(lock, deadline, [&] { return impl_->generation != seen; })) {
            lock.unlock();
            return pred();
        }
    }
}

}  // namespace frontline::fakes
