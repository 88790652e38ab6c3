#pragma once
// The PostgreSQL store: the whole Store (store.hpp) on one libpq connection (one PgStore per
// thread, like SqliteStore), for several frontline processes sharing one database. Migrated at open
// from the shared list under an advisory lock. Besides every repository port it keeps the runtime's
// tables (pg_parts.hpp) with what several processes need and one SQLite process never does: the
// inbox's key decides which process applies an event, outbox rows are claimed by a process for a
// lease (PgClaims), due timers are taken with SKIP LOCKED, engine batches of all processes apply one
// after another under an advisory lock (lock_engine), conversation lines are numbered under a
// per-conversation advisory lock, and leader leases say which process runs single-owner work
// (docs/scale-out.md).
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/store/pg/pg_connection.hpp"
#include "core/store/runtime_stats.hpp"
#include "core/store/store.hpp"

namespace frontline {

class PgInboxStore;
class PgOutboxStore;
class PgTimerStore;
class PgCursorStore;
class PgConversationLineStore;
class PgLeaderLeases;

/// Who this process is to the other processes on the database, and how long its outbox claims last.
struct PgClaims {
    std::string holder = "frontline";  ///< names this process (host:pid:random); never shared by two
    Seconds lease{30};                 ///< a claimed outbox row is this process's until now + lease
};

class PgStore final : public Store {
public:
    /// Connects and migrates to the latest schema (`migrate_to` stops earlier, for tests); `claims`
    /// names this process in the outbox claims it takes.
    static Result<std::unique_ptr<PgStore>> open(const pg::ConnectOptions& o, std::optional<int> migrate_to = std::nullopt,
                                                 PgClaims claims = {});
    ~PgStore() override;
    PgStore(const PgStore&) = delete;
    PgStore& operator=(const PgStore&) = delete;

    Result<int> schema_version();
    /// For core/store's PostgreSQL files and tests: the connection.
    pg::Connection& connection() { return *db_; }
    const PgClaims& claims() const { return claims_; }

    // Store (pg_store_runtime.cpp)
    std::string_view backend() const override { return "postgresql"; }
    Status ping() override;
    /// One transaction: commits when `fn` returns ok, rolls back on an error or an exception;
    /// nested calls join the outer one through a savepoint (as Store::in_transaction).
    Status in_transaction(const std::function<Status()>& fn) override { return db_->in_transaction(fn); }
    /// `SET LOCAL synchronous_commit = off` first: this transaction's COMMIT does not wait for the WAL
    /// flush. Inside an outer transaction it joins that one as it was opened.
    Status in_unsynced_transaction(const std::function<Status()>& fn) override;
    /// A transaction-scoped advisory lock shared by every process's engine batches.
    Status lock_engine() override;
    Status event_savepoint(SavepointStep step) override;

    InboxStore& inbox() override;
    OutboxStore& outbox() override;
    TimerStore& timers() override;
    CursorStore& cursors() override;
    ConversationLineStore& lines() override;
    LeaderLeases& leases() override;

    // TicketRepository (pg_store_tickets.cpp)
    Result<TicketId> allocate_id(TicketType type) override;
    Status save_ticket(const Ticket& t) override;
    Result<std::optional<Ticket>> find_ticket(const TicketId& id) override;
    Result<std::vector<Ticket>> list_tickets(const TicketFilter& f) override;
    Result<RequesterTicketCounts> count_requester_tickets(const Identity& requester, TimePoint since) override;
    Status append_journal(JournalEntry& e) override;
    Result<std::vector<JournalEntry>> journal_of(const TicketId& id) override;
    Result<std::vector<SimilarTicket>> find_similar(const SimilarQuery& q) override;

    // SessionRepository (pg_store_sessions.cpp)
    Result<std::optional<StoredSession>> load_session(const Identity& user) override;
    Status save_session(const StoredSession& s) override;
    Status erase_session(const Identity& user) override;
    Status keep_flow_version(const std::string& flow, const std::string& version, const std::string& definition,
                             TimePoint now) override;
    Result<std::optional<std::string>> find_flow_version(const std::string& flow, const std::string& version) override;
    Result<std::vector<FlowVersionUse>> flow_versions() override;
    Result<int> forget_unused_flow_versions() override;

    // PersonRepository (pg_store_persons.cpp)
    Result<Person> upsert_person(const Identity& id, const std::string& name, const std::string& contact) override;
    Result<std::optional<Person>> find_person(const Identity& id) override;
    Status set_time_zone(const Identity& id, const std::string& zone) override;
    Status set_locale(const Identity& id, const std::string& locale) override;
    Status set_contact(const Identity& id, const std::string& name, const std::string& email, const std::string& phone) override;
    Status link_identity(const Identity& existing, const Identity& added) override;
    Result<IdentityLink> link_person_identity(const Identity& existing, const Identity& added, const std::string& actor,
                                              TimePoint at) override;
    Status note_seen(const Identity& id, const Address& where) override;
    Status choose_updates_place(const Identity& id, const Address& where, bool pinned) override;
    Status save_link_code(const LinkCode& code) override;
    Result<RedeemedCode> redeem_link_code(const std::string& code, const Identity& redeemer, TimePoint now) override;

    // HandoffRepository (pg_store_handoff.cpp)
    Result<std::optional<TicketId>> ticket_of_message(const std::string& platform, const std::string& conversation_id,
                                                      const std::string& message_ref) override;
    Result<std::optional<std::string>> platform_id_of(const std::string& message_key) override;
    Result<std::vector<Ticket>> children_of(const TicketId& parent) override;
    Result<bool> hold_message(const Identity& from, const std::string& text, TimePoint at) override;
    Result<std::optional<std::string>> take_held_message(const Identity& from) override;

    // AlertRepository (pg_store_alerts.cpp)
    Result<std::optional<AlertGroup>> find_alert_group(const std::string& group_key) override;
    Status save_alert_group(const AlertGroup& g) override;
    Result<std::vector<TicketId>> firing_alert_incidents(int limit) override;

    // BookingRepository (pg_store_bookings.cpp)
    Result<std::vector<Booking>> agent_bookings(const std::string& agent, TimePoint from, TimePoint to) override;
    Result<std::optional<Booking>> booking_by_nonce(const std::string& nonce) override;
    Result<std::optional<Booking>> booking_by_id(std::int64_t id) override;
    Status insert_booking(Booking& b) override;
    Status update_booking(const Booking& b) override;

    // ReportSource (pg_store_reports.cpp)
    Result<std::vector<Ticket>> tickets_reported_between(TimePoint from, TimePoint to) override;
    Result<std::vector<JournalEntry>> journal_of_tickets_reported_between(TimePoint from, TimePoint to) override;

    // AttachmentRepository (pg_store_attachments.cpp)
    Result<bool> add_ticket_attachment(TicketAttachment& a) override;
    Result<std::vector<TicketAttachment>> attachments_of(const TicketId& ticket) override;
    Result<int> count_attachments(const TicketId& ticket) override;
    Status hold_attachment(const Identity& from, const Attachment& a, TimePoint at) override;
    Result<std::vector<Attachment>> take_held_attachments(const Identity& from) override;
    Result<std::set<std::string>> referenced_files() override;

    // The /metrics figures (pg_runtime_stats.cpp), as runtime_stats.hpp's on SQLite.
    /// Tickets grouped by status and priority (all statuses; the caller keeps the open ones).
    Result<std::vector<TicketCount>> count_tickets_by_status() override;
    /// Every figure of TicketMetrics; the histogram bounds are in seconds, ascending.
    Result<TicketMetrics> read_ticket_metrics(const std::vector<long long>& claim_bounds,
                                              const std::vector<long long>& resolve_bounds) override;

private:
    PgStore(std::unique_ptr<pg::Connection> db, PgClaims claims);
    Result<std::optional<Person>> load_person(const Identity& id);
    Status set_updates_place(std::int64_t person, const Identity& id, const Address& where, bool pinned);
    std::unique_ptr<pg::Connection> db_;
    PgClaims claims_;
    // The runtime's tables, each on this connection (pg_parts.hpp).
    std::unique_ptr<PgInboxStore> inbox_;
    std::unique_ptr<PgOutboxStore> outbox_;
    std::unique_ptr<PgTimerStore> timers_;
    std::unique_ptr<PgCursorStore> cursors_;
    std::unique_ptr<PgConversationLineStore> lines_;
    std::unique_ptr<PgLeaderLeases> leases_;
};

}  // namespace frontline
