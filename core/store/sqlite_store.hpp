#pragma once
// The SQLite store: one file, WAL, foreign keys on, forward-only migrations at open; the embedded
// default backend of Store (store.hpp), for one process. One SqliteStore per thread: SQLite
// connections are not shared across threads.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "core/store/migrations.hpp"
#include "core/store/store.hpp"

namespace SQLite {
class Database;
}

namespace frontline {

class StatementCache;
class StatementLease;
class SqliteInboxStore;
class SqliteOutboxStore;
class SqliteTimerStore;
class SqliteCursorStore;
class SqliteConversationLineStore;
class SqliteLeaderLeases;

class SqliteStore final : public Store {
public:
    /// Opens (creating when absent) and migrates to the latest schema. `migrate_to` stops earlier,
    /// for migration tests.
    static Result<std::unique_ptr<SqliteStore>> open(const std::filesystem::path& path,
                                               std::optional<int> migrate_to = std::nullopt);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    int schema_version() const;

    std::string_view backend() const override { return "sqlite"; }
    Status ping() override;
    /// One IMMEDIATE transaction (Store::in_transaction).
    Status in_transaction(const std::function<Status()>& fn) override;
    /// COMMIT with synchronous=NORMAL in WAL mode, where an fsync per commit was what bounded the
    /// outbox's pace (Store::in_unsynced_transaction).
    Status in_unsynced_transaction(const std::function<Status()>& fn) override;
    /// Nothing to do: the IMMEDIATE transaction already holds the file's one write lock.
    Status lock_engine() override { return {}; }
    Status event_savepoint(SavepointStep step) override;

    InboxStore& inbox() override;
    OutboxStore& outbox() override;
    TimerStore& timers() override;
    CursorStore& cursors() override;
    ConversationLineStore& lines() override;
    LeaderLeases& leases() override;

    // runtime_stats.cpp
    Result<std::vector<TicketCount>> count_tickets_by_status() override;
    Result<TicketMetrics> read_ticket_metrics(const std::vector<long long>& claim_bounds,
                                              const std::vector<long long>& resolve_bounds) override;

    /// For the other SQLite store files in core/store only (inbox, outbox, timers): the raw connection.
    SQLite::Database& db() { return *db_; }
    /// For core/store's files: the connection's cached prepared statement for `sql` (one
    /// statement), reset and unbound, for one use (statement_cache.hpp).
    StatementLease statement(std::string_view sql);
    /// How many statements the connection has prepared since it opened; for tests.
    std::size_t statements_prepared() const;

    // TicketRepository
    Result<TicketId> allocate_id(TicketType type) override;
    Status save_ticket(const Ticket& t) override;
    Result<std::optional<Ticket>> find_ticket(const TicketId& id) override;
    Result<std::vector<Ticket>> list_tickets(const TicketFilter& f) override;
    Result<RequesterTicketCounts> count_requester_tickets(const Identity& requester, TimePoint since) override;
    Status append_journal(JournalEntry& e) override;
    Result<std::vector<JournalEntry>> journal_of(const TicketId& id) override;
    Result<std::vector<SimilarTicket>> find_similar(const SimilarQuery& q) override;

    // SessionRepository
    Result<std::optional<StoredSession>> load_session(const Identity& user) override;
    Status save_session(const StoredSession& s) override;
    Status erase_session(const Identity& user) override;
    Status keep_flow_version(const std::string& flow, const std::string& version, const std::string& definition,
                             TimePoint now) override;
    Result<std::optional<std::string>> find_flow_version(const std::string& flow, const std::string& version) override;
    Result<std::vector<FlowVersionUse>> flow_versions() override;
    Result<int> forget_unused_flow_versions() override;

    // PersonRepository
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

    // HandoffRepository (handoff_store.cpp): through the outbox's message keys and platform references
    Result<std::optional<TicketId>> ticket_of_message(const std::string& platform, const std::string& conversation_id,
                                                      const std::string& message_ref) override;
    Result<std::optional<std::string>> platform_id_of(const std::string& message_key) override;
    Result<std::vector<Ticket>> children_of(const TicketId& parent) override;
    Result<bool> hold_message(const Identity& from, const std::string& text, TimePoint at) override;
    Result<std::optional<std::string>> take_held_message(const Identity& from) override;

    // AlertRepository (alert_store.cpp): monitoring alert groups and their incidents
    Result<std::optional<AlertGroup>> find_alert_group(const std::string& group_key) override;
    Status save_alert_group(const AlertGroup& g) override;
    Result<std::vector<TicketId>> firing_alert_incidents(int limit) override;

    // BookingRepository (booking_store.cpp)
    Result<std::vector<Booking>> agent_bookings(const std::string& agent, TimePoint from, TimePoint to) override;
    Result<std::optional<Booking>> booking_by_nonce(const std::string& nonce) override;
    Result<std::optional<Booking>> booking_by_id(std::int64_t id) override;
    Status insert_booking(Booking& b) override;
    Status update_booking(const Booking& b) override;

    // ReportSource (report_store.cpp)
    Result<std::vector<Ticket>> tickets_reported_between(TimePoint from, TimePoint to) override;
    Result<std::vector<JournalEntry>> journal_of_tickets_reported_between(TimePoint from, TimePoint to) override;

    // AttachmentRepository (attachment_store.cpp)
    Result<bool> add_ticket_attachment(TicketAttachment& a) override;
    Result<std::vector<TicketAttachment>> attachments_of(const TicketId& ticket) override;
    Result<int> count_attachments(const TicketId& ticket) override;
    Status hold_attachment(const Identity& from, const Attachment& a, TimePoint at) override;
    Result<std::vector<Attachment>> take_held_attachments(const Identity& from) override;
    Result<std::set<std::string>> referenced_files() override;

private:
    explicit SqliteStore(std::unique_ptr<SQLite::Database> db);
    /// Where a person's updates go (persons.last_*), and whether they chose it.
    Status set_updates_place(std::int64_t person, const Identity& id, const Address& where, bool pinned);
    std::unique_ptr<SQLite::Database> db_;
    std::unique_ptr<StatementCache> statements_;  // after db_: finalized before the connection closes
    int tx_depth_ = 0;
    // The runtime's tables, each on this connection (sqlite_parts.hpp).
    std::unique_ptr<SqliteInboxStore> inbox_;
    std::unique_ptr<SqliteOutboxStore> outbox_;
    std::unique_ptr<SqliteTimerStore> timers_;
    std::unique_ptr<SqliteCursorStore> cursors_;
    std::unique_ptr<SqliteConversationLineStore> lines_;
    std::unique_ptr<SqliteLeaderLeases> leases_;
};

}  // namespace frontline
