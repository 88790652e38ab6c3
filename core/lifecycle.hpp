#pragma once
// The ticket lifecycle as an explicit state machine:
//   new -> in_diagnosis -> escalated -> in_progress <-> pending_user -> resolved -> closed
//   resolved or closed -> in_progress (reopen, within a window of the resolution); in_diagnosis -> resolved (self-help worked);
//   any open state -> cancelled.
// An invalid transition is an error value and changes nothing.
#include <memory>
#include <vector>

#include "core/actor.hpp"
#include "core/journal.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"
#include "core/ticket_repository.hpp"

namespace frontline {

class SlaPolicy;

struct LifecyclePolicy {
    Seconds reopen_window = std::chrono::hours{24 * 7};  ///< a resolved (or closed) ticket may be reopened this long
    /// Resumes SLA clocks on their calendars after pending_user; without it a pause is wall time.
    std::shared_ptr<const SlaPolicy> sla;
};

/// One allowed edge and the actors that may take it.
struct Transition {
    TicketStatus from;
    TicketStatus to;
    std::vector<ActorKind> who;
    Tier min_agent_tier = Tier::l2;  ///< for agent actors
};

/// Every allowed transition; anything not listed is refused.
const std::vector<Transition>& transition_table();

/// Checks whether `who` may move `t` to `to` at `now`. Changes nothing.
Status check_transition(const Ticket& t, TicketStatus to, const Actor& who, TimePoint now,
                        const LifecyclePolicy& policy = {});

/// Checks, then moves the ticket: sets the status, the step's timestamp, pauses or resumes the SLA
/// clock around pending_user. Returns the journal entry to append in the same transaction.
Result<JournalEntry> transition(Ticket& t, TicketStatus to, const Actor& who, TimePoint now,
                                const LifecyclePolicy& policy = {});

/// transition(), then the ticket saved, then its journal entry appended: THE way engine and desk
/// move a ticket. Save first: the journal row references the ticket row (a new ticket has none
/// before its first save), and the journal then never tells of a state the ticket row lacks. On an
/// error the caller's batch rolls back, so nothing half-moved is ever committed.
Status move_ticket(TicketRepository& tickets, Ticket& t, TicketStatus to, const Actor& who, TimePoint now,
                   const LifecyclePolicy& policy = {});

}  // namespace frontline
