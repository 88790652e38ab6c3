// Socket Mode side of the fake: single-use tickets, hello, envelopes, acks, redelivery, disconnects.
// https://docs.slack.dev/apis/events-api/using-socket-mode
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/this_coro.hpp>

#include "tests/fakes/slack/fake_slack_impl.hpp"

namespace frontline::fakes {

namespace asio = boost::asio;

void spawn(const net::Executor& ex, net::awaitable<void> task) {
    asio::co_spawn(ex, std::move(task), [](std::exception_ptr) {});
}

std::string FakeSlack::Impl::enqueue_locked(std::string type, json payload, bool accepts_response_payload) {
    FakeEnvelope env;
    env.id = next_id_locked("env-");
    env.type = std::move(type);
    env.payload = std::move(payload);
    env.accepts_response_payload = accepts_response_payload;
    env.duplicate_after_ack = std::exchange(duplicate_next, false);
    const auto id = env.id;
    envelopes.emplace(id, std::move(env));
    deliver_locked(id);
    return id;
}

void FakeSlack::Impl::deliver_locked(const std::string& envelope_id) {
    auto it = envelopes.find(envelope_id);
    if (it == envelopes.end()) return;
    std::shared_ptr<FakeConnection> target;
    // Each envelope goes to exactly one open connection; Slack's choice is unpredictable, ours is
    // round robin over the connections not told to refresh.
    for (std::size_t i = 0; i < conns.size() && !target; ++i) {
        auto& c = conns[(next_conn + i) % conns.size()];
        if (!c->draining && c->ws->is_open()) {
            target = c;
            next_conn = (next_conn + i + 1) % conns.size();
        }
    }
    if (!target) {
        pending.push_back(envelope_id);
        changed_locked();
        return;
    }
    const auto& env = it->second;
    json frame = {{"envelope_id", env.id},
                  {"payload", env.payload},
                  {"type", env.type},
                  {"accepts_response_payload", env.accepts_response_payload},
                  {"retry_attempt", env.attempt},
                  {"retry_reason", env.retry_reason}};
    target->ws->send(frame.dump());
    ++delivery_count;
    delivered_to.insert(target->id);
    changed_locked();
    spawn(ex, ack_deadline(shared_from_this(), env.id, env.attempt));
}

void FakeSlack::Impl::flush_pending_locked() {
    auto waiting = std::move(pending);
    pending.clear();
    for (const auto& id : waiting) deliver_locked(id);
}

net::awaitable<void> FakeSlack::Impl::ack_deadline(std::shared_ptr<Impl> self, std::string envelope_id, int attempt) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(self->opt.ack_timeout);
    co_await timer.async_wait(asio::use_awaitable);
    std::lock_guard lock(self->mu);
    auto it = self->envelopes.find(envelope_id);
    if (it == self->envelopes.end() || it->second.acked || it->second.attempt != attempt) co_return;
    if (attempt >= self->opt.max_retries) co_return;  // Slack gives up after its retries
    it->second.attempt = attempt + 1;
    it->second.retry_reason = "timeout";
    self->deliver_locked(envelope_id);
}

void FakeSlack::Impl::on_ack_locked(const json& frame) {
    const auto id = frame.value("envelope_id", std::string{});
    auto it = envelopes.find(id);
    if (it == envelopes.end()) return;
    ++ack_count;
    if (frame.contains("payload")) it->second.ack_payload = frame["payload"];
    const bool first_ack = !it->second.acked;
    it->second.acked = true;
    if (first_ack && it->second.duplicate_after_ack) {
        // The ack "got lost": Slack redelivers the same envelope as a timeout retry.
        it->second.duplicate_after_ack = false;
        it->second.acked = false;
        it->second.attempt += 1;
        it->second.retry_reason = "timeout";
        deliver_locked(id);
    }
    changed_locked();
}

net::awaitable<void> FakeSlack::Impl::close_later(std::shared_ptr<Impl> self, std::shared_ptr<FakeConnection> c) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(self->opt.refresh_grace);
    co_await timer.async_wait(asio::use_awaitable);
    c->ws->close(1000, "refresh");
}

namespace {
std::string query_value(const std::string& query, const std::string& key) {
    std::size_t pos = 0;
    while (pos <= query.size()) {
        auto amp = query.find('&', pos);
        if (amp == std::string::npos) amp = query.size();
        const auto pair = query.substr(pos, amp - pos);
        if (pair.starts_with(key + "=")) return pair.substr(key.size() + 1);
        pos = amp + 1;
    }
    return {};
}
}  // namespace

net::awaitable<void> FakeSlack::Impl::serve_socket(std::shared_ptr<Impl> self, net::WebSocketPtr ws) {
    auto conn = std::make_shared<FakeConnection>();
    conn->ws = ws;
    {
        std::lock_guard lock(self->mu);
        const auto ticket = query_value(ws->request().query, "ticket");
        // Socket URLs are single-use: reusing one is refused, as clients that loop on a stale URL learn.
        if (self->tickets.erase(ticket) == 0) {
            ws->close(1008, "invalid or used ticket");
            self->changed_locked();
            co_return;
        }
        conn->id = ++self->opened_count;
        self->conns.push_back(conn);
        ws->send(json{{"type", "hello"},
                      {"num_connections", static_cast<int>(self->conns.size())},
                      {"debug_info", {{"host", "fake-applink-" + std::to_string(conn->id)},
                                      {"build_number", 1},
                                      {"approximate_connection_time", 18060}}},
                      {"connection_info", {{"app_id", self->opt.app_id}}}}
                     .dump());
        self->flush_pending_locked();
        self->changed_locked();
    }
    for (;;) {
        auto frame = co_await ws->read();
        if (!frame) break;
        auto j = json::parse(*frame, nullptr, false);
        std::lock_guard lock(self->mu);
        if (j.is_object() && j.contains("envelope_id")) self->on_ack_locked(j);
    }
    std::lock_guard lock(self->mu);
    std::erase(self->conns, conn);
    self->changed_locked();
}

}  // namespace frontline::fakes
