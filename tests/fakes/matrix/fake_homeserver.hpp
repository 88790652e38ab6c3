#pragma once
// A fake Matrix homeserver for tests, over real loopback sockets: the client-server endpoints the
// bot uses (versions, password login making a new device each time, whoami, /sync with since/timeout/filter/next_batch, join, leave,
// createRoom, joined_rooms, send with txnId idempotency, room summaries, cut timelines and
// /messages to fill them), the spec's error envelope (errcode,
// M_LIMIT_EXCEEDED with retry_after_ms and Retry-After, M_UNKNOWN_TOKEN) and faults on demand.
// A test API creates rooms, invites the bot, posts as users (in threads, with reply fallbacks, in
// encrypted rooms) and reads what the bot sent. Thread-safe: tests call it from their own thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/net/net.hpp"
#include "core/result.hpp"

namespace frontline::fakes {

struct FakeHomeserverOptions {
    std::string server_name = "example.org";
    std::string bot_user_id = "@frontline:example.org";
    std::string bot_password = "fake-password";
    std::string access_token = "syt_fake_access_token";
    std::string device_id = "FAKEDEVICE";
    /// Events a sync without `since` returns per room (the history a fresh bot must not answer).
    int initial_timeline_limit = 20;
    /// Events per room an incremental /sync carries before it is cut (limited, with prev_batch for
    /// /messages); 0: the filter's room.timeline.limit, as a homeserver does.
    int sync_timeline_limit = 0;
    /// Serves authenticated media (spec v1.11, GET /_matrix/client/v1/media/download/…, token
    /// required). false: a homeserver before v1.11, which answers that 404 M_UNRECOGNIZED and serves
    /// only the legacy /_matrix/media/v3/download.
    bool authenticated_media = true;
};

/// A file a user sends into a room (m.image or m.file).
struct FakeMediaMessage {
    std::string msgtype = "m.image";
    std::string mxc;                  ///< from upload_media(); "" with encrypted
    std::string filename;             ///< content.filename; "" leaves it out (body is the name then)
    std::string body;                 ///< the name, or a caption when filename differs
    std::string mimetype = "image/png";
    std::uint64_t size = 0;           ///< info.size; 0 leaves it out
    bool encrypted = false;           ///< content.file (an EncryptedFile) instead of content.url
};

/// An m.room.message the bot sent (or a later edit of it).
struct FakeMatrixMessage {
    std::string room_id;
    std::string event_id;
    std::string txn_id;
    std::string msgtype;          ///< m.text or m.notice
    std::string body;
    std::string formatted_body;
    std::string thread_root;      ///< m.relates_to m.thread event id, "" for none
    std::string replaces;         ///< m.replace target, "" for a new message
    std::vector<std::string> mentions;  ///< m.mentions.user_ids
    std::string content_json;
};

/// How a user's message is written.
struct FakeSay {
    std::string thread_root;      ///< post in this thread (m.thread, is_falling_back)
    std::string reply_to;         ///< a reply with the quoted fallback ("> " lines and <mx-reply>)
    std::string msgtype = "m.text";
    std::vector<std::string> mentions;  ///< m.mentions.user_ids plus matrix.to pills in the HTML
};

class FakeHomeserver {
public:
    explicit FakeHomeserver(net::Executor executor, FakeHomeserverOptions options = {});
    ~FakeHomeserver();
    FakeHomeserver(const FakeHomeserver&) = delete;
    FakeHomeserver& operator=(const FakeHomeserver&) = delete;

    /// Listens on 127.0.0.1 with a free port.
    Status start();
    void stop();
    /// "http://127.0.0.1:PORT": the bot's matrix.homeserver_url.
    std::string url() const;
    const FakeHomeserverOptions& options() const;

    // ---- rooms and what people do
    /// A room created by `creator` (joined); encrypted rooms carry m.room.encryption. Returns its id.
    std::string create_room(const std::string& creator, bool encrypted = false, const std::string& id = {});
    /// `inviter` invites the bot (is_direct marks a DM).
    void invite_bot(const std::string& room_id, const std::string& inviter, bool is_direct = true);
    /// Makes the bot a member at once (rooms it was in before the test).
    void join_bot(const std::string& room_id);
    /// `user` writes `text` in `room_id` (joining it). Returns the event id. In an encrypted room the
    /// event is m.room.encrypted, as clients send it there.
    std::string say(const std::string& user, const std::string& room_id, const std::string& text, const FakeSay& how = {});

    /// Stores `bytes` in the media repository; returns its mxc://<server_name>/<media id>.
    std::string upload_media(std::string bytes, const std::string& content_type);
    /// `user` sends a file into `room_id`. Returns the event id.
    std::string say_media(const std::string& user, const std::string& room_id, const FakeMediaMessage& media);
    /// `user` sends an m.room.message with exactly this content (a JSON object), for odd shapes.
    std::string say_content(const std::string& user, const std::string& room_id, const std::string& content_json);

    // ---- faults
    /// The next `count` media downloads answer `status` (M_UNKNOWN, a 5xx of the media repository).
    void fail_media(int count, int status);
    /// Every media download waits this long before answering.
    void delay_media(std::chrono::milliseconds delay);
    /// The next `count` requests to an endpoint whose path contains `path_part` ("/send/", "/sync",
    /// "*" for any) answer 429 M_LIMIT_EXCEEDED with retry_after_ms and a Retry-After header.
    void rate_limit(const std::string& path_part, int count, int retry_after_ms);
    /// The next `count` sends are recorded but answered 502, as when the answer is lost on the way:
    /// the bot's retry with the same txnId must get the first event id and post nothing new.
    void lose_send_answers(int count);
    /// From now on every access token issued so far is unknown (M_UNKNOWN_TOKEN), as after a logout.
    void revoke_token();

    // ---- observation
    std::vector<FakeMatrixMessage> bot_messages() const;
    std::vector<FakeMatrixMessage> bot_messages_in(const std::string& room_id) const;
    /// Requests seen per endpoint kind ("sync", "send", "join", "whoami", ...).
    int requests_of(const std::string& kind) const;
    /// The `since` of every /sync in order ("" for none) and the last filter sent.
    std::vector<std::string> sync_sinces() const;
    std::string last_filter() const;
    /// Media downloads: "v1" (authenticated, answered with the bytes), "legacy" (the same),
    /// "unauthorized" (v1 without a valid token), "unrecognized" (v1 on a pre-v1.11 server).
    int media_requests(const std::string& outcome) const;
    /// Password logins answered (each one a new device with its own token and txnId space).
    int logins() const;
    /// Send requests that hit a txnId already used (answered with the first event id).
    int repeated_txns() const;
    bool bot_joined(const std::string& room_id) const;
    /// The room the bot created for a DM with `user` (createRoom is_direct), "" when none.
    std::string dm_created_for(const std::string& user) const;

    /// Blocks the calling (test) thread until `pred()` holds or `limit` passes; wakes on every change.
    bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds limit = std::chrono::seconds(20)) const;

    struct Impl;

private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace frontline::fakes
