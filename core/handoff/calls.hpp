#pragma once
// Video or phone calls between an agent and a requester: `call INC [minutes]` sends the requester a
// signed booking link; the booking page's actions (book, reschedule, cancel) arrive as web_action
// events; `call cancel INC` is the agent's way out; reminders fire before the call. Every step is
// journalled on the ticket and told to both sides, each in their own time zone.
#include <optional>
#include <vector>

#include "core/handoff/call_invite.hpp"
#include "core/handoff/call_slots.hpp"
#include "core/handoff/desk_run.hpp"

namespace frontline::handoff {

class Calls {
public:
    explicit Calls(DeskRun& run) : run_(run) {}

    /// `call INC [minutes]`: the booking link to the requester.
    Status offer(Ticket t, const InboundEvent& e, const Agent& a, int minutes);
    /// `call cancel INC`: the ticket's booked calls with this agent are cancelled.
    Status cancel_by_agent(Ticket t, const InboundEvent& e, const Agent& a);
    /// A verified action of the booking page (InboundKind::web_action).
    Status page_action(const InboundEvent& e);
    /// The reminder timer (timers::kCallReminder) of a booked call.
    Status remind(Ticket t, const TimerRequest& tr, const nlohmann::json& payload);

private:
    Status book(const nlohmann::json& p);
    Status reschedule(const nlohmann::json& p);
    Status cancel_by_requester(const nlohmann::json& p);
    /// Both sides told of a booked (or moved) call, with the invite link; the reminder armed.
    void announce(const Ticket& t, const Booking& b, const Agent& a, const std::string& requester_key,
                  const std::string& agent_key);
    Status cancel(const Ticket& t, Booking b, const std::string& actor, const std::string& by);

    DeskRun& run_;
};

/// The slot rules of a call of `duration` (calls.* settings).
SlotRules call_slot_rules(const CallSettings& s, Seconds duration);

/// The free slots of `agent` for a call of `duration`, from the store's bookings; `except` is the
/// booking being moved (its own time counts as free).
Result<std::vector<TimePoint>> open_call_slots(const DeskConfig& cfg, BookingRepository& bookings, const Agent& agent,
                                               Seconds duration, TimePoint now, std::int64_t except = 0);

/// Until when the requester's own links of a booking (page, invite) work: a day past the call.
TimePoint manage_link_expiry(const Booking& b);

/// The calendar invite of a booking, seen from the agent (organizer) and requester (attendee).
CallInvite invite_of(const Ticket& t, const Booking& b, const Agent& a, TimePoint stamp);

/// "2026-12-08 15:30 (Europe/Rome)": a time on the wall clock of `zone` (null: UTC).
std::string format_call_time(TimePoint t, const TimeZone* zone);

/// The meeting link or bridge text of a booking made with link nonce `room`'s room name.
std::string meeting_of(const CallSettings& s, const std::string& room);

}  // namespace frontline::handoff
