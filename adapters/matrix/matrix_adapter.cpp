// MatrixAdapter's set-up and sending side: whoami, joined rooms, deliveries with PUT
// /rooms/{roomId}/send/m.room.message/{txnId}, DM rooms for agents addressed by user id.
// https://spec.matrix.org/v1.10/client-server-api/#put_matrixclientv3roomsroomidsendeventtypetxnid
#include "adapters/matrix/matrix_adapter.hpp"

#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "adapters/matrix/message_renderer.hpp"

namespace frontline::matrix {

Result<std::unique_ptr<MatrixAdapter>> MatrixAdapter::create(net::Executor executor, MatrixSettings settings) {
    net::TlsClientOptions tls_options;
    tls_options.extra_ca_file = settings.extra_ca_file;
    auto tls = net::make_client_tls_context(tls_options);
    if (!tls) return tls.error();
    return std::unique_ptr<MatrixAdapter>(new MatrixAdapter(std::move(executor), std::move(settings), *tls));
}

MatrixAdapter::MatrixAdapter(net::Executor executor, MatrixSettings settings, net::TlsContextPtr tls)
    : ex_(executor),
      settings_(std::move(settings)),
      tls_(tls),
      api_(executor, tls, settings_),
      stop_signal_(executor, std::chrono::steady_clock::time_point::max()) {}

MatrixAdapter::~MatrixAdapter() = default;

void MatrixAdapter::log(LogLevel level, const std::string& message) const {
    if (settings_.log) {
        settings_.log(level, message);
        return;
    }
    if (level == LogLevel::debug) return;
    static constexpr const char* kNames[] = {"debug", "info", "warn", "error"};
    std::clog << "frontline [" << kNames[static_cast<int>(level)] << "] " << message << '\n';
}

void MatrixAdapter::stop() {
    stopped_ = true;
    stop_signal_.expires_at(std::chrono::steady_clock::time_point::min());
}

void MatrixAdapter::fail_fatally(const std::string& what, const ApiStatus& status) {
    connected_ = false;
    const std::string message = "matrix: the homeserver refused " + token_origin() + " during " + what + " (" + status.errcode +
                                ": " + status.error + "); " +
                                (password_mode() ? "it is forgotten: start frontline again to log in with the password"
                                                 : "log the bot account in again and put the new token in that variable") +
                                " (docs/matrix.md)";
    log(LogLevel::error, message);
    throw MatrixStartupError(message);
}

net::awaitable<Status> MatrixAdapter::verify() {
    auto a = co_await api_.call("GET", "/_matrix/client/v3/account/whoami", "", settings_.request_timeout,
                                settings_.max_inline_wait);
    if (!a.ok()) {
        if (a.status.verdict == ApiVerdict::fatal)
            co_return make_error(Errc::auth, "matrix: the homeserver refused " + token_origin() + " (" + a.status.errcode + ")");
        co_return make_error(a.status.verdict == ApiVerdict::rate_limited ? Errc::rate_limited : Errc::network,
                             "matrix whoami: " + a.status.error);
    }
    auto who = parse_whoami(a.body);
    if (!who) co_return who.error();
    if (who->user_id != settings_.user_id)
        co_return make_error(Errc::auth, "matrix: " + token_origin() + " belongs to " + who->user_id + ", not to matrix.user_id " +
                                             settings_.user_id);
    self_ = *who;
    log(LogLevel::info, "matrix: signed in as " + who->user_id + " (device " + who->device_id + ")");
    co_return Status{};
}

net::awaitable<Result<std::vector<std::string>>> MatrixAdapter::joined_rooms() {
    auto a = co_await api_.call("GET", "/_matrix/client/v3/joined_rooms", "", settings_.request_timeout,
                                settings_.max_inline_wait);
    if (!a.ok())
        co_return make_error(a.status.verdict == ApiVerdict::fatal ? Errc::auth : Errc::network,
                             "matrix joined_rooms: " + (a.status.errcode.empty() ? a.status.error : a.status.errcode));
    co_return parse_joined_rooms(a.body);
}

namespace {
// Built outside the coroutine: GCC 12 miscompiles braced string initialisers inside them.
RoomProblem room_problem(std::string room, std::string problem) { return RoomProblem{std::move(room), std::move(problem)}; }
}  // namespace

net::awaitable<Result<std::vector<RoomProblem>>> MatrixAdapter::verify_rooms(std::vector<std::string> rooms) {
    auto joined = co_await joined_rooms();
    if (!joined) co_return joined.error();
    std::vector<RoomProblem> problems;
    for (const auto& room : rooms) {
        if (std::find(joined->begin(), joined->end(), room) != joined->end()) continue;
        problems.push_back(room_problem(room, "the bot " + settings_.user_id +
                                                  " has not joined this room (invite it; the invite is accepted at once)"));
    }
    co_return problems;
}

net::awaitable<ApiAnswer> MatrixAdapter::send(const std::string& room, const std::string& txn_id, std::string content,
                                              std::chrono::milliseconds max_wait) {
    // The same txnId from the same device returns the first answer and posts nothing new: that is
    // what makes a retry after a lost answer (or a crash) safe.
    co_return co_await api_.call("PUT",
                                 "/_matrix/client/v3/rooms/" + path_segment(room) + "/send/m.room.message/" +
                                     path_segment(txn_id),
                                 std::move(content), settings_.request_timeout, max_wait);
}

net::awaitable<Result<std::string>> MatrixAdapter::room_for(const std::string& conversation) {
    if (!conversation.starts_with('@')) co_return conversation;
    // A person addressed by user id (an agent's private message): their DM room, created once.
    if (const auto it = dm_rooms_.find(conversation); it != dm_rooms_.end()) co_return it->second;
    const std::string cursor = "matrix.dm:" + conversation;
    if (sink_) {
        if (auto saved = co_await sink_->load_cursor(cursor); saved && *saved) {
            dm_rooms_[conversation] = **saved;
            co_return **saved;
        }
    }
    const nlohmann::json body = {{"preset", "trusted_private_chat"}, {"is_direct", true}, {"invite", {conversation}}};
    auto a = co_await api_.call("POST", "/_matrix/client/v3/createRoom", body.dump(), settings_.request_timeout,
                                settings_.max_inline_wait);
    if (!a.ok())
        co_return make_error(a.status.verdict == ApiVerdict::rejected ? Errc::invalid_argument : Errc::network,
                             "matrix createRoom for " + conversation + ": " + a.status.error);
    auto room = parse_room_id(a.body);
    if (!room) co_return room.error();
    dm_rooms_[conversation] = *room;
    if (sink_) (void)co_await sink_->save_cursor(cursor, *room);
    co_return *room;
}

namespace {

DeliveryOutcome outcome_of(const ApiStatus& s) {
    DeliveryOutcome o;
    o.error = s.errcode.empty() ? s.error : s.errcode + ": " + s.error;
    switch (s.verdict) {
        case ApiVerdict::ok: o.kind = DeliveryOutcome::Kind::delivered; break;
        case ApiVerdict::rate_limited:
            o.kind = DeliveryOutcome::Kind::retry;
            o.retry_after = std::chrono::ceil<std::chrono::seconds>(s.retry_after);
            break;
        // A refused token may be fixed by the operator: keep the message and retry later.
        case ApiVerdict::fatal:
        case ApiVerdict::retry: o.kind = DeliveryOutcome::Kind::retry; break;
        case ApiVerdict::rejected: o.kind = DeliveryOutcome::Kind::rejected; break;
    }
    return o;
}

DeliveryOutcome failed(DeliveryOutcome::Kind kind, std::string error) {
    DeliveryOutcome o;
    o.kind = kind;
    o.error = std::move(error);
    return o;
}

}  // namespace

net::awaitable<DeliveryOutcome> MatrixAdapter::deliver(OutboxItem item) {
    const auto& m = item.message;
    if (m.to.platform != "matrix" || m.to.conversation_id.empty())
        co_return failed(DeliveryOutcome::Kind::rejected, "matrix: not a Matrix address");
    if (txn_prefix_.empty() || !self_) {
        // Before run() loaded our transaction prefix a txnId could collide with an older store's.
        auto o = failed(DeliveryOutcome::Kind::retry, "matrix: not signed in yet");
        o.retry_after = std::chrono::seconds(1);
        co_return o;
    }
    auto room = co_await room_for(m.to.conversation_id);
    if (!room)
        co_return failed(room.error().code == Errc::invalid_argument ? DeliveryOutcome::Kind::rejected
                                                                     : DeliveryOutcome::Kind::retry,
                         room.error().message);
    // Bot status in the agents' room is a notice, which other bots never answer; dialogue is text.
    const RenderOptions options{self_->user_id, settings_.agents_rooms.count(*room) > 0};
    const bool edit = !m.replaces.empty() && !item.replaces_platform_id.empty();
    auto content = edit ? render_replacement(m, item.replaces_platform_id, options) : render_message(m, options);
    auto a = co_await send(*room, txn_prefix_ + "-" + std::to_string(item.id), std::move(content), settings_.max_inline_wait);
    auto o = outcome_of(a.status);
    if (o.kind != DeliveryOutcome::Kind::delivered) {
        if (a.status.verdict == ApiVerdict::fatal) log(LogLevel::error, "matrix: send refused: " + token_origin() + " is no longer valid");
        co_return o;
    }
    if (edit) {
        // Every later edit names the original event, never an edit of it.
        o.platform_message_id = item.replaces_platform_id;
        co_return o;
    }
    auto id = parse_event_id(a.body);
    if (!id) co_return failed(DeliveryOutcome::Kind::retry, id.error().message);
    o.platform_message_id = *id;
    co_return o;
}

}  // namespace frontline::matrix
