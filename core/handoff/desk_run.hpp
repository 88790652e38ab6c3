#pragma once
// Internal to the Desk: the state of handling ONE event or timer (repositories, now, the effects
// collected so far, the first store error) behind the operations every stage shares: tickets and
// their journal, texts, messages to requesters, agents and rooms, the ticket card. The stages built
// on it (ticket_clocks, escalator, agent_commands, relay, resolution, major_incidents, desk_timers,
// desk_undeliverable) hold a DeskRun& and no state of their own.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/actor.hpp"
#include "core/handoff/agent_command.hpp"
#include "core/handoff/desk.hpp"
#include "core/time_words.hpp"

namespace frontline::handoff {

class DeskRun {
public:
    DeskRun(const DeskConfig& cfg, Repositories& repos, TimePoint now, std::string key_base);
    /// The effects collected, or the first store error met on the way (the batch then rolls back).
    Result<Effects> take();
    /// Remembers the first store error of a step that has no Status to return it by; take() returns it.
    void fail(Error e);

    const DeskConfig& config() const { return cfg_; }
    /// The batch's repositories, for the stages' own look-ups (alert groups).
    Repositories& repos() { return repos_; }
    TimePoint now() const { return now_; }

    // --- tickets and their journal -----------------------------------------------------------------
    Result<Ticket> load(const TicketId& id);
    /// The next ticket id of this type (a ticket the Desk opens itself: a follow-up).
    Result<TicketId> allocate_id(TicketType type);
    Status save(const Ticket& t);
    Status journal(const Ticket& t, const std::string& actor, const std::string& kind, const nlohmann::json& details);
    /// The ticket's journal, oldest first (what has already been said about it).
    Result<std::vector<JournalEntry>> journal_of(const TicketId& id);
    /// core/lifecycle's move_ticket: transition, save, journal.
    Status move(Ticket& t, TicketStatus to, const Actor& who);
    Result<std::vector<Ticket>> list_tickets(const TicketFilter& f);
    /// The children of a major incident.
    Result<std::vector<Ticket>> children_of(const TicketId& parent);
    /// True for a child of a major incident that is still open: the parent's card lists it and
    /// the parent's re-pings and clocks speak for it, so it has no card or re-pings of its own.
    Result<bool> folded_into_parent(const Ticket& t);
    /// The ticket this event's thread or reply belongs to, if the store knows.
    Result<std::optional<TicketId>> context_ticket(const InboundEvent& e);
    /// Every ticket of the requester that is with the humans (escalated, in progress, pending) and,
    /// with `include_resolved`, resolved by them and awaiting confirmation: newest first.
    Result<std::vector<Ticket>> tickets_with_humans(const Identity& requester, bool include_resolved);
    /// `who` is the ticket's requester: the same identity, or one linked to the same person. A store
    /// error is remembered (take() returns it) and answers false.
    bool is_requester(const Ticket& t, const Identity& who);
    /// HandoffRepository::hold_message / take_held_message.
    Result<bool> hold_message(const Identity& from, const std::string& text);
    Result<std::optional<std::string>> take_held_message(const Identity& from);
    /// Booked calls (calls.cpp), read and written in the batch's transaction.
    BookingRepository& bookings() { return repos_.bookings; }

    // --- effects -------------------------------------------------------------------------------------
    /// A key unique to this run, for idempotency and message keys.
    std::string next_key();
    void send(OutboundMessage m);
    void arm(TimerRequest t);
    void cancel(std::string timer_key);

    // --- texts ---------------------------------------------------------------------------------------
    std::string agent_text(const std::string& key, const Vars& vars = {}) const;
    std::string requester_text(const Ticket& t, const std::string& key, const Vars& vars = {}) const;
    /// A text in the language the event's platform hinted for its sender (someone not on the ticket).
    std::string sender_text(const InboundEvent& e, const std::string& key) const;

    // --- messages ------------------------------------------------------------------------------------
    void tell_requester(const Ticket& t, const std::string& key, const Vars& vars, std::vector<Choice> choices = {},
                        OutboxPriority priority = OutboxPriority::direct);
    /// A text already in the requester's language, to their conversation: where the requester's
    /// person last wrote when that is another of their identities (one person across platforms).
    void send_to_requester(const Ticket& t, std::string text, std::vector<Choice> choices = {},
                           OutboxPriority priority = OutboxPriority::direct);
    /// An answer to the agent where they wrote (thread kept).
    void answer(const InboundEvent& e, const std::string& text, bool restricted = false);
    void dm(const Agent& a, const Ticket& t, const std::string& text, bool restricted);
    /// Posts into the ticket's thread in each room of its team (or privately for restricted tickets).
    void post_to_ticket(const Ticket& t, const std::string& text, const std::vector<const Agent*>& mention,
                        bool contains_details);
    /// Posts the card (new) or updates it in place in every room of the ticket's team.
    void post_card(const Ticket& t, bool update, const std::vector<const Agent*>& mention);
    /// Updates the card in the rooms of `old_team` after the ticket moved to another team's rooms.
    void retire_card(const Ticket& t, const Team& old_team);
    /// The full card text with every detail, for private messages and `show`. Times are in the
    /// zone of `reader` (`show`, a private message), else in that of the rooms of the ticket's team.
    std::string card_text(const Ticket& t, bool full, const Agent* reader = nullptr);
    /// "error.png (240 KB) https://…/files/…, notes.txt (2 KB) …": files of `t` as agents read them,
    /// each with its signed link when links are set up; a quarantined one is named, never linked.
    std::string file_list(const Ticket& t, const std::vector<Attachment>& files);
    /// "Linked reports (3): INC-… (name), …" for a major incident's card; empty without children.
    std::string children_line(const Ticket& parent);

    // --- times, each in its reader's zone and language (desk_run_times.cpp) ---------------------------
    /// The requester's: `zone` when it names one (the zone they chose on the booking page), else the
    /// zone their platform or browser gave (Person::timezone), else the desk's.
    TimeWords requester_words(const Ticket& t, const std::string& zone = "");
    /// An agent's: the zone of the agents file, else the desk's.
    TimeWords agent_words(const Agent& a);
    /// The rooms of the ticket's team: its business calendar's zone, else the desk's.
    TimeWords room_words(const Ticket& t);
    /// The zone named `name` (an IANA id), loaded once per run; null when unknown or not a zone name.
    const TimeZone* zone_named(const std::string& name);
    /// Keeps the zone the sender's profile or browser gave as their person's, when it names a zone
    /// tzdata knows (anything else is ignored: a page may send what it likes).
    Status remember_time_zone(const InboundEvent& e);
    /// The desk's own zone (desk.time_zone, else the default business calendar's).
    const TimeZone* desk_zone() const;

    // --- teams, agents, platforms --------------------------------------------------------------------
    /// The team whose rooms carry the ticket's card at its current tier.
    const Team* ticket_team(const Ticket& t) const;
    const Agent* assignee(const Ticket& t) const;
    /// The agents a ping about `t` mentions (who is on duty, the tier, breach rules).
    std::vector<const Agent*> mention_for(const Ticket& t, const EscalationRoute& route) const;
    /// When a data breach must have been notified to the authority.
    TimePoint breach_deadline(const Ticket& t) const;
    bool is_broad_room(const Address& where) const;
    /// An adapter runs for this platform (DeskSettings::platforms).
    bool enabled(const std::string& platform) const;
    /// What the platform's adapter declared it can show.
    PlatformCapabilities capabilities(const std::string& platform) const;

private:
    const DeskConfig& cfg_;
    Repositories& repos_;
    const TimePoint now_;
    Effects fx_;
    std::optional<Error> error_;
    std::string key_base_;
    int counter_ = 0;
    std::map<std::string, TimeVocabulary> vocabularies_;  ///< by language: TimeWords refer to these
    std::map<std::string, std::shared_ptr<const TimeZone>> zones_;  ///< by name; null: unknown

    const TimeVocabulary& vocabulary(const std::string& lang);
};

/// "Alice Rossi" as the journal's actor for an agent.
Actor actor_of(const Agent& a);

}  // namespace frontline::handoff
