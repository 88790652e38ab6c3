#pragma once
// The built-in web chat: browsers (and the agents' view) talk to the bot over one WebSocket each,
// speaking the JSON protocol of docs/webchat-protocol.md. Inbound lines go to the engine loop and
// are echoed back with a seq only after they were committed; outbound messages are appended to the
// conversation's history (LineHistory: durable, outside this process's memory) and pushed to every
// open tab of that conversation. Memory holds only the conversations that have an open page, and of
// them only who is listening: a page that resumes is served from the history, a page at a time.
// An agent's page shows the agents' room and, apart, the agent's own private conversation
// (Address{"webchat", agent_id}).
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "adapters/adapter.hpp"
#include "adapters/net/rate_limiter.hpp"
#include "adapters/net/websocket.hpp"
#include "adapters/webchat/login_guard.hpp"
#include "adapters/webchat/line_history.hpp"
#include "core/clock.hpp"

namespace frontline::webchat {

/// The conversation id of the agents' room (Address{"webchat", "agents"}).
inline constexpr const char* kAgentsRoom = "agents";

/// What the page is told when it goes too fast (the bot picks the text in the user's language).
using LocalText = std::function<std::string(const std::string& key, const std::string& locale)>;

struct WebchatOptions {
    /// The secret each agent's token derives from (agent_token_for); empty: the agents' view is refused.
    std::string agent_secret;
    /// Names the numbering of the history's lines; the service keeps one in its store so pages resume
    /// across restarts. Empty: a fresh random one per adapter.
    std::string epoch;
    /// Lines read from the history per round trip when a page resumes.
    std::size_t resume_page = 100;
    /// The newest lines a page that starts afresh (no seq of this epoch) is sent.
    std::size_t fresh_page_lines = 500;
    /// Signs the session tokens this server mints (new_session_key; the service keeps one in its
    /// store). Empty: a fresh random key per run, so sessions do not outlive the process.
    std::string session_key;
    /// Who may open the agents' view: web chat identity -> token generation (agents file). An id not
    /// here is refused even with a token that was valid once.
    std::map<std::string, int> agents;
    /// Failed agent logins allowed per peer address and per agent id (burst, then per minute).
    LoginGuardOptions login_failures;
    /// Lines (messages and button presses) one conversation may send per minute; 0: no limit.
    double lines_per_minute = 20;
    /// New conversations (hello without a session) one peer address may start per hour; 0: no limit.
    double new_sessions_per_ip_per_hour = 30;
    /// Where a page's upload (POST /upload) is kept: durably, before its id (the bytes' SHA-256)
    /// is answered, so a message naming it survives a restart (the service's file vault, written
    /// off the network thread). Null: uploads are refused.
    std::function<net::awaitable<Result<std::string>>(std::string bytes)> keep_upload;
    /// Reads a kept upload back by its id (for fetch_attachment).
    std::function<net::awaitable<Result<std::string>>(std::string id)> read_upload;
    /// With other processes on the store (PostgreSQL): how often to read the lines they added to
    /// the conversations that have a page open here (an agent's reply delivered by another
    /// process). Zero: never; one process adds every line itself and shows it at once.
    std::chrono::milliseconds follow_every{0};
    std::size_t max_upload_bytes = 10 * 1024 * 1024;  ///< attachments.max_bytes
    double uploads_per_hour = 60;                     ///< per conversation; 0: no limit
    LocalText text;                                   ///< null: English defaults
    std::function<void(const std::string&)> log;      ///< warnings (failed logins); null: none
    std::function<void(const std::string&)> refused;  ///< counts a refusal by reason (metrics)
};

class WebchatAdapter final : public Adapter {
public:
    /// `history` outlives the adapter.
    WebchatAdapter(net::Executor ex, const Clock& clock, LineHistory& history, WebchatOptions options);
    ~WebchatAdapter() override;

    /// Messages update in place; no threads (a reply is a new line); a private message is only
    /// seen while the page is open.
    static constexpr PlatformCapabilities kCapabilities{
        .buttons = true, .threads = false, .edits = true, .ephemeral = false, .reaches_offline_users = false,
        .profile_name = false, .profile_contact = false};

    std::string platform() const override { return "webchat"; }
    PlatformCapabilities capabilities() const override { return kCapabilities; }
    /// Accepts inbound lines for `sink` until stop().
    net::awaitable<void> run(InboundSink& sink) override;
    /// Appends the message to its conversation's history and pushes it to the open pages; delivered
    /// once the line is durable there. Idempotent per key.
    net::awaitable<DeliveryOutcome> deliver(OutboxItem item) override;
    bool connected() const override { return sink_ != nullptr; }
    /// An uploaded file named in a message (upload_route.cpp): its bytes from the shelf, for the
    /// conversation that uploaded it only.
    net::awaitable<Result<FetchedFile>> fetch_attachment(Attachment attachment, std::size_t max_bytes) override;
    /// POST /upload: a page's file, for its session token (upload_route.cpp).
    std::vector<AdapterRoute> http_routes() override;
    /// Answers one upload; public for tests.
    net::awaitable<net::HttpResponse> upload(net::IncomingRequest request);
    /// The web chat has one room agents read, kAgentsRoom: any other room would be read by nobody.
    net::awaitable<Result<std::vector<RoomProblem>>> verify_rooms(std::vector<std::string> rooms) override;

    /// Serves one WebSocket until it closes (the HTTP server calls this for each upgrade).
    net::awaitable<void> serve(net::WebSocketPtr ws);
    void stop();
    /// Open WebSockets (for tests and metrics).
    std::size_t open_connections() const { return open_; }
    /// Conversations held in memory: those with an open page (for tests and metrics).
    std::size_t conversations_in_memory() const { return conversations_.size(); }

private:
    /// An open page showing a conversation; `is_private` when it is an agent's own conversation
    /// shown beside the agents' room (its lines are marked so the page keeps them apart). Live lines
    /// reach it once it has caught up with the history; `sent` keeps each seq to one send.
    struct Subscriber {
        std::weak_ptr<net::WebSocketConnection> ws;
        bool is_private = false;
        bool caught_up = false;
        std::int64_t sent = 0;
    };
    struct Conversation {
        std::vector<Subscriber> live;
    };
    struct Peer;
    struct Greeting;

    void subscribe(const std::string& conversation_id, const net::WebSocketPtr& ws, bool is_private);
    void unsubscribe(const std::string& conversation_id, const net::WebSocketPtr& ws);
    Subscriber* subscriber(const std::string& conversation_id, const net::WebSocketPtr& ws);
    void publish(const std::string& conversation_id, const Entry& e);
    /// Sends `ws` the history after `seq`, a page at a time, then lets live lines through. False
    /// when the history could not be read or the page went away.
    net::awaitable<bool> catch_up(std::string conversation_id, net::WebSocketPtr ws, std::int64_t seq);
    /// One round of WebchatOptions::follow_every: the lines other processes added to the
    /// conversations open here, published to their pages.
    net::awaitable<void> follow_other_processes();
    net::awaitable<void> on_line(Peer& peer, InboundEvent event, Entry echo);
    /// Reads and checks the page's hello; nullopt when the page was refused (and told why).
    net::awaitable<std::optional<Greeting>> greet(net::WebSocketPtr ws);
    /// Greets the page, subscribes it and welcomes it: its peer, or nullptr when it was refused
    /// or could not be welcomed (then it is not left subscribed).
    net::awaitable<std::unique_ptr<Peer>> admit(net::WebSocketPtr ws);
    void unsubscribe_page(const Peer& peer);
    /// Sends the welcome and the history the page has not shown; false when it could not.
    net::awaitable<bool> welcome(const Greeting& g);
    /// One frame from an admitted page.
    net::awaitable<void> on_frame(Peer& peer, std::string text);
    /// Checks an agent's login; on failure answers the page, logs and counts it.
    bool admit_agent(net::WebSocketConnection& ws, const std::string& agent_id, const std::string& token);
    /// False (and the page told, politely, in its language) when `peer` sends lines too fast.
    bool within_line_rate(const Peer& peer, const std::string& line_id);
    std::string polite_text(const std::string& key, const std::string& locale) const;
    void count_refusal(const std::string& reason) const;

    net::Executor ex_;
    const Clock& clock_;
    LineHistory& history_;
    WebchatOptions options_;
    InboundSink* sink_ = nullptr;
    std::map<std::string, Conversation> conversations_;
    std::size_t open_ = 0;
    bool stopped_ = false;
    boost::asio::steady_timer stop_signal_;
    std::vector<std::weak_ptr<net::WebSocketConnection>> all_;
    LoginGuard login_guard_;
    std::optional<net::RateLimiter> lines_;
    std::optional<net::RateLimiter> new_sessions_;
    std::optional<net::RateLimiter> uploads_;
};

}  // namespace frontline::webchat
