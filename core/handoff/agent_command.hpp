#pragma once
// The agents' command language, one parser for every platform: `claim INC-000042`, `/claim ...`,
// `!claim ...`, and the payloads of the card buttons. Commands reach core in this neutral form: a
// platform's addressing of a command to a bot (`/claim@FrontlineBot` in a group) is removed by that
// platform's codec, so core never learns a bot's name or a platform's command syntax.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/message.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"

namespace frontline::handoff {

enum class Verb {
    claim, unclaim, assign, escalate, priority, category, pending, resolve, reopen, close, note, show,
    queue, mine, link, broadcast, breach_notified, help, reply, confirm, call, report, link_identity,
};

/// The command word as typed: "claim", "breach-notified", ...
std::string_view verb_name(Verb v);

/// One parsed agent command. The ticket may be missing inside a ticket's thread (the thread names it).
struct AgentCommand {
    Verb verb = Verb::help;
    std::optional<TicketId> ticket;
    std::optional<TicketId> parent;      ///< link CHILD PARENT
    std::optional<Priority> priority;    ///< priority INC P1 reason
    std::optional<Tier> tier;            ///< escalate INC L3 reason
    std::string arg;                     ///< agent reference, category, resolution code, authority|subjects, yes|no, cancel, 7d|30d
    std::string text;                    ///< reason, note, reply, pending question, resolution text
    int minutes = 0;                     ///< call INC 45: the call's length; 0 = the default
    int days = 0;                        ///< report 30d: the days reported on (7 or 30)
    std::vector<Identity> identities;    ///< link-identity slack:U1 webchat:v7: the two to make one person
    bool from_button = false;
};

/// Button payloads on cards and requester messages, so adapters round-trip them unchanged.
std::string claim_payload(const TicketId& id);
std::string escalate_payload(const TicketId& id);
std::string confirm_payload(const TicketId& id, bool works);
/// "handoff:reply:INC-000042", the card's Reply button while the ticket is claimed. Neutral contract:
/// the adapter collects the agent's text with the button (an inline box, a modal)
/// and sends ONE choice event with this payload and that text in `InboundEvent::text` (never the
/// button's label). The Desk relays it exactly like `reply INC text`. A platform that cannot collect
/// text sends the choice with an empty text; the agent is then told how to type the reply instead.
std::string reply_payload(const TicketId& id);

/// nullopt: not an agent command (ordinary chat). Error (invalid_argument): a known command with
/// bad arguments; the message is the usage line to show. Words after a no-argument command
/// ("close enough") make the text ordinary chat unless it was typed with / or !.
Result<std::optional<AgentCommand>> parse_agent_command(std::string_view text);
/// A card or confirmation button payload ("handoff:claim:INC-000042"); nullopt when not ours.
std::optional<AgentCommand> parse_button_payload(std::string_view payload);

/// One usage line per verb, for `help` and for malformed commands.
std::string_view usage(Verb v);

}  // namespace frontline::handoff
