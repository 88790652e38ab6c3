#pragma once
// The ITIL ticket: what is logged about an incident or a service request.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/message.hpp"
#include "core/result.hpp"
#include "core/ticket_id.hpp"

namespace frontline {

enum class TicketStatus { new_, in_diagnosis, escalated, in_progress, pending_user, resolved, closed, cancelled };
enum class Level { high, medium, low };  ///< impact and urgency share one scale
enum class Priority { p1 = 1, p2, p3, p4 };
enum class Tier { l1, l2, l3 };

std::string_view to_string(TicketStatus s);
std::string_view to_string(Level l);
std::string_view to_string(Priority p);  ///< "P1".."P4"
std::string_view to_string(Tier t);      ///< "L1".."L3"
Result<TicketStatus> parse_status(std::string_view s);
Result<Level> parse_level(std::string_view s);
Result<Priority> parse_priority(std::string_view s);  ///< accepts "P1" and "p1"
Result<Tier> parse_tier(std::string_view s);          ///< accepts "L2" and "l2"

/// Open = still someone's work: not resolved, closed or cancelled.
bool is_open(TicketStatus s);

/// A person as the desk knows them: display name, platform identity, how to reach them.
struct Requester {
    std::string name;
    Identity identity;
    std::string contact;  ///< e-mail address, from the platform profile or given when asked
    std::string phone;    ///< phone number, from the profile or given when asked
};

/// One answer from the diagnosis flow, in the order asked.
struct Symptom {
    std::string question;  ///< node id of the question
    std::string label;     ///< the question's text as asked (in the user's language)
    std::string answer;
};

/// The service-level clocks of a ticket. Time in pending_user does not count: the due times move.
struct SlaClock {
    std::optional<TimePoint> response_due;
    std::optional<TimePoint> resolution_due;
    Seconds paused_total{0};    ///< wall time spent paused
    Seconds paused_working{0};  ///< the same spans measured on the ticket's calendar
    std::optional<TimePoint> paused_since;
    std::string calendar;       ///< team whose business calendar the clocks count on; empty: the default
};

/// An open ticket found similar to this one when it was escalated: what the agents' card lists.
struct SimilarRef {
    TicketId id;
    std::string title;
};

struct Ticket {
    TicketId id;
    TicketType type = TicketType::incident;
    TicketStatus status = TicketStatus::new_;
    std::string category;
    std::string subcategory;
    Level impact = Level::low;
    Level urgency = Level::low;
    Priority priority = Priority::p4;
    Tier tier = Tier::l1;
    Requester requester;
    Address address;  ///< where to answer the requester
    std::string locale = "en";
    std::string title;
    std::string description;
    std::vector<Symptom> symptoms;
    std::string affected_service;
    std::string assignee;  ///< agent name, empty when unclaimed
    /// The team that owns it by an explicit rule (a monitoring alert's mapping); empty: the
    /// escalation rules of agents.json choose by category and priority.
    std::string team;
    std::optional<TicketId> parent;
    bool first_contact_resolution = false;
    bool restricted = false;  ///< data-breach: details never go to broad channels
    std::string resolution_code;
    std::string resolution_notes;
    /// Similar open tickets, searched once when the ticket reached the people (none: not searched yet).
    std::optional<std::vector<SimilarRef>> similar;

    TimePoint reported_at{};
    TimePoint logged_at{};
    std::optional<TimePoint> first_response_at;
    std::optional<TimePoint> escalated_at;
    std::optional<TimePoint> claimed_at;
    std::optional<TimePoint> resolved_at;
    std::optional<TimePoint> closed_at;
    SlaClock sla;
};

}  // namespace frontline
