#include "adapters/webchat/webchat_adapter.hpp"

#include <algorithm>
#include <variant>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/webchat/session_token.hpp"

namespace asio = boost::asio;

namespace frontline::webchat {

struct WebchatAdapter::Peer {
    net::WebSocketPtr ws;
    Role role = Role::user;
    std::string user_id;
    std::string conversation;
    std::string private_conversation;  ///< agents: their own conversation, shown apart; else empty
    std::string name;
    std::string locale;
    std::string time_zone;  ///< from the hello: how the person's times are said
};

namespace {

/// Keeps the open-connection count honest however serve() ends.
struct OpenCount {
    explicit OpenCount(std::size_t& n) : n_(n) { ++n_; }
    ~OpenCount() { --n_; }
    OpenCount(const OpenCount&) = delete;
    OpenCount& operator=(const OpenCount&) = delete;
    std::size_t& n_;
};

// Built outside the coroutines: GCC 12 miscompiles braced string-literal initialisers inside them.
ProtocolError protocol_error(std::string code, std::string message, std::string id = {}) {
    return ProtocolError{std::move(code), std::move(message), std::move(id)};
}

void refuse(net::WebSocketConnection& ws, const std::string& code, const std::string& message) {
    ws.send(render_error(protocol_error(code, message)));
    ws.close(1008, code);
}

/// The history could not be read: the page reconnects later and resumes where it was.
void refuse_unavailable(net::WebSocketConnection& ws) {
    ws.send(render_error(protocol_error("unavailable", "the conversation cannot be read right now; try again shortly")));
    ws.close(1011, "unavailable");
}

Entry echo_of(const std::string& id, bool agent, const std::string& author, const std::string& text) {
    Entry e;
    e.id = id;
    e.from = agent ? "agent" : "user";
    e.author = author;
    e.text = text;
    return e;
}

DeliveryOutcome outcome(DeliveryOutcome::Kind kind, std::string platform_id, std::string error) {
    DeliveryOutcome o;
    o.kind = kind;
    o.platform_message_id = std::move(platform_id);
    o.error = std::move(error);
    return o;
}

}  // namespace

WebchatAdapter::WebchatAdapter(net::Executor ex, const Clock& clock, LineHistory& history, WebchatOptions options)
    : ex_(ex), clock_(clock), history_(history), options_(std::move(options)), stop_signal_(ex),
      login_guard_(options_.login_failures) {
    if (options_.epoch.empty()) options_.epoch = new_epoch();
    if (options_.session_key.empty()) options_.session_key = new_session_key();
    if (options_.lines_per_minute > 0)
        lines_.emplace(net::RateLimit{options_.lines_per_minute, options_.lines_per_minute / 60.0});
    if (options_.uploads_per_hour > 0)
        uploads_.emplace(net::RateLimit{options_.uploads_per_hour, options_.uploads_per_hour / 3600.0});
    if (options_.new_sessions_per_ip_per_hour > 0)
        new_sessions_.emplace(net::RateLimit{options_.new_sessions_per_ip_per_hour, options_.new_sessions_per_ip_per_hour / 3600.0});
}

std::string WebchatAdapter::polite_text(const std::string& key, const std::string& locale) const {
    if (options_.text) {
        if (auto t = options_.text(key, locale); !t.empty()) return t;
    }
    if (key == "limits.slow_down") return "You're writing faster than I can keep up with: please wait a moment and send that again.";
    if (key == "limits.new_sessions") return "Too many new conversations from your network right now: please try again later.";
    return "Please try again later.";
}

void WebchatAdapter::count_refusal(const std::string& reason) const {
    if (options_.refused) options_.refused(reason);
}

bool WebchatAdapter::admit_agent(net::WebSocketConnection& ws, const std::string& agent_id, const std::string& token) {
    const std::string& ip = ws.request().remote_address;
    const auto now = std::chrono::steady_clock::now();
    const std::string ip_key = "ip:" + ip;
    const std::string agent_key = "agent:" + agent_id;
    const bool id_ok = is_valid_client_id(agent_id);
    if (!login_guard_.allowed(ip_key, now) || (id_ok && !login_guard_.allowed(agent_key, now))) {
        count_refusal("agent_login_throttled");
        refuse(ws, "too_many_attempts", "too many failed logins; wait a minute before trying again");
        return false;
    }
    std::string why;
    const auto agent = options_.agents.find(agent_id);
    if (!id_ok) why = "malformed agent id";
    else if (options_.agent_secret.empty()) why = "the agents' view is disabled";
    else if (agent == options_.agents.end()) why = "not in the agents file";
    // The token is this agent's own and of their current generation: one agent's token does not open
    // the view as another, and raising token_generation revokes the old one.
    else if (!constant_time_equal(token, agent_token_for(options_.agent_secret, agent_id, agent->second))) why = "wrong token";
    if (why.empty()) return true;
    login_guard_.failed(ip_key, now);
    if (id_ok) login_guard_.failed(agent_key, now);
    if (options_.log)
        options_.log("agents' view: failed login" + (id_ok ? " as '" + agent_id + "'" : std::string()) + " from " + ip + " (" + why + ")");
    count_refusal("agent_login");
    if (!id_ok) refuse(ws, "bad_frame", "agent_id must be 1-64 letters, digits, _ or -");
    else refuse(ws, "unauthorized", "wrong or missing agent token");
    return false;
}

bool WebchatAdapter::within_line_rate(const Peer& peer, const std::string& line_id) {
    if (!lines_ || lines_->try_acquire(peer.user_id, std::chrono::steady_clock::now()).count() == 0) return true;
    // Refused here, before the engine: nothing is recorded, so nothing reaches any ticket's journal.
    count_refusal("lines");
    peer.ws->send(render_error(protocol_error("rate_limited", polite_text("limits.slow_down", peer.locale), line_id)));
    return false;
}

WebchatAdapter::~WebchatAdapter() = default;

net::awaitable<void> WebchatAdapter::run(InboundSink& sink) {
    sink_ = &sink;
    const bool following = options_.follow_every.count() > 0;
    while (!stopped_) {
        if (following) stop_signal_.expires_after(options_.follow_every);
        else stop_signal_.expires_at(asio::steady_timer::time_point::max());
        co_await stop_signal_.async_wait(asio::as_tuple(asio::use_awaitable));
        if (following && !stopped_) co_await follow_other_processes();
    }
    sink_ = nullptr;
}

net::awaitable<void> WebchatAdapter::follow_other_processes() {
    // From the lowest line any caught-up page of the conversation was sent: publish() skips, per
    // page, what it already has.
    std::vector<std::pair<std::string, std::int64_t>> from;
    for (const auto& [id, c] : conversations_) {
        std::optional<std::int64_t> lowest;
        for (const auto& sub : c.live)
            if (sub.caught_up && (!lowest || sub.sent < *lowest)) lowest = sub.sent;
        if (lowest) from.emplace_back(id, *lowest);
    }
    if (from.empty()) co_return;
    auto news = co_await history_.after_each(std::move(from), options_.resume_page);
    if (!news) {
        if (options_.log) options_.log("lines of other processes unreadable: " + news.error().message);
        co_return;
    }
    for (const auto& [conversation, e] : *news) publish(conversation, e);
}

void WebchatAdapter::stop() {
    stopped_ = true;
    stop_signal_.cancel();
    for (auto& weak : all_)
        if (auto ws = weak.lock()) ws->close(1001, "server shutting down");
    all_.clear();
}

namespace {

/// A web chat user's id ("w" + 20 hex digits, session_token.hpp). An agent id shaped like one gets
/// no private conversation: it could be a visitor's, and a visitor's words are not an agent's to read.
bool looks_like_user_id(const std::string& id) {
    if (id.size() != 21 || id[0] != 'w') return false;
    return id.find_first_not_of("0123456789abcdef", 1) == std::string::npos;
}

}  // namespace

namespace {

std::vector<RoomProblem> rooms_nobody_reads(std::vector<std::string> rooms) {
    std::vector<RoomProblem> problems;
    for (auto& room : rooms)
        if (room != kAgentsRoom)
            problems.push_back({std::move(room), std::string("the web chat's agents' room is '") + kAgentsRoom + "'"});
    return problems;
}

}  // namespace

net::awaitable<Result<std::vector<RoomProblem>>> WebchatAdapter::verify_rooms(std::vector<std::string> rooms) {
    co_return rooms_nobody_reads(std::move(rooms));
}

net::awaitable<DeliveryOutcome> WebchatAdapter::deliver(OutboxItem item) {
    const OutboundMessage& m = item.message;
    if (m.to.platform != platform() || m.to.conversation_id.empty())
        co_return outcome(DeliveryOutcome::Kind::rejected, {}, "not a web chat conversation");
    Entry e;
    e.id = m.idempotency_key;
    e.from = "bot";
    e.text = m.text;
    e.choices = m.choices;
    e.replaces = item.replaces_platform_id;
    e.at = format_iso8601(clock_.now());
    e.locale = m.locale;
    auto kept = co_await history_.append(m.to.conversation_id, std::move(e));
    if (!kept) co_return outcome(DeliveryOutcome::Kind::retry, {}, kept.error().message);
    if (kept->added) publish(m.to.conversation_id, kept->entry);
    // Delivery means "durably in the conversation's history": pages that are closed now get it when
    // they resume, after a restart too, so the outbox may mark it delivered.
    // An update keeps the id of the line it updates, as an edit does on the other platforms: the next
    // update (a card claimed, then resolved, then closed) names that line too, the one pages show.
    const Entry& line = kept->entry;
    co_return outcome(DeliveryOutcome::Kind::delivered, line.replaces.empty() ? line.id : line.replaces, {});
}

net::awaitable<void> WebchatAdapter::on_line(Peer& peer, InboundEvent event, Entry echo) {
    // A page resends lines it saw no echo for. Committed again, the inbox drops the duplicate event,
    // and the history keeps the echo once (by id): a page that already read it is not sent it again.
    if (!within_line_rate(peer, echo.id)) co_return;
    if (!sink_ || stopped_) {
        peer.ws->send(render_error(protocol_error("not_accepted", "the service is not accepting messages right now", echo.id)));
        co_return;
    }
    // Not `commit({std::move(event)})`: GCC 12 cannot keep an initializer_list across co_await.
    std::vector<InboundEvent> batch;
    batch.push_back(std::move(event));
    Status committed = co_await sink_->commit(std::move(batch));
    if (!committed) {
        peer.ws->send(render_error(
            protocol_error("not_accepted", "the message could not be recorded; it will be sent again", echo.id)));
        co_return;
    }
    echo.at = format_iso8601(clock_.now());
    const std::string id = echo.id;
    auto kept = co_await history_.append(peer.conversation, std::move(echo));
    if (!kept) {
        // Committed, but not shown: the page resends it, the inbox drops the event, the echo is kept then.
        peer.ws->send(render_error(protocol_error("not_accepted", "the message could not be shown; it will be sent again", id)));
        co_return;
    }
    if (kept->added) publish(peer.conversation, kept->entry);
}

struct WebchatAdapter::Greeting {
    Peer peer;
    Hello hello;          ///< what the page asked for (where it stands in the history)
    std::string session;  ///< the user's session token, minted here when the page had none
};

net::awaitable<void> WebchatAdapter::serve(net::WebSocketPtr ws) {
    OpenCount count(open_);
    all_.push_back(ws);
    std::erase_if(all_, [](const auto& weak) { return weak.expired(); });
    // Each phase is a coroutine of its own: a coroutine's frame holds all its locals for as long
    // as it runs, and this one runs as long as the page stays open (issue 12: an idle page should
    // cost only what it needs to receive lines). The greeting and the welcome end in admit().
    std::unique_ptr<Peer> peer = co_await admit(ws);
    if (!peer) co_return;
    // Unsubscribed however serve() ends: the conversation leaves memory with its last page.
    struct Unsubscribe {
        WebchatAdapter& self;
        const Peer& peer;
        ~Unsubscribe() { self.unsubscribe_page(peer); }
    } unsubscribe_at_end{*this, *peer};
    for (;;) {
        auto text = co_await ws->read();
        if (!text) break;
        co_await on_frame(*peer, std::move(*text));
    }
}

void WebchatAdapter::unsubscribe_page(const Peer& peer) {
    unsubscribe(peer.conversation, peer.ws);
    if (!peer.private_conversation.empty()) unsubscribe(peer.private_conversation, peer.ws);
}

net::awaitable<std::unique_ptr<WebchatAdapter::Peer>> WebchatAdapter::admit(net::WebSocketPtr ws) {
    std::optional<Greeting> greeting = co_await greet(ws);
    if (!greeting) co_return nullptr;
    const Peer& peer = greeting->peer;
    // Subscribed before anything is read, so no line committed from now on can be missed; it is held
    // back until the page has caught up with the history (catch_up).
    subscribe(peer.conversation, ws, false);
    if (!peer.private_conversation.empty()) subscribe(peer.private_conversation, ws, true);
    struct UnsubscribeUnlessWelcomed {
        WebchatAdapter& self;
        const Peer& peer;
        bool welcomed = false;
        ~UnsubscribeUnlessWelcomed() {
            if (!welcomed) self.unsubscribe_page(peer);
        }
    } guard{*this, peer};
    guard.welcomed = co_await welcome(*greeting);
    if (!guard.welcomed) co_return nullptr;
    co_return std::make_unique<Peer>(std::move(greeting->peer));
}

net::awaitable<std::optional<WebchatAdapter::Greeting>> WebchatAdapter::greet(net::WebSocketPtr ws) {
    auto first = co_await ws->read();
    if (!first) co_return std::nullopt;
    ParsedFrame parsed = parse_client_frame(*first);
    if (auto* err = std::get_if<ProtocolError>(&parsed)) {
        refuse(*ws, err->code, err->message);
        co_return std::nullopt;
    }
    auto* hello = std::get_if<Hello>(&std::get<ClientFrame>(parsed));
    if (!hello) {
        refuse(*ws, "hello_first", "the first frame must be a hello");
        co_return std::nullopt;
    }
    Greeting g;
    Peer& peer = g.peer;
    peer.ws = ws;
    peer.role = hello->role;
    peer.name = hello->name;
    peer.locale = hello->locale;
    peer.time_zone = hello->time_zone;
    if (hello->role == Role::user) {
        if (hello->session.empty() && new_sessions_ &&
            new_sessions_->try_acquire(ws->request().remote_address, std::chrono::steady_clock::now()).count() > 0) {
            count_refusal("new_sessions");
            refuse(*ws, "rate_limited", polite_text("limits.new_sessions", hello->locale));
            co_return std::nullopt;
        }
        // Only the server mints session tokens: one chosen by a client (weak, or copied from a
        // guessable pattern) could be chosen by someone else too and would open that conversation.
        g.session = hello->session.empty() ? new_session_token(options_.session_key) : hello->session;
        if (!is_minted_session_token(options_.session_key, g.session)) {
            refuse(*ws, "bad_session", "this session was not issued by this service; start a new conversation");
            co_return std::nullopt;
        }
        peer.user_id = user_id_for_token(g.session);
        peer.conversation = peer.user_id;
    } else {
        if (!admit_agent(*ws, hello->agent_id, hello->agent_token)) co_return std::nullopt;
        peer.user_id = hello->agent_id;
        peer.conversation = kAgentsRoom;
        if (peer.user_id != kAgentsRoom && !looks_like_user_id(peer.user_id)) peer.private_conversation = peer.user_id;
    }
    g.hello = std::move(*hello);
    co_return g;
}

net::awaitable<bool> WebchatAdapter::welcome(const Greeting& g) {
    const Peer& peer = g.peer;
    const Hello& hello = g.hello;
    const net::WebSocketPtr& ws = peer.ws;
    const bool has_private = !peer.private_conversation.empty();
    auto last_seq = co_await history_.last_seq(peer.conversation);
    Result<std::int64_t> private_last = std::int64_t{0};
    if (has_private) private_last = co_await history_.last_seq(peer.private_conversation);
    if (!last_seq || !private_last) {
        refuse_unavailable(*ws);
        co_return false;
    }
    std::optional<std::int64_t> private_last_seq;
    if (has_private) private_last_seq = *private_last;
    ws->send(render_welcome(g.session, peer.user_id, options_.epoch, *last_seq, peer.role, private_last_seq));
    // A page of this epoch gets exactly what it has not shown. One that starts afresh (a new browser,
    // or numbered under another store) gets the newest lines and drops the ids it already shows: not
    // the agents' room's months of history on every new tab.
    const bool same_epoch = hello.epoch == options_.epoch;
    const auto from = [&](std::int64_t shown, std::int64_t last) {
        if (same_epoch) return shown;
        return std::max<std::int64_t>(0, last - static_cast<std::int64_t>(options_.fresh_page_lines));
    };
    bool caught_up = co_await catch_up(peer.conversation, ws, from(hello.last_seq, *last_seq));
    if (caught_up && has_private)
        caught_up = co_await catch_up(peer.private_conversation, ws, from(hello.private_last_seq, *private_last));
    if (!caught_up) {
        if (ws->is_open()) refuse_unavailable(*ws);
        co_return false;
    }
    co_return true;
}

net::awaitable<void> WebchatAdapter::on_frame(Peer& peer, std::string text) {
    const net::WebSocketPtr& ws = peer.ws;
    ParsedFrame frame = parse_client_frame(text);
    if (auto* err = std::get_if<ProtocolError>(&frame)) {
        ws->send(render_error(*err));
        co_return;
    }
    ClientFrame& f = std::get<ClientFrame>(frame);
    if (std::holds_alternative<Ping>(f)) {
        ws->send(render_pong());
    } else if (std::holds_alternative<Hello>(f)) {
        ws->send(render_error(protocol_error("bad_frame", "hello was already received on this connection")));
    } else if (auto* t = std::get_if<UserText>(&f)) {
        InboundEvent e;
        e.event_id = peer.user_id + ":" + t->id;
        e.kind = t->text.starts_with('/') ? InboundKind::command : InboundKind::text;
        e.from = Identity{platform(), peer.user_id};
        e.where = Address{platform(), peer.conversation, std::string()};
        e.text = t->text;
        e.locale_hint = peer.locale;
        e.time_zone = peer.time_zone;
        e.display_name = peer.name;
        e.source_address = ws->request().remote_address;
        e.received_at = clock_.now();
        // Named files are fetched by the runtime through fetch_attachment before the commit; the
        // reference ties each to this conversation, so a page can only send its own uploads.
        std::string echo_text = t->text;
        for (const auto& sent : t->files) {
            Attachment a;
            a.name = sent.name;
            a.platform_ref = peer.user_id + "/" + sent.upload;
            e.attachments.push_back(std::move(a));
            echo_text += (echo_text.empty() ? "" : "\n") + std::string("\xF0\x9F\x93\x8E ") + (sent.name.empty() ? "file" : sent.name);
        }
        Entry echo = echo_of(t->id, peer.role == Role::agent, peer.name, echo_text);
        co_await on_line(peer, std::move(e), std::move(echo));
    } else if (auto* c = std::get_if<UserChoice>(&f)) {
        InboundEvent e;
        e.event_id = peer.user_id + ":" + c->id;
        e.kind = InboundKind::choice;
        e.from = Identity{platform(), peer.user_id};
        e.where = Address{platform(), peer.conversation, std::string()};
        // The text typed with the button (the Reply box), never the label: the Desk relays it.
        e.text = c->text;
        e.payload = c->payload;
        e.locale_hint = peer.locale;
        e.time_zone = peer.time_zone;
        e.display_name = peer.name;
        e.source_address = ws->request().remote_address;
        e.received_at = clock_.now();
        // The echo is the label only: a reply typed with the button may belong to a restricted
        // ticket and the agents' room is broad; the Desk's confirmation quotes it where it may.
        Entry echo = echo_of(c->id, peer.role == Role::agent, peer.name, c->label.empty() ? c->payload : c->label);
        co_await on_line(peer, std::move(e), std::move(echo));
    }
    // Ack: the page keeps its own last_seq; nothing to do on the server.
}

}  // namespace frontline::webchat
