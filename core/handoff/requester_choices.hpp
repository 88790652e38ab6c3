#pragma once
// The buttons a requester presses about their own tickets (not the agents' card buttons): which
// ticket a message is about, and withdrawing one. "ticket:about:INC-000042", adapters round-trip them.
#include <optional>
#include <string>
#include <string_view>

#include "core/ticket_id.hpp"

namespace frontline::handoff {

enum class RequesterChoice { about, withdraw, keep };

struct RequesterButton {
    RequesterChoice choice = RequesterChoice::about;
    TicketId ticket;
};

std::string requester_payload(RequesterChoice choice, const TicketId& id);
/// nullopt when the payload is not one of these buttons.
std::optional<RequesterButton> parse_requester_payload(std::string_view payload);
/// "cancel INC-000042" / "annulla INC-000042" / "withdraw …" / "ritira …": the typed form of the
/// withdraw button, for platforms without buttons. nullopt for anything else.
std::optional<TicketId> parse_withdraw_words(std::string_view text);

}  // namespace frontline::handoff
