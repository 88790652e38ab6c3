#pragma once
// The one entry point the engine loop calls for every inbound event and every fired timer. It runs
// inside the loop's batch transaction: everything it writes through the repositories commits or
// rolls back together with the effects it returns.
#include "core/alert_repository.hpp"
#include "core/attachment_repository.hpp"
#include "core/booking_repository.hpp"
#include "core/effects.hpp"
#include "core/handoff_repository.hpp"
#include "core/message.hpp"
#include "core/person_repository.hpp"
#include "core/report_source.hpp"
#include "core/result.hpp"
#include "core/session_repository.hpp"
#include "core/ticket_repository.hpp"

namespace frontline {

/// The store as the core sees it during one batch.
struct Repositories {
    TicketRepository& tickets;
    SessionRepository& sessions;
    PersonRepository& persons;
    HandoffRepository& handoff;
    AlertRepository& alerts;
    BookingRepository& bookings;
    ReportSource& reports;  ///< the agents' `report` command reads the period's tickets and journal
    AttachmentRepository& attachments;  ///< the files tickets keep and those held before a ticket exists
};

class EventHandler {
public:
    virtual ~EventHandler() = default;
    virtual Result<Effects> handle(const InboundEvent& e, Repositories& repos, TimePoint now) = 0;
    virtual Result<Effects> on_timer(const TimerRequest& t, Repositories& repos, TimePoint now) = 0;
    /// True while `user` is in the middle of a conversation with this handler (a question asked, a
    /// new problem announced): their next message is its business, whatever else they have open.
    virtual Result<bool> in_conversation(const Identity& /*user*/, Repositories& /*repos*/) { return false; }
};

}  // namespace frontline
