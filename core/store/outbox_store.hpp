#pragma once
// The outbox: every message the bot decided to send, written in the same transaction as the
// decision, delivered later by the outbox dispatcher and marked delivered only when the platform
// said yes. Rows survive restarts; the idempotency key keeps a message from being queued twice.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/message.hpp"
#include "core/result.hpp"

namespace frontline {

/// A pending outbox row as the dispatcher sees it.
struct OutboxRow {
    std::int64_t id = 0;
    OutboundMessage message;
    int attempts = 0;                   ///< deliveries tried so far
    TimePoint created_at{};
    std::string replaces_platform_id;   ///< platform id of the message named by message.replaces
    /// When an earlier attempt began that was never confirmed (mark_sending): it may have arrived.
    std::optional<TimePoint> sending_since;
};

/// What the dispatcher decides on before it reads a message: a deliverable row's place in the
/// queue (no message text: reading and parsing it is the expensive part of looking at the outbox).
struct OutboxHead {
    std::int64_t id = 0;
    Address to;  ///< platform and conversation (the thread is in the message)
    OutboxPriority priority = OutboxPriority::direct;
    bool edit = false;  ///< it replaces a message already delivered (some platforms do not pace edits)
};

/// A row given up on: a permanent refusal, too many attempts, or no adapter for its platform.
struct FailedOutboxRow {
    std::int64_t id = 0;
    OutboundMessage message;
    int attempts = 0;
    TimePoint created_at{};
    std::string error;  ///< why, in the platform's or the dispatcher's words
};

/// Pending rows per priority (urgent, direct, bulk).
using OutboxDepth = std::array<long long, 3>;

class OutboxStore {
public:
    virtual ~OutboxStore() = default;
    /// Queues `m`; false when a row with the same idempotency key exists (nothing written).
    virtual Result<bool> enqueue(const OutboundMessage& m, TimePoint now) = 0;
    /// Queues `m` like enqueue; the new row (id, message, created now), or nullopt when a row with
    /// the same idempotency key exists.
    virtual Result<std::optional<OutboxRow>> enqueue_row(const OutboundMessage& m, TimePoint now) = 0;
    /// Of rows just queued in this transaction (ascending ids), the ones that may be delivered at
    /// once: each conversation's new rows when no older row of it is pending, in order, each edit
    /// with the platform id of the message it replaces. A row that edits one before it in the same
    /// run ends that run (its target's platform id is not known yet). This is what the engine loop
    /// hands the dispatcher after the commit, so a reply goes out without the outbox being read again.
    virtual Result<std::vector<OutboxRow>> ready_among(const std::vector<OutboxRow>& queued) = 0;
    /// Deliverable rows: pending, due, and the oldest pending row of their conversation (so a
    /// conversation's messages never overtake each other), by priority then age, at most `limit`.
    virtual Result<std::vector<OutboxRow>> deliverable(TimePoint now, int limit) = 0;
    /// The same rows, as heads: the dispatcher skips the ones in flight or held back by pacing
    /// and reads only the messages it starts (pending_rows).
    virtual Result<std::vector<OutboxHead>> deliverable_heads(TimePoint now, int limit) = 0;
    /// The rows `ids` that are still pending, in the given order (others are left out), now this
    /// process's to send: on a store shared by several processes each row is claimed until
    /// `now` plus the claim's lease, and rows another process claimed and still holds are left out.
    virtual Result<std::vector<OutboxRow>> pending_rows(const std::vector<std::int64_t>& ids, TimePoint now) = 0;
    /// The pending rows of `head`'s conversation after it, in order, as far as they are due at
    /// `now`, at most `limit`: what an adapter that folds rows ready together may take with the head
    /// (none of them is deliverable on its own while the head is pending).
    virtual Result<std::vector<OutboxRow>> followers(const OutboxRow& head, TimePoint now, int limit) = 0;
    /// The messages delivered as platform message `platform_message_id` in `to`'s conversation, in
    /// order: the rows an adapter folded into it and the edits made to it since.
    virtual Result<std::vector<OutboundMessage>> delivered_as(const Address& to, const std::string& platform_message_id) = 0;
    virtual Status mark_delivered(std::int64_t id, const std::string& platform_message_id, TimePoint now) = 0;
    /// Records, before the platform is called, that a send of row `id` begins at `now` (the first
    /// such time stays): after a crash the next attempt knows the message may already be there.
    virtual Status mark_sending(std::int64_t id, TimePoint now) = 0;
    /// Counts an attempt and schedules the next one.
    virtual Status mark_retry(std::int64_t id, TimePoint next_attempt_at, const std::string& error) = 0;
    /// Gives up on the row for good (the platform refused it permanently).
    virtual Status mark_failed(std::int64_t id, const std::string& error) = 0;
    virtual Result<OutboxDepth> depth() = 0;
    /// The earliest next attempt later than `after` among pending rows, if any.
    virtual Result<std::optional<TimePoint>> next_attempt_after(TimePoint after) = 0;
    /// "pending", "delivered" or "failed"; not_found when no such key.
    virtual Result<std::string> status_of(const std::string& idempotency_key) = 0;
    /// The message of row `id`, whatever its status (a button pressed later names the row that
    /// offered it); nullopt when there is no such row.
    virtual Result<std::optional<OutboundMessage>> message_of(std::int64_t id) = 0;
    /// Failed rows, newest first, at most `limit` (`frontline outbox --failed`).
    virtual Result<std::vector<FailedOutboxRow>> failed(int limit) = 0;
    /// Failed rows per platform (a /metrics gauge: undeliverable messages stay visible).
    virtual Result<std::map<std::string, long long>> failed_by_platform() = 0;
};

/// The row format of outbox.message (JSON text); exposed for tests.
std::string outbound_message_to_json_text(const OutboundMessage& m);
Result<OutboundMessage> outbound_message_from_json_text(const std::string& text);

}  // namespace frontline
