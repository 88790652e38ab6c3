#pragma once
// The contract between a platform adapter and the engine loop (bot/). An adapter receives platform
// events, hands them to the sink, and confirms them to its platform only after the sink committed
// them; it also delivers outbox messages rendered for its platform.
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "adapters/net/http_types.hpp"
#include "core/message.hpp"
#include "core/platform.hpp"
#include "core/result.hpp"

namespace frontline {

/// Implemented by the engine loop.
class InboundSink {
public:
    virtual ~InboundSink() = default;
    /// Completes once the events are durably recorded (inbox + their effects committed), or with an
    /// error when they were not: then the adapter must not confirm them to its platform.
    virtual boost::asio::awaitable<Status> commit(std::vector<InboundEvent> events) = 0;
    /// Where an adapter resumes its platform's stream after a restart (Matrix's since token): the
    /// value last saved under `name`, nullopt when none. Save it only after commit() completed for
    /// the events before it; a crash in between re-reads them and the inbox drops the duplicates.
    virtual boost::asio::awaitable<Result<std::optional<std::string>>> load_cursor(std::string name) {
        co_return make_error(Errc::not_found, "this sink keeps no cursors (" + name + ")");
    }
    virtual boost::asio::awaitable<Status> save_cursor(std::string name, std::string value) {
        (void)value;
        co_return make_error(Errc::not_found, "this sink keeps no cursors (" + name + ")");
    }
};

/// One outbox row handed to an adapter for delivery.
struct OutboxItem {
    std::int64_t id = 0;
    OutboundMessage message;
    int attempt = 0;                    ///< 0 on the first try
    std::string replaces_platform_id;   ///< platform id of the message named by message.replaces, if known
    /// Set when an earlier send began at that time and was never confirmed (a crash, a lost answer):
    /// an adapter whose platform keeps no idempotency keys looks for the message before posting again.
    std::optional<TimePoint> unconfirmed_since;
    /// With an edit (replaces_platform_id known) handed to an adapter that folds rows: every
    /// message delivered as that platform message so far, in order, the edits made to it included,
    /// so the adapter can render the whole message with only this one part changed.
    std::vector<OutboundMessage> replaced_holds;
};

struct DeliveryOutcome {
    enum class Kind { delivered, retry, rejected };  ///< rejected = permanent (e.g. channel_not_found)
    Kind kind = Kind::delivered;
    std::string platform_message_id;    ///< to let later messages replace this one
    std::chrono::seconds retry_after{0};///< from Retry-After / retry_after when the platform said
    std::string error;                  ///< for logs and metrics; never contains secrets
    /// With rejected: the recipient refuses every message of ours (blocked the bot, deactivated),
    /// not just this one. Core marks them unreachable on their tickets and tells the agents.
    bool recipient_unreachable = false;
};

/// The bytes of an attachment, fetched by its adapter with the platform's authentication.
struct FetchedFile {
    std::string bytes;
    std::string media_type;  ///< what the platform's download answered with; may be empty
};

/// An HTTP endpoint an adapter serves on the bot's own server (a platform's webhook).
struct AdapterRoute {
    std::string path;  ///< exact path, e.g. "/telegram/webhook"
    std::function<boost::asio::awaitable<net::HttpResponse>(net::IncomingRequest)> handle;
};

/// A room an adapter was given that it cannot post to, and why in the platform's own words.
struct RoomProblem {
    std::string room;     ///< the room id as configured (a team's room in agents.file)
    std::string problem;  ///< e.g. "channel_not_found", "the bot is not a member"; never a secret
};

/// What an adapter that folds rows offers the outbox dispatcher: it is handed the rows of one
/// conversation that are ready together (the head and the pending rows behind it, in order).
class FoldingDelivery {
public:
    virtual ~FoldingDelivery() = default;
    /// How many of `items` go out in one deliver_together() call, at least 1.
    virtual std::size_t fold_count(const std::vector<OutboxItem>& items) const = 0;
    /// Delivers the rows fold_count() accepted; one outcome per item, in the same order. Rows
    /// shown as one platform message are delivered with the same platform_message_id.
    virtual boost::asio::awaitable<std::vector<DeliveryOutcome>> deliver_together(std::vector<OutboxItem> items) = 0;
};

class Adapter {
public:
    virtual ~Adapter() = default;
    virtual std::string platform() const = 0;
    /// What this platform can show (buttons, threads, edits, ephemeral notes); core reads it.
    virtual PlatformCapabilities capabilities() const = 0;
    /// Receives until cancelled; reconnects on its own with backoff.
    virtual boost::asio::awaitable<void> run(InboundSink& sink) = 0;
    /// Whether the platform allows one receiver per bot (Telegram's getUpdates, Matrix's /sync).
    /// With several processes on one store, run() then runs only in the process holding the
    /// platform's leader lease (bot/runtime/leader_lease.hpp), and is cancelled if it loses it.
    virtual bool single_receiver() const { return false; }
    virtual boost::asio::awaitable<DeliveryOutcome> deliver(OutboxItem item) = 0;
    /// The adapter's folding side when it can post several outbox rows as one platform message
    /// (one API call per bot turn); nullptr when it delivers one row at a time through deliver().
    virtual FoldingDelivery* folding() { return nullptr; }
    /// Whether an edit of a message already delivered takes from the conversation's posting pace.
    /// Slack paces chat.postMessage per channel; its updates are not charged there.
    virtual bool edits_use_conversation_pace() const { return true; }
    /// Whether the platform itself drops a repeated send (Matrix's txnId). When it does not, the
    /// outbox records each attempt durably before deliver() and passes unconfirmed_since.
    virtual bool deduplicates_sends() const { return true; }
    /// Downloads an attachment this adapter's codec reported (Attachment::platform_ref), at most
    /// `max_bytes`: an error with Errc::too_large past it, without reading the rest. The default
    /// refuses: a platform whose adapter maps no files never reports any.
    virtual boost::asio::awaitable<Result<FetchedFile>> fetch_attachment(Attachment attachment, std::size_t max_bytes) {
        (void)max_bytes;
        co_return make_error(Errc::unsupported, "this adapter fetches no files (" + attachment.name + ")");
    }
    /// For /readyz.
    virtual bool connected() const = 0;
    /// Routes to add to the bot's HTTP server before it listens (none by default).
    virtual std::vector<AdapterRoute> http_routes() { return {}; }
    /// Asked once at start with every room of this platform that a team names in agents.file
    /// (docs/agents.md, "Where a team's pings go"): answers the rooms that do not exist or that
    /// the bot cannot post to (Slack conversations.info, Telegram getChat, Matrix joined_rooms);
    /// empty when all are fine. An error when the platform could not be asked at all (network,
    /// refused token): the service then reports the rooms as unverified. Never throws.
    /// `frontline check-config` and /readyz fail naming each problem.
    virtual boost::asio::awaitable<Result<std::vector<RoomProblem>>> verify_rooms(std::vector<std::string> rooms) = 0;
};

}  // namespace frontline
