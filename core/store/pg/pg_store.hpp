#pragma once
// The PostgreSQL store: core's repository ports on one libpq connection (one PgStore per thread,
// like Store). Migrated at open from the shared list under an advisory lock. So far it implements
// the ticket, person and session ports; the inbox, outbox, timers, cursors, conversation lines and
// the hand-off, alert, booking and report ports are still SQLite only (docs/scale-out.md).
#include <functional>
#include <memory>
#include <optional>

#include "core/person_repository.hpp"
#include "core/result.hpp"
#include "core/session_repository.hpp"
#include "core/store/pg/pg_connection.hpp"
#include "core/ticket_repository.hpp"

namespace frontline {

class PgStore final : public TicketRepository, public SessionRepository, public PersonRepository {
public:
    /// Connects and migrates to the latest schema (`migrate_to` stops earlier, for tests).
    static Result<std::unique_ptr<PgStore>> open(const pg::ConnectOptions& o, std::optional<int> migrate_to = std::nullopt);

    Result<int> schema_version();
    /// One transaction: commits when `fn` returns ok, rolls back on an error or an exception;
    /// nested calls join the outer one through a savepoint (as Store::in_transaction).
    Status in_transaction(const std::function<Status()>& fn) { return db_->in_transaction(fn); }
    /// For core/store's PostgreSQL files and tests: the connection.
    pg::Connection& connection() { return *db_; }

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

private:
    explicit PgStore(std::unique_ptr<pg::Connection> db) : db_(std::move(db)) {}
    Result<std::optional<Person>> load_person(const Identity& id);
    Status set_updates_place(std::int64_t person, const Identity& id, const Address& where, bool pinned);
    std::unique_ptr<pg::Connection> db_;
};

}  // namespace frontline
