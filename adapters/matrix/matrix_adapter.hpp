#pragma once
// The Matrix connector: /sync long polling in (DMs, the agents' room and its threads, invites),
// PUT …/send/m.room.message/{txnId} out. The since token moves (and is saved through the sink) only
// after the engine loop committed the batch; txnIds derive from outbox ids, so a retried send is
// never posted twice. https://spec.matrix.org/v1.10/client-server-api/
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include <boost/asio/steady_timer.hpp>

#include "adapters/adapter.hpp"
#include "adapters/matrix/client_api.hpp"
#include "adapters/matrix/matrix_settings.hpp"
#include "adapters/matrix/sync_codec.hpp"
#include "adapters/net/net.hpp"
#include "adapters/net/tls_context.hpp"

namespace frontline::matrix {

/// Thrown out of run() when the homeserver refuses the access token (M_UNKNOWN_TOKEN) or the token
/// belongs to another user: retrying cannot help. Names the variable, never its value.
class MatrixStartupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class MatrixAdapter final : public Adapter {
public:
    /// Builds the TLS context (system trust store plus settings.extra_ca_file).
    static Result<std::unique_ptr<MatrixAdapter>> create(net::Executor executor, MatrixSettings settings);
    ~MatrixAdapter() override;

    /// No buttons (the desk's cards say what to type), threads, edits (m.replace).
    static constexpr PlatformCapabilities kCapabilities{
        .buttons = false, .threads = true, .edits = true, .ephemeral = false, .reaches_offline_users = true,
        .profile_name = true, .profile_contact = false};

    std::string platform() const override { return "matrix"; }
    PlatformCapabilities capabilities() const override { return kCapabilities; }
    /// whoami, then /sync until stop(). Throws MatrixStartupError on a refused token.
    net::awaitable<void> run(InboundSink& sink) override;
    net::awaitable<DeliveryOutcome> deliver(OutboxItem item) override;
    /// An m.image / m.file by its mxc:// URI: authenticated media (GET /_matrix/client/v1/media/
    /// download/…, spec v1.11) with the token, the legacy /_matrix/media/v3/download when the
    /// homeserver does not know the new endpoint. An encrypted file is unsupported; past
    /// `max_bytes` Errc::too_large.
    net::awaitable<Result<FetchedFile>> fetch_attachment(Attachment attachment, std::size_t max_bytes) override;
    /// True once whoami succeeded and while the last /sync answered.
    bool connected() const override { return connected_; }
    /// One /sync reader per bot account: its since token is shared through the store's cursors.
    bool single_receiver() const override { return true; }

    /// whoami with the token: learns our user and device. Errc::auth names the variable to fix.
    net::awaitable<Status> verify();
    /// The rooms the bot has joined (GET joined_rooms).
    net::awaitable<Result<std::vector<std::string>>> joined_rooms();
    /// The team rooms (agents.file) the bot has not joined; an error when joined_rooms cannot be asked.
    net::awaitable<Result<std::vector<RoomProblem>>> verify_rooms(std::vector<std::string> rooms) override;
    /// Ends the current /sync; run() returns soon after.
    void stop();

    /// The cursor names in the sink (per bot account, so a changed user_id starts fresh).
    std::string since_cursor() const { return "matrix.since:" + settings_.user_id; }
    std::string txn_cursor() const { return "matrix.txn_prefix:" + settings_.user_id; }
    /// Where a password login keeps its access token (never logged; docs/matrix.md says where it is).
    std::string token_cursor() const { return "matrix.access_token:" + settings_.user_id; }
    /// "group" or "dm" for a joined room, once known.
    static std::string room_cursor(const std::string& room) { return "matrix.room:" + room; }

private:
    MatrixAdapter(net::Executor executor, MatrixSettings settings, net::TlsContextPtr tls);

    /// Password mode: the token kept in the store, or a login (kept there). True when it logged in
    /// now; Errc::auth when the homeserver refused the password. `kept_was_refused` forgets the kept one.
    net::awaitable<Result<bool>> sign_in(InboundSink& sink, bool kept_was_refused);
    bool password_mode() const { return !settings_.password.empty(); }
    /// Names the token in use for messages ("the access token in VAR"), never its value.
    std::string token_origin() const;
    net::awaitable<Status> load_state(InboundSink& sink);
    net::awaitable<ApiAnswer> sync_once();
    net::awaitable<void> handle_invites(const std::vector<RoomInvite>& invites);
    /// What a batch commits: the events a cut timeline left out (fetched) first, then the timeline's;
    /// in group rooms only those addressing the bot, re-addressed to the writer's DM.
    net::awaitable<Result<std::vector<InboundEvent>>> events_to_commit(SyncBatch& batch);
    net::awaitable<Result<std::vector<InboundEvent>>> fill_gap(const TimelineGap& gap, std::set<std::string>& addressed);
    net::awaitable<bool> is_group_room(const std::string& room);
    net::awaitable<void> set_room_kind(const std::string& room, bool group);
    net::awaitable<void> note_summaries(const std::map<std::string, RoomSummary>& summaries);
    net::awaitable<void> warn_encrypted(const std::vector<std::string>& rooms);
    net::awaitable<Result<std::string>> room_for(const std::string& conversation);
    net::awaitable<ApiAnswer> send(const std::string& room, const std::string& txn_id, std::string content,
                                   std::chrono::milliseconds max_wait);
    bool invite_allowed(const RoomInvite& invite) const;
    [[noreturn]] void fail_fatally(const std::string& what, const ApiStatus& status);
    void log(LogLevel level, const std::string& message) const;

    net::Executor ex_;
    MatrixSettings settings_;
    net::TlsContextPtr tls_;
    ClientApi api_;
    std::optional<WhoAmI> self_;
    InboundSink* sink_ = nullptr;
    std::string since_;
    std::string txn_prefix_;         ///< random per store, saved: a fresh store never reuses a txnId
    bool connected_ = false;
    bool stopped_ = false;
    boost::asio::steady_timer stop_signal_;
    std::set<std::string> warned_encrypted_;
    std::map<std::string, std::string> dm_rooms_;  ///< user id -> the DM room we created or they invited us to
    std::map<std::string, bool> group_rooms_;      ///< room -> is a group room (cache of room_cursor)
    std::map<std::string, std::pair<int, int>> member_counts_;  ///< room -> (joined, invited) from summaries
};

}  // namespace frontline::matrix
