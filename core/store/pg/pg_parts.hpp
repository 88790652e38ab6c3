#pragma once
// The PostgreSQL implementations of the runtime's store ports, each on its PgStore's connection,
// with the claims several processes on one database need (pg_store.hpp). Internal to
// core/store/pg: everyone else reaches them through Store::inbox(), outbox(), ...
#include "core/store/conversation_line_store.hpp"
#include "core/store/cursor_store.hpp"
#include "core/store/inbox_store.hpp"
#include "core/store/leader_leases.hpp"
#include "core/store/outbox_store.hpp"
#include "core/store/pg/pg_store.hpp"
#include "core/store/timer_store.hpp"

namespace frontline {

class PgInboxStore final : public InboxStore {
public:
    explicit PgInboxStore(pg::Connection& db) : db_(db) {}
    Result<bool> record(const std::string& event_key, TimePoint at) override;
    Result<long long> prune(TimePoint before) override;

private:
    pg::Connection& db_;
};

class PgOutboxStore final : public OutboxStore {
public:
    PgOutboxStore(pg::Connection& db, const PgClaims& claims) : db_(db), claims_(claims) {}
    Result<bool> enqueue(const OutboundMessage& m, TimePoint now) override;
    Result<std::optional<OutboxRow>> enqueue_row(const OutboundMessage& m, TimePoint now) override;
    Result<std::vector<OutboxRow>> ready_among(const std::vector<OutboxRow>& queued) override;
    Result<std::vector<OutboxRow>> deliverable(TimePoint now, int limit) override;
    Result<std::vector<OutboxHead>> deliverable_heads(TimePoint now, int limit) override;
    Result<std::vector<OutboxRow>> pending_rows(const std::vector<std::int64_t>& ids, TimePoint now) override;
    Result<std::vector<OutboxRow>> followers(const OutboxRow& head, TimePoint now, int limit) override;
    Result<std::vector<OutboundMessage>> delivered_as(const Address& to, const std::string& platform_message_id) override;
    Status mark_delivered(std::int64_t id, const std::string& platform_message_id, TimePoint now) override;
    Status mark_sending(std::int64_t id, TimePoint now) override;
    Status mark_retry(std::int64_t id, TimePoint next_attempt_at, const std::string& error) override;
    Status mark_failed(std::int64_t id, const std::string& error) override;
    Result<OutboxDepth> depth() override;
    Result<std::optional<TimePoint>> next_attempt_after(TimePoint after) override;
    Result<std::string> status_of(const std::string& idempotency_key) override;
    Result<std::optional<OutboundMessage>> message_of(std::int64_t id) override;
    Result<std::vector<FailedOutboxRow>> failed(int limit) override;
    Result<std::map<std::string, long long>> failed_by_platform() override;

private:
    pg::Connection& db_;
    const PgClaims& claims_;
};

class PgTimerStore final : public TimerStore {
public:
    explicit PgTimerStore(pg::Connection& db) : db_(db) {}
    Status arm(const TimerRequest& t) override;
    Status cancel(const std::string& key) override;
    Result<std::vector<TimerRequest>> due(TimePoint now, int limit) override;
    Result<std::optional<TimePoint>> next_due() override;
    Result<long long> count() override;

private:
    pg::Connection& db_;
};

class PgCursorStore final : public CursorStore {
public:
    explicit PgCursorStore(pg::Connection& db) : db_(db) {}
    Result<std::optional<std::string>> load(const std::string& name) override;
    Status save(const std::string& name, const std::string& value, TimePoint at) override;
    Result<std::string> keep_first(const std::string& name, const std::string& candidate, TimePoint at) override;

private:
    pg::Connection& db_;
};

class PgConversationLineStore final : public ConversationLineStore {
public:
    explicit PgConversationLineStore(pg::Connection& db) : db_(db) {}
    Result<AppendedLine> append(const std::string& conversation, const std::string& line_id, const std::string& entry,
                                TimePoint at) override;
    Result<std::vector<StoredLine>> after(const std::string& conversation, std::int64_t seq, std::size_t limit) override;
    /// One query for every conversation (unnest, ROW_NUMBER per conversation).
    Result<std::vector<std::pair<std::string, StoredLine>>> after_each(
        const std::vector<std::pair<std::string, std::int64_t>>& from, std::size_t limit) override;
    Result<std::int64_t> last_seq(const std::string& conversation) override;
    Result<std::size_t> prune(TimePoint cutoff, std::size_t limit) override;

private:
    pg::Connection& db_;
};

class PgLeaderLeases final : public LeaderLeases {
public:
    explicit PgLeaderLeases(pg::Connection& db) : db_(db) {}
    Result<bool> hold(const std::string& name, const std::string& holder, TimePoint now, Seconds ttl) override;
    Status release(const std::string& name, const std::string& holder) override;
    Result<std::optional<LeaseHolder>> holder_of(const std::string& name) override;

private:
    pg::Connection& db_;
};

}  // namespace frontline
