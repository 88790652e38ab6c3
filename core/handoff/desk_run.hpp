#pragma once
// Internal to the Desk: the state of handling ONE event or timer (repositories, now, the effects
// collected so far) and the operations the Desk is made of. Split over desk_run.cpp (plumbing and the
// ticket card), desk_commands.cpp, desk_resolution.cpp, desk_relay.cpp and desk_timers.cpp.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/actor.hpp"
#include "core/handoff/agent_command.hpp"
#include "core/handoff/desk.hpp"

namespace frontline::handoff {

class DeskRun {
public:
    DeskRun(const DeskConfig& cfg, Repositories& repos, TimePoint now, std::string key_base);
    /// The effects collected, or the first store error met on the way (the batch then rolls back).
    Result<Effects> take();

    // --- entry points --------------------------------------------------------------------------
    /// A ticket the engine (or an agent) escalated: tier, restriction, card, pings, timers. The
    /// ticket as escalated, or none when there was nothing to ping (gone, claimed or closed meanwhile).
    Result<std::optional<Ticket>> escalate_ticket(const Escalation& e);
    /// An agent command; `agent` is null for a non-agent (refused politely, journalled).
    Status run_command(AgentCommand c, const InboundEvent& e, const Agent* agent);
    /// A requester wrote while their ticket is with the humans.
    Status relay_from_requester(Ticket t, const InboundEvent& e);
    /// The requester typed "status" (or "stato"): where their ticket stands, not relayed.
    Status requester_status(const Ticket& t);
    /// The requester typed "help" (or "aiuto"): who reads their messages and the words they can use.
    Status requester_help(const Ticket& t);
    /// The card's Reply button: `e.text` is the reply (see reply_payload); empty gets a typing hint.
    Status reply_button(AgentCommand c, const InboundEvent& e, const Agent* agent);
    /// An agent wrote in a ticket's thread without a command: internal or relayed by relay mode.
    Status thread_message(Ticket t, const InboundEvent& e, const Agent& agent);
    /// The requester answered "Yes, it works" / "No, still broken".
    Status confirm(const TicketId& id, bool works, const InboundEvent& e);
    /// A fired hand-off timer, through the table from kind to handler (desk_timers.cpp).
    Status timer(const TimerRequest& t);

    /// The ticket this event's thread or reply belongs to, if the store knows.
    Result<std::optional<TicketId>> context_ticket(const InboundEvent& e);
    /// The requester's ticket that is with the humans (escalated, in progress, pending), newest first.
    Result<std::optional<Ticket>> active_ticket_of(const Identity& requester, bool include_resolved);

    // --- plumbing ------------------------------------------------------------------------------
    Result<Ticket> load(const TicketId& id);
    Status save(const Ticket& t);
    Status journal(const Ticket& t, const std::string& actor, const std::string& kind, const nlohmann::json& details);
    /// The ticket's journal, oldest first (what has already been said about it).
    Result<std::vector<JournalEntry>> journal_of(const TicketId& id);
    /// core/lifecycle's move_ticket: transition, save, journal.
    Status move(Ticket& t, TicketStatus to, const Actor& who);
    std::string next_key();
    std::string agent_text(const std::string& key, const Vars& vars = {}) const;
    std::string requester_text(const Ticket& t, const std::string& key, const Vars& vars = {}) const;
    void send(OutboundMessage m);
    void tell_requester(const Ticket& t, const std::string& key, const Vars& vars, std::vector<Choice> choices = {},
                        OutboxPriority priority = OutboxPriority::direct);
    /// Asks the requester whether the resolution of `t` works, with the Yes/No buttons.
    void ask_to_confirm(const Ticket& t, const std::string& agent_name, OutboxPriority priority);
    /// Takes the buttons off the requester's "Is everything working again?" question once it is
    /// answered (`answer_label`) or moot (closed, reopened by an agent): the message keeps its text.
    void retire_confirm_question(const Ticket& t, const std::string& answer_label = {});
    /// A text already in the requester's language, to their conversation.
    void send_to_requester(const Ticket& t, std::string text, std::vector<Choice> choices = {},
                           OutboxPriority priority = OutboxPriority::direct);
    /// An answer to the agent where they wrote (thread kept).
    void answer(const InboundEvent& e, const std::string& text, bool restricted = false);
    /// The team whose rooms carry the ticket's card at its current tier.
    const Team* ticket_team(const Ticket& t) const;
    /// Posts into the ticket's thread in each room of its team (or privately for restricted tickets).
    void post_to_ticket(const Ticket& t, const std::string& text, const std::vector<const Agent*>& mention,
                        bool contains_details);
    void dm(const Agent& a, const Ticket& t, const std::string& text, bool restricted);
    /// Posts the card (new) or updates it in place in every room of the ticket's team.
    void post_card(const Ticket& t, bool update, const std::vector<const Agent*>& mention);
    /// Updates the card in the rooms of `old_team` after the ticket moved to another team's rooms.
    void retire_card(const Ticket& t, const Team& old_team);
    /// The full card text with every detail, for private messages and `show`.
    std::string card_text(const Ticket& t, bool full);
    std::vector<const Agent*> mention_for(const Ticket& t, const EscalationRoute& route) const;
    const Agent* assignee(const Ticket& t) const;
    bool is_broad_room(const Address& where) const;
    /// An adapter runs for this platform (DeskSettings::platforms).
    bool enabled(const std::string& platform) const;
    /// What the platform's adapter declared it can show.
    PlatformCapabilities capabilities(const std::string& platform) const;
    /// Remembers the first store error of a step that has no Status to return it by; take() returns it.
    void fail(Error e);

    // --- timers --------------------------------------------------------------------------------
    void arm_reping(const Ticket& t);
    void arm_sla(const Ticket& t);
    void arm_breach_clock(const Ticket& t);
    void arm_auto_close(const Ticket& t);
    void cancel_ticket_timers(const Ticket& t, bool keep_breach);
    TimePoint breach_deadline(const Ticket& t) const;
    Status tier_up(Ticket& t, const Actor& who, const std::string& reason);
    // One handler per timer kind (timers::kReping, kSla, kBreach, kAutoClose): the ticket loaded,
    // the timer, its payload.
    Status on_reping(Ticket t, const TimerRequest& tr, const nlohmann::json& payload);
    Status on_sla(Ticket t, const TimerRequest& tr, const nlohmann::json& payload);
    Status on_breach_clock(Ticket t, const TimerRequest& tr, const nlohmann::json& payload);
    Status on_auto_close(Ticket t, const TimerRequest& tr, const nlohmann::json& payload);

    // --- command bodies --------------------------------------------------------------------------
    Status do_claim(Ticket t, const InboundEvent& e, const Agent& a);
    Status do_unclaim(Ticket t, const InboundEvent& e, const Agent& a);
    Status do_assign(Ticket t, const InboundEvent& e, const Agent& a, const std::string& target);
    Status do_escalate(Ticket t, const InboundEvent& e, const Agent& a, std::optional<Tier> tier, const std::string& reason);
    Status do_priority(Ticket t, const InboundEvent& e, const Agent& a, Priority p, const std::string& reason);
    Status do_category(Ticket t, const InboundEvent& e, const Agent& a, const std::string& category);
    Status do_pending(Ticket t, const InboundEvent& e, const Agent& a, const std::string& question);
    Status do_resolve(Ticket t, const InboundEvent& e, const Agent& a, const std::string& code, const std::string& text);
    Status do_reopen(Ticket t, const InboundEvent& e, const Agent& a);
    Status do_close(Ticket t, const InboundEvent& e, const Agent& a);
    Status do_note(Ticket t, const InboundEvent& e, const Agent& a, const std::string& text);
    Status do_show(Ticket t, const InboundEvent& e, const Agent& a);
    Status do_reply(Ticket t, const InboundEvent& e, const Agent& a, const std::string& text);
    Status do_link(Ticket child, const InboundEvent& e, const Agent& a, const TicketId& parent);
    Status do_broadcast(Ticket parent, const InboundEvent& e, const Agent& a, const std::string& text);
    Status do_breach_notified(Ticket t, const InboundEvent& e, const Agent& a, const std::string& target,
                              const std::string& text);
    Status do_list(const InboundEvent& e, const Agent& a, bool mine);
    Status do_help(const InboundEvent& e);

private:
    const DeskConfig& cfg_;
    Repositories& repos_;
    const TimePoint now_;
    Effects fx_;
    std::optional<Error> error_;
    std::string key_base_;
    int counter_ = 0;
};

/// "Alice Rossi" as the journal's actor for an agent.
Actor actor_of(const Agent& a);

/// An InboundKind::undeliverable event (desk_undeliverable.cpp): a ticket's card that cannot
/// arrive in a room is reported in the team's other rooms; when no room of the team can show the
/// card, the requester is told plainly that no agent has been reached.
Status report_undeliverable(DeskRun& run, const InboundEvent& e);
/// Tells the requester that no agent has been reached when no enabled room of the ticket's team
/// can show its card (none enabled, or all in `failed_rooms`, "platform:room"); once per ticket.
/// True when no room can (whether told now or before).
Result<bool> tell_requester_if_no_room(DeskRun& run, const Ticket& t, const std::set<std::string>& failed_rooms);

}  // namespace frontline::handoff
