#pragma once
// The SQLite store: one file, WAL, foreign keys on, forward-only migrations at open. The only place
// that speaks SQL (with its siblings in core/store/). One Store per thread: SQLite connections are
// not shared across threads.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "core/attachment_repository.hpp"
#include "core/booking_repository.hpp"
#include "core/event_handler.hpp"
#include "core/handoff_repository.hpp"
#include "core/person_repository.hpp"
#include "core/report_source.hpp"
#include "core/result.hpp"
#include "core/session_repository.hpp"
#include "core/store/migrations.hpp"
#include "core/ticket_repository.hpp"

namespace SQLite {
class Database;
}

namespace frontline {

class StatementCache;
class StatementLease;

class Store final : public TicketRepository, public SessionRepository, public PersonRepository, public HandoffRepository,
                    public AlertRepository, public BookingRepository, public ReportSource,
                    public AttachmentRepository {
public:
    /// Opens (creating when absent) and migrates to the latest schema. `migrate_to` stops earlier,
    /// for migration tests.
    static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path,
                                               std::optional<int> migrate_to = std::nullopt);
    ~Store() override;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    int schema_version() const;
    /// Runs `fn` in one IMMEDIATE transaction: commits when it returns ok, rolls back on an error
    /// or an exception. Nested calls join the outer transaction. This is the batch API.
    Status in_transaction(const std::function<Status()>& fn);
    /// The same, but COMMIT does not wait for the disk (synchronous=NORMAL in WAL mode): a process
    /// crash loses nothing, a power cut may lose this commit. Only for writes that are redone safely
    /// when lost, e.g. "delivered" marks (the row is sent again with its idempotency key), where an
    /// fsync per commit was what bounded the outbox's pace.
    Status in_unsynced_transaction(const std::function<Status()>& fn);

    Repositories repositories() { return Repositories{*this, *this, *this, *this, *this, *this, *this, *this}; }

    /// For the other store files in core/store only (inbox, outbox, timers): the raw connection.
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
    explicit Store(std::unique_ptr<SQLite::Database> db);
    /// Where a person's updates go (persons.last_*), and whether they chose it.
    Status set_updates_place(std::int64_t person, const Identity& id, const Address& where, bool pinned);
    std::unique_ptr<SQLite::Database> db_;
    std::unique_ptr<StatementCache> statements_;  // after db_: finalized before the connection closes
    int tx_depth_ = 0;
};

}  // namespace frontline
