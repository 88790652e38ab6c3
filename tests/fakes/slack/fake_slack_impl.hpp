#pragma once
// Internal state of FakeSlack, shared by its translation units. One mutex guards everything; it is
// never held across a co_await. WebSocket send()/close() are thread-safe and never block.
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>

#include <nlohmann/json.hpp>

#include "adapters/net/http_server.hpp"
#include "tests/fakes/slack/fake_slack.hpp"

namespace frontline::fakes {

using nlohmann::json;

struct FakeEnvelope {
    std::string id;
    std::string type;           ///< events_api | slash_commands | interactive
    json payload;
    bool accepts_response_payload = false;
    int attempt = 0;
    std::string retry_reason;
    bool acked = false;
    bool duplicate_after_ack = false;
    json ack_payload;           ///< what rode along with the ack, if anything
};

/// A response_url handed out with a click: which message it may change, until when, how often.
struct FakeResponseUrl {
    std::string channel;
    std::string ts;
    std::string user;
    std::chrono::steady_clock::time_point expires;
    int uses = 0;
};

/// chat.postMessage's per-channel bucket (FakeSlackOptions::channel_posts_per_second).
struct FakeChannelBucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point at;
};

struct FakeConnection {
    int id = 0;
    net::WebSocketPtr ws;
    bool draining = false;      ///< told to refresh: gets no new envelopes
};

struct FakeSlack::Impl : std::enable_shared_from_this<FakeSlack::Impl> {
    Impl(net::Executor executor, FakeSlackOptions options) : ex(std::move(executor)), opt(std::move(options)) {}

    net::Executor ex;
    FakeSlackOptions opt;
    std::unique_ptr<net::HttpServer> server;
    std::uint16_t port = 0;

    mutable std::mutex mu;
    mutable std::condition_variable cv;
    std::uint64_t generation = 0;  ///< bumped on every change, so waiters wake without polling

    std::map<std::string, FakeUser> users;
    std::map<std::string, std::string> channels;  ///< public channel id -> name
    std::map<std::string, std::string> foreign_channels;  ///< channels the bot is not a member of
    std::map<std::string, std::string> dms;       ///< user id -> D… channel
    std::vector<FakePost> posts;
    std::vector<FakeCall> calls;
    std::map<std::string, std::pair<int, int>> rate_limits;  ///< method -> (remaining, retry_after_s)
    std::set<std::string> tickets;                ///< issued, unused socket tickets
    /// trigger_id -> (user, when issued): views.open takes each once, within 3 s of the click.
    std::map<std::string, std::pair<std::string, std::chrono::steady_clock::time_point>> triggers;
    std::vector<FakeView> views;
    std::map<std::string, FakeResponseUrl> response_urls;  ///< id -> what it may change
    std::map<std::string, FakeChannelBucket> channel_buckets;
    std::map<std::string, FakeEnvelope> envelopes;
    std::deque<std::string> pending;              ///< waiting for an open connection
    std::vector<std::shared_ptr<FakeConnection>> conns;
    std::size_t next_conn = 0;
    bool duplicate_next = false;
    std::map<std::string, FakeSlackFile> files;  ///< "<team>-<id>" -> file
    int file_failures = 0;
    int file_failure_status = 500;
    std::chrono::milliseconds file_delay{0};
    int files_served = 0;
    int delivery_count = 0;
    int ack_count = 0;
    int opened_count = 0;
    std::set<int> delivered_to;                  ///< ids of the connections that got an envelope
    std::uint64_t seq = 0;

    // ---- helpers (the *_locked ones expect `mu` held)
    void changed_locked() { ++generation; cv.notify_all(); }
    std::string next_ts_locked();
    long long last_ts_second = 0;
    std::string last_ts;
    std::string next_id_locked(const std::string& prefix);
    std::string dm_of_locked(const std::string& user);
    std::string issue_trigger_locked(const std::string& user);
    /// A response_url on this fake's own port for a click on message channel/ts.
    std::string issue_response_url_locked(const std::string& channel, const std::string& ts, const std::string& user);

    // ---- Socket Mode (fake_slack_socket.cpp)
    std::string enqueue_locked(std::string type, json payload, bool accepts_response_payload);
    void deliver_locked(const std::string& envelope_id);
    void flush_pending_locked();
    static net::awaitable<void> ack_deadline(std::shared_ptr<Impl> self, std::string envelope_id, int attempt);
    static net::awaitable<void> close_later(std::shared_ptr<Impl> self, std::shared_ptr<FakeConnection> c);
    static net::awaitable<void> serve_socket(std::shared_ptr<Impl> self, net::WebSocketPtr ws);
    void on_ack_locked(const json& frame);

    // ---- Events (fake_slack_events.cpp)
    json event_callback_locked(json event);
    std::string message_event_locked(const std::string& user, const std::string& channel,
                                     const std::string& channel_type, const std::string& text,
                                     const std::string& thread_ts, const std::string& type);

    // ---- Web API (fake_slack_web_api.cpp)
    net::awaitable<net::HttpResponse> handle(net::IncomingRequest req);
    /// One Web API call answered (handle() adds the configured answer delay of a post).
    net::awaitable<net::HttpResponse> answer_call(net::IncomingRequest req);
    /// A POST to a response_url (replace_original, delete_original, or a new message).
    net::HttpResponse answer_response_url(const net::IncomingRequest& req);
    /// GET /files-pri/… (fake_slack_files.cpp): the bytes with the bot token, Slack's refusals without.
    static net::awaitable<net::HttpResponse> answer_file(std::shared_ptr<Impl> self, net::IncomingRequest req);
    /// Takes a token of `channel`'s posting bucket; false when it is empty (the post is refused).
    bool take_channel_post_locked(const std::string& channel);
};

/// Runs `task` on `ex`, swallowing what it throws: fake-server tasks must not take the test down.
void spawn(const net::Executor& ex, net::awaitable<void> task);

}  // namespace frontline::fakes
