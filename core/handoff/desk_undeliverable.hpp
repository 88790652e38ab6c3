#pragma once
// Our messages that can never arrive: a ticket's card refused by a room, a requester who blocked the bot.
#include <set>
#include <string>

#include "core/handoff/desk_run.hpp"

namespace frontline::handoff {

/// An InboundKind::undeliverable event: a ticket's card that cannot arrive in a room is reported in
/// the team's other rooms; when no room of the team can show the card, the requester is told plainly
/// that no agent has been reached.
Status report_undeliverable(DeskRun& run, const InboundEvent& e);
/// Tells the requester that no agent has been reached when no enabled room of the ticket's team
/// can show its card (none enabled, or all in `failed_rooms`, "platform:room"); once per ticket.
/// True when no room can (whether told now or before).
Result<bool> tell_requester_if_no_room(DeskRun& run, const Ticket& t, const std::set<std::string>& failed_rooms);

}  // namespace frontline::handoff
