// MatrixAdapter's receiving side: /sync long polling, invites, encrypted rooms, and the since token
// saved only after the engine loop committed the batch it follows.
// https://spec.matrix.org/v1.10/client-server-api/#syncing
#include <random>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "adapters/matrix/matrix_adapter.hpp"
#include "adapters/matrix/message_renderer.hpp"
#include "adapters/net/backoff.hpp"
#include "adapters/net/wait.hpp"

namespace frontline::matrix {

namespace asio = boost::asio;

namespace {

std::string random_prefix() {
    std::random_device rd;
    std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string s = "fl";
    for (int i = 0; i < 10; ++i) s += kAlphabet[gen() % 36];
    return s;
}

/// FNV-1a: a stable short name for a room in a txnId (room ids hold characters a txnId should not).
std::string stable_hash(const std::string& s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i, h >>= 4) out += kHex[h & 15];
    return out;
}

net::awaitable<bool> cancelled() {
    auto state = co_await asio::this_coro::cancellation_state;
    co_return state.cancelled() != asio::cancellation_type::none;
}

}  // namespace

bool MatrixAdapter::invite_allowed(const RoomInvite& invite) const {
    const auto server = server_name_of(invite.inviter);
    if (server.empty()) return false;
    if (server == server_name_of(settings_.user_id)) return true;
    for (const auto& h : settings_.allowed_homeservers)
        if (h == server) return true;
    return false;
}

net::awaitable<Status> MatrixAdapter::load_state(InboundSink& sink) {
    auto since = co_await sink.load_cursor(since_cursor());
    if (!since) co_return since.error();
    since_ = since->value_or("");
    auto prefix = co_await sink.load_cursor(txn_cursor());
    if (!prefix) co_return prefix.error();
    if (!*prefix) {
        const auto fresh = random_prefix();
        if (auto s = co_await sink.save_cursor(txn_cursor(), fresh); !s) co_return s;
        txn_prefix_ = fresh;
    } else {
        txn_prefix_ = **prefix;
    }
    co_return Status{};
}

net::awaitable<ApiAnswer> MatrixAdapter::sync_once() {
    using namespace asio::experimental::awaitable_operators;
    // The first sync of a fresh start answers at once (timeout 0) with history we only skip.
    const auto hold = since_.empty() ? std::chrono::milliseconds(0) : settings_.sync_timeout;
    std::string path = "/_matrix/client/v3/sync?filter=" + path_segment(sync_filter_json()) +
                       "&timeout=" + std::to_string(hold.count()) + "&set_presence=offline";
    if (!since_.empty()) path += "&since=" + path_segment(since_);
    // The read timeout must outlast the server's hold, or every quiet poll would look like a failure.
    auto winner = co_await (api_.call("GET", path, "", hold + std::chrono::seconds(15), settings_.reconnect_max) ||
                            stop_signal_.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (winner.index() == 0) co_return std::get<0>(std::move(winner));
    ApiAnswer stopped;
    stopped.status.verdict = ApiVerdict::retry;
    stopped.status.error = "stopped";
    co_return stopped;
}

net::awaitable<void> MatrixAdapter::handle_invites(const std::vector<RoomInvite>& invites) {
    for (const auto& invite : invites) {
        const auto room = path_segment(invite.room_id);
        if (!invite_allowed(invite)) {
            // Rejecting (leaving) removes the invite, so it does not come back on every sync.
            log(LogLevel::info, "matrix: declined an invite to " + invite.room_id + " from " + invite.inviter +
                                    " (its homeserver is not in matrix.allowed_homeservers)");
            (void)co_await api_.call("POST", "/_matrix/client/v3/rooms/" + room + "/leave", "{}", settings_.request_timeout,
                                     settings_.max_inline_wait);
            continue;
        }
        auto a = co_await api_.call("POST", "/_matrix/client/v3/join/" + room, "{}", settings_.request_timeout,
                                    settings_.max_inline_wait);
        if (!a.ok()) {
            log(LogLevel::warn, "matrix: could not join " + invite.room_id + ": " + a.status.errcode + " " + a.status.error);
            continue;
        }
        log(LogLevel::info, "matrix: joined " + invite.room_id + " on the invite of " + invite.inviter);
        co_await set_room_kind(invite.room_id, !invite.is_direct);
        if (invite.is_direct) {
            // Kept, so an agent addressed by user id is written to here after a restart too.
            dm_rooms_[invite.inviter] = invite.room_id;
            if (sink_) (void)co_await sink_->save_cursor("matrix.dm:" + invite.inviter, invite.room_id);
        }
    }
}

net::awaitable<void> MatrixAdapter::warn_encrypted(const std::vector<std::string>& rooms) {
    for (const auto& room : rooms) {
        if (warned_encrypted_.count(room)) continue;
        const std::string cursor = "matrix.e2e_notice:" + room;
        if (sink_) {
            if (auto saved = co_await sink_->load_cursor(cursor); saved && *saved) {
                warned_encrypted_.insert(room);
                continue;
            }
        }
        log(LogLevel::warn, "matrix: room " + room + " is end-to-end encrypted; the bot cannot read its messages");
        std::string text;
        for (const auto& [lang, notice] : settings_.encrypted_notice)
            if (lang == settings_.default_language) text = notice + text;
            else text += (text.empty() ? "" : "\n") + notice;
        if (text.empty()) text = "I cannot read encrypted messages. Please write to me in a room without encryption.";
        // One stable txnId per room: a repeated attempt never posts the notice twice.
        auto a = co_await send(room, txn_prefix_ + "-e2e-" + stable_hash(room), render_notice(text), settings_.max_inline_wait);
        if (!a.ok() && a.status.verdict != ApiVerdict::rejected) continue;  // tried again on the next sync
        warned_encrypted_.insert(room);
        if (sink_) (void)co_await sink_->save_cursor(cursor, "1");
    }
}

net::awaitable<void> MatrixAdapter::run(InboundSink& sink) {
    sink_ = &sink;
    net::Backoff backoff(net::BackoffPolicy{settings_.reconnect_initial, settings_.reconnect_max, 2.0, 0.5});
    bool kept_token_refused = false;
    while (!stopped_) {
        bool fresh_login = false;
        if (password_mode()) {
            auto signed_in = co_await sign_in(sink, kept_token_refused);
            if (!signed_in) {
                if (signed_in.error().code == Errc::auth) {
                    log(LogLevel::error, signed_in.error().message + "; see docs/matrix.md");
                    throw MatrixStartupError(signed_in.error().message);
                }
                log(LogLevel::warn, signed_in.error().message);
                if (!co_await net::wait_for(backoff.next()) || co_await cancelled()) co_return;
                continue;
            }
            fresh_login = *signed_in;
        }
        auto v = co_await verify();
        if (v) break;
        if (v.error().code == Errc::auth) {
            if (password_mode() && !fresh_login && !kept_token_refused) {
                // Logged out or the device deleted: the password makes a new one.
                log(LogLevel::warn, v.error().message + "; logging in again with the password");
                kept_token_refused = true;
                continue;
            }
            log(LogLevel::error, v.error().message + "; see docs/matrix.md");
            throw MatrixStartupError(v.error().message);
        }
        log(LogLevel::warn, v.error().message);
        if (!co_await net::wait_for(backoff.next()) || co_await cancelled()) co_return;
    }
    while (!stopped_) {
        auto loaded = co_await load_state(sink);
        if (loaded) break;
        log(LogLevel::warn, "matrix: cannot read the sync position from the store: " + loaded.error().message);
        if (!co_await net::wait_for(backoff.next()) || co_await cancelled()) co_return;
    }
    for (const auto& agents_room : settings_.agents_rooms) {
        if (stopped_) break;
        // Joining a room we are in already is a no-op; an invite we missed is accepted here.
        auto a = co_await api_.call("POST", "/_matrix/client/v3/join/" + path_segment(agents_room), "{}",
                                    settings_.request_timeout, settings_.max_inline_wait);
        if (!a.ok())
            log(LogLevel::warn, "matrix: cannot join the agents' room " + agents_room + " (" + a.status.errcode +
                                    "): invite " + settings_.user_id + " to it");
    }
    backoff.reset();
    while (!stopped_) {
        auto a = co_await sync_once();
        if (stopped_ || co_await cancelled()) break;
        if (!a.ok()) {
            connected_ = false;
            if (a.status.verdict == ApiVerdict::fatal) {
                if (password_mode()) (void)co_await sink.save_cursor(token_cursor(), "");  // the next start logs in
                fail_fatally("/sync", a.status);
            }
            log(LogLevel::warn, "matrix /sync: " + (a.status.errcode.empty() ? a.status.error : a.status.errcode + " " + a.status.error));
            const auto wait = a.status.verdict == ApiVerdict::rate_limited
                                  ? std::chrono::duration_cast<std::chrono::milliseconds>(a.status.retry_after)
                                  : backoff.next();
            if (!co_await net::wait_for(wait)) break;
            continue;
        }
        const bool history = since_.empty();
        auto batch = parse_sync(a.body, SyncContext{self_->user_id, std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now()), history});
        if (!batch) {
            log(LogLevel::warn, batch.error().message);
            if (!co_await net::wait_for(backoff.next())) break;
            continue;
        }
        connected_ = true;
        if (history) log(LogLevel::info, "matrix: first sync of this store: earlier messages are history, not answered");
        co_await handle_invites(batch->invites);
        co_await warn_encrypted(batch->encrypted_rooms);
        co_await note_summaries(batch->summaries);
        auto events = co_await events_to_commit(*batch);
        if (!events) {
            // A gap not filled or a DM not opened: the since token stays, the next /sync brings them again.
            log(LogLevel::warn, events.error().message);
            if (!co_await net::wait_for(backoff.next())) break;
            continue;
        }
        if (!events->empty()) {
            auto committed = co_await sink.commit(std::move(*events));
            if (!committed) {
                // Not recorded: the since token stays, so the next /sync brings these events again.
                log(LogLevel::warn, "matrix: events not committed, reading them again: " + committed.error().message);
                if (!co_await net::wait_for(backoff.next())) break;
                continue;
            }
        }
        if (batch->next_batch != since_) {
            if (auto saved = co_await sink.save_cursor(since_cursor(), batch->next_batch); !saved)
                log(LogLevel::warn, "matrix: cannot save the sync position (a restart re-reads, the inbox drops repeats): " +
                                        saved.error().message);
            since_ = batch->next_batch;
        }
        backoff.reset();
    }
    connected_ = false;
}

}  // namespace frontline::matrix
