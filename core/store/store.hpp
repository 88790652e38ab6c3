#pragma once
// The store, whatever its backend: every repository port core/ uses, plus the runtime's own tables
// (inbox, outbox, timers, cursors, conversation lines, leader leases) and transactions. SQLite
// (sqlite_store.hpp, the embedded default) and PostgreSQL (pg/pg_store.hpp, for several processes on
// one database) implement it; bot/runtime holds a Store& and never knows which. One Store per
// thread: neither backend's connection is shared across threads.
#include <functional>
#include <string_view>
#include <vector>

#include "core/attachment_repository.hpp"
#include "core/booking_repository.hpp"
#include "core/event_handler.hpp"
#include "core/handoff_repository.hpp"
#include "core/person_repository.hpp"
#include "core/report_source.hpp"
#include "core/result.hpp"
#include "core/session_repository.hpp"
#include "core/store/runtime_stats.hpp"
#include "core/ticket_repository.hpp"

namespace frontline {

class InboxStore;
class OutboxStore;
class TimerStore;
class CursorStore;
class ConversationLineStore;
class LeaderLeases;

/// What EventSavepoint asks of the store.
enum class SavepointStep { begin, release, rollback };

class Store : public TicketRepository, public SessionRepository, public PersonRepository, public HandoffRepository,
              public AlertRepository, public BookingRepository, public ReportSource, public AttachmentRepository {
public:
    ~Store() override = default;

    /// "sqlite" or "postgresql": for logs and /metrics, never for branching in core.
    virtual std::string_view backend() const = 0;
    /// One cheap round trip to the database (the readiness probe): ok when it answers.
    virtual Status ping() = 0;

    /// Runs `fn` in one transaction: commits when it returns ok, rolls back on an error or an
    /// exception. Nested calls join the outer transaction (through a savepoint). The batch API.
    virtual Status in_transaction(const std::function<Status()>& fn) = 0;
    /// The same, but COMMIT does not wait for the disk: a process crash loses nothing, a power cut
    /// may lose this commit. Only for writes that are redone safely when lost (e.g. "delivered"
    /// marks: the row is sent again with its idempotency key).
    virtual Status in_unsynced_transaction(const std::function<Status()>& fn) = 0;
    /// Called first inside an engine batch's transaction: returns once no other process's engine
    /// batch is open on this store, and keeps them out until this transaction ends. Batches then
    /// apply one after another across processes, as one process's do, so a session or a ticket is
    /// never read by one process while another is changing it. (SQLite: the IMMEDIATE transaction
    /// already holds the file's one write lock.)
    virtual Status lock_engine() = 0;
    /// One event's writes inside the batch transaction (EventSavepoint).
    virtual Status event_savepoint(SavepointStep step) = 0;

    virtual InboxStore& inbox() = 0;
    virtual OutboxStore& outbox() = 0;
    virtual TimerStore& timers() = 0;
    virtual CursorStore& cursors() = 0;
    virtual ConversationLineStore& lines() = 0;
    virtual LeaderLeases& leases() = 0;

    /// Tickets grouped by status and priority, for /metrics (runtime_stats.hpp).
    virtual Result<std::vector<TicketCount>> count_tickets_by_status() = 0;
    /// The ticket counters and histograms of /metrics; the bounds are in seconds, ascending.
    virtual Result<TicketMetrics> read_ticket_metrics(const std::vector<long long>& claim_bounds,
                                                      const std::vector<long long>& resolve_bounds) = 0;

    Repositories repositories() { return Repositories{*this, *this, *this, *this, *this, *this, *this, *this}; }
};

}  // namespace frontline
