#pragma once
// The agents' commands, typed or pressed as card buttons, and their plain messages in a ticket's thread.
#include "core/handoff/calls.hpp"
#include "core/handoff/desk_run.hpp"
#include "core/handoff/escalator.hpp"
#include "core/handoff/identity_links.hpp"
#include "core/handoff/major_incidents.hpp"
#include "core/handoff/relay.hpp"
#include "core/handoff/reopening.hpp"
#include "core/handoff/resolution.hpp"
#include "core/handoff/ticket_clocks.hpp"

namespace frontline::handoff {

/// Authorises an agent command and runs the body of its verb.
class AgentCommands {
public:
    AgentCommands(DeskRun& run, TicketClocks& clocks, Escalator& escalator, Resolution& resolution, Reopening& reopening,
                  Relay& relay, MajorIncidents& major, Calls& calls, IdentityLinks& links)
        : run_(run), clocks_(clocks), escalator_(escalator), resolution_(resolution), reopening_(reopening), relay_(relay),
          major_(major), calls_(calls), links_(links) {}

    /// An agent command; `agent` is null for a non-agent (refused politely, journalled).
    Status run_command(AgentCommand c, const InboundEvent& e, const Agent* agent);
    /// The card's Reply button: `e.text` is the reply (see reply_payload); empty gets a typing hint.
    Status reply_button(AgentCommand c, const InboundEvent& e, const Agent* agent);
    /// An agent wrote in a ticket's thread without a command: internal or relayed by relay mode.
    Status thread_message(Ticket t, const InboundEvent& e, const Agent& agent);

private:
    Status do_claim(Ticket t, const InboundEvent& e, const Agent& a);
    Status do_unclaim(Ticket t, const InboundEvent& e, const Agent& a);
    Status do_assign(Ticket t, const InboundEvent& e, const Agent& a, const std::string& target);
    Status do_escalate(Ticket t, const InboundEvent& e, const Agent& a, std::optional<Tier> tier, const std::string& reason);
    Status do_priority(Ticket t, const InboundEvent& e, const Agent& a, Priority p, const std::string& reason);
    /// Tells the requester the due time they were promised moved (a priority change), if it did.
    void tell_requester_new_due(const Ticket& t, const SlaClock& before);
    Status do_category(Ticket t, const InboundEvent& e, const Agent& a, const std::string& category);
    Status do_pending(Ticket t, const InboundEvent& e, const Agent& a, const std::string& question);
    Status do_note(Ticket t, const InboundEvent& e, const Agent& a, const std::string& text);
    Status do_show(Ticket t, const InboundEvent& e, const Agent& a);
    Status do_breach_notified(Ticket t, const InboundEvent& e, const Agent& a, const std::string& target,
                              const std::string& text);
    Status do_list(const InboundEvent& e, const Agent& a, bool mine);
    Status do_help(const InboundEvent& e);

    DeskRun& run_;
    TicketClocks& clocks_;
    Escalator& escalator_;
    Resolution& resolution_;
    Reopening& reopening_;
    Relay& relay_;
    MajorIncidents& major_;
    Calls& calls_;
    IdentityLinks& links_;
};

}  // namespace frontline::handoff
