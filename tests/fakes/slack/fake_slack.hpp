#pragma once
// A fake Slack for tests, over real loopback sockets: the Web API methods the bot uses (with Slack's
// response shapes and error codes, JSON / form / query encodings, 429 + Retry-After on demand) and
// Socket Mode (apps.connections.open with single-use URLs, hello, envelopes, the 3 s ack deadline
// with redelivery, disconnect/refresh/link_disabled). A test API injects what users do and reads
// what the bot posted. Thread-safe: tests call it from their own thread while the io_context runs.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/net/net.hpp"
#include "core/result.hpp"

namespace frontline::fakes {

struct FakeSlackOptions {
    std::string bot_token = "xoxb-fake-bot-token";
    std::string app_token = "xapp-fake-app-token";
    std::string bot_user_id = "U0BOT00001";
    std::string bot_id = "B0BOT00001";
    std::string team_id = "T0TEAM001";
    std::string app_id = "A0APP00001";
    /// Slack waits 3 s for an ack before it redelivers; tests may shorten it.
    std::chrono::milliseconds ack_timeout{3000};
    /// How long chat.postMessage's answer takes after the message is posted (0: at once): a
    /// process killed meanwhile has posted without knowing it.
    std::chrono::milliseconds post_answer_delay{0};
    /// conversations.history / conversations.replies answer missing_scope (an app installed
    /// without the history scopes).
    bool history_missing_scope = false;
    /// Slack redelivers an unacknowledged envelope this many times.
    int max_retries = 3;
    /// Slack tells apps about their own DM posts (message.im with bot_id): on by default, as there.
    bool echo_bot_messages = true;
    /// How long a connection told to refresh stays open before the fake closes it.
    std::chrono::milliseconds refresh_grace{2000};
    /// Slack's special limit of chat.postMessage: about one message per second per channel, with
    /// short bursts. 0 turns it off (the default); on, a post over it answers 429 + Retry-After.
    double channel_posts_per_second = 0;
    double channel_post_burst = 3;
    /// A click's response_url takes up to 5 messages within 30 minutes (Slack's rule); tests may
    /// shorten the lifetime.
    std::chrono::milliseconds response_url_lifetime{30 * 60 * 1000};
    /// How a file url answers a request without the bot token (or with another one): Slack's
    /// HTML sign-in page with 200 (what it long did), or 403 / 404 (what it answers some clients).
    int file_refusal_status = 200;
    /// url_private_download answers 302 to url_private on the same host, as Slack does for some
    /// downloads; with `file_redirect_elsewhere` the Location is on another origin instead.
    bool file_download_redirects = false;
    bool file_redirect_elsewhere = false;
};

/// A file a user shared (files.upload / the client's upload): what the fake serves.
struct FakeSlackFile {
    std::string id;                    ///< "F…"
    std::string name;
    std::string mimetype;
    std::string bytes;
    std::string url_private;           ///< on this fake's port, /files-pri/<team>-<id>/<name>
    std::string url_private_download;  ///< /files-pri/<team>-<id>/download/<name>
};

/// A button of a posted message.
struct FakeButton {
    std::string label;
    std::string action_id;
    std::string value;
};

/// A message the bot posted (updated in place by chat.update).
struct FakePost {
    std::string channel;
    std::string ts;
    std::string thread_ts;
    std::string text;
    std::string blocks_json;           ///< "" when the message has no blocks
    std::vector<FakeButton> buttons;
    int updates = 0;                   ///< how many chat.update or response_url calls changed it
    bool ephemeral = false;
    std::string ephemeral_user;
    std::string metadata_json;         ///< chat.postMessage "metadata" as sent, "" for none
};

/// A modal the bot opened with views.open.
struct FakeView {
    std::string id;
    std::string user;               ///< who clicked (the trigger's owner)
    std::string callback_id;
    std::string private_metadata;
    std::string view_json;          ///< the whole view object the bot sent
    bool submitted = false;
};

/// One Web API call as the fake saw it (a click's response_url is recorded as method "response_url").
struct FakeCall {
    std::string method;
    int http_status = 200;
    std::string error;                 ///< Slack's error code when ok:false
    std::string token_kind;            ///< "bot", "app", "none" or "wrong"
};

/// A user of the fake workspace.
struct FakeUser {
    std::string id;
    std::string name;                  ///< handle
    std::string real_name;
    std::string email;
    std::string locale = "en-US";
    std::string tz = "Europe/London";
    bool is_bot = false;
    std::string phone = "";            ///< profile.phone, as typed in the Slack profile
};

class FakeSlack {
public:
    explicit FakeSlack(net::Executor executor, FakeSlackOptions options = {});
    ~FakeSlack();
    FakeSlack(const FakeSlack&) = delete;
    FakeSlack& operator=(const FakeSlack&) = delete;

    /// Listens on 127.0.0.1 with a free port.
    Status start();
    void stop();
    /// "http://127.0.0.1:PORT/api/": the bot's slack.api_base_url.
    std::string api_base_url() const;
    const FakeSlackOptions& options() const;

    // ---- workspace
    void add_user(FakeUser user);
    /// A public channel the bot is a member of (the agents' channel, say).
    void add_channel(std::string id, std::string name);
    /// A public channel the bot was not invited to: conversations.info says is_member false and
    /// chat.postMessage answers not_in_channel.
    void add_foreign_channel(std::string id, std::string name);

    // ---- what people do (each returns the ts of the user's message or the envelope id)
    /// A DM from `user` to the bot: events_api message.im. Returns the message ts.
    std::string user_dm(const std::string& user, const std::string& text);
    /// `<@bot> text` in `channel`: app_mention, and also the message.channels copy when asked.
    std::string user_mention(const std::string& user, const std::string& channel, const std::string& text,
                             bool also_as_channel_message = false);
    /// A plain message in a channel (agents typing commands).
    std::string user_channel_message(const std::string& user, const std::string& channel, const std::string& text,
                                     const std::string& thread_ts = {});
    /// `/command text` typed by `user` in `channel`. Returns the envelope id.
    std::string slash_command(const std::string& user, const std::string& channel, const std::string& command,
                              const std::string& text);
    /// `user` clicks the button whose label is `label` on the bot's message `ts`: block_actions.
    Result<std::string> click(const std::string& user, const std::string& channel, const std::string& ts,
                              const std::string& label);
    /// `user` types `value` into input `block_id`/`action_id` of the open modal `view_id` and
    /// presses its submit button: an interactive view_submission envelope. not_found when no such
    /// modal is open (never opened, or submitted already).
    Result<std::string> submit_view(const std::string& user, const std::string& view_id, const std::string& block_id,
                                    const std::string& action_id, const std::string& value);
    /// `user` shares files in a DM with the bot (subtype file_share; `text` may be ""): the event's
    /// `files` are full file objects whose urls this fake serves. Returns the message ts.
    std::string user_dm_files(const std::string& user, const std::string& text, const std::vector<FakeSlackFile>& files);
    /// A file ready to be shared: its urls are on this fake (the bytes are served with the bot token).
    FakeSlackFile make_file(const std::string& name, const std::string& mimetype, std::string bytes);
    /// Any raw events_api event object (for edge cases: edits, joins, other bots).
    std::string raw_event(const std::string& event_json);

    // ---- faults
    /// Every response_url handed out so far answers expired_url from now on.
    void expire_response_urls();
    /// The next `count` calls of `method` ("*" for any) answer 429 with Retry-After: `retry_after_s`.
    void rate_limit(const std::string& method, int count, int retry_after_s);
    /// Sends {"type":"disconnect","reason":reason} on every open connection; refresh_requested and
    /// warning close the connection after refresh_grace, link_disabled at once.
    void disconnect_all(const std::string& reason);
    /// Delivers the next injected envelope a second time (retry_attempt 1, retry_reason "timeout")
    /// after it was acknowledged, as Slack does when an ack gets lost.
    void duplicate_next_envelope();
    /// Closes every socket abruptly, without a disconnect frame (network loss).
    void drop_connections();
    /// The next `count` file downloads answer `status` (a 5xx of Slack's file host).
    void fail_file_downloads(int count, int status);
    /// Every file download waits this long before answering (a slow file host).
    void delay_file_downloads(std::chrono::milliseconds delay);

    // ---- observation
    std::vector<FakePost> posts() const;
    /// Posts in one channel, in order.
    std::vector<FakePost> posts_in(const std::string& channel) const;
    std::vector<FakeCall> calls() const;
    /// Modals opened with views.open, in order.
    std::vector<FakeView> views() const;
    int calls_of(const std::string& method) const;
    /// File requests (each recorded in calls() too, as method "file"): the bytes served with the
    /// bot token, and every request whatever its answer.
    int files_served() const;
    int file_requests() const;
    /// Envelope deliveries (first tries and retries) and acks seen.
    int deliveries() const;
    int acks() const;
    /// Envelope ids delivered but not acked yet.
    std::vector<std::string> unacked() const;
    int open_connections() const;
    /// The payload of envelope `envelope_id` as JSON text ("" for an unknown id): a click's
    /// action_ts, say, which the bot's event id for it is made of.
    std::string envelope_payload(const std::string& envelope_id) const;
    /// How many distinct connections received at least one envelope (several processes each
    /// holding a socket share the stream).
    int connections_delivered_to() const;
    int connections_opened() const;
    /// DM channel of `user` ("D…"), created on first use like Slack does.
    std::string dm_channel_of(const std::string& user);

    /// Blocks the calling (test) thread until `pred()` holds or `limit` passes; true when it held.
    /// Wakes on every state change of the fake: never a sleep-and-poll.
    bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds limit = std::chrono::seconds(20)) const;

    struct Impl;

private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace frontline::fakes
