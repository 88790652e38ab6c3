#pragma once
// Who gets an escalated ticket, how loudly, and when it climbs a tier. Read from the "escalation"
// and "data_breach" sections of agents.json.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/clock.hpp"
#include "core/handoff/agents_directory.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"

namespace frontline::handoff {

enum class MentionMode { on_call, team, none };

/// What to do with one escalated ticket.
struct EscalationRoute {
    std::string team;                      ///< team whose rooms get the card
    Tier tier = Tier::l2;                  ///< the tier that should take it
    MentionMode mention = MentionMode::on_call;  ///< whom pings mention: see agents_to_mention (mentions.hpp)
    Seconds reping_every{std::chrono::minutes{15}};
    Seconds tier_up_after{std::chrono::minutes{60}};  ///< L2 unclaimed this long -> L3
    std::string l3_team;                   ///< team that takes it at L3 (default: the same team)
};

/// One rule; empty category / no priority match anything.
struct EscalationRule {
    std::string category;
    std::optional<Priority> priority;
    EscalationRoute route;
};

/// The restricted path of data-breach incidents (GDPR Art. 33: 72 hours to notify the authority).
struct BreachPolicy {
    std::vector<std::string> categories{"data_breach"};
    Seconds notification_deadline{std::chrono::hours{72}};
    std::vector<Seconds> warn_before{std::chrono::hours{24}, std::chrono::hours{6}, std::chrono::hours{1}};
};

class EscalationPolicy {
public:
    /// Reads {"escalation": {"default": {...}, "rules": [...]},
    /// "data_breach": {...}} from the agents.json root; teams must exist in `dir`.
    static Result<EscalationPolicy> from_json(const nlohmann::json& root, const std::string& origin,
                                              const AgentsDirectory& dir);

    /// The route for a ticket: its own team when set (an alert rule's), else the first matching
    /// rule, else the default; P1 and data breach go to L3.
    EscalationRoute route(const Ticket& t) const;
    /// True for the data-breach categories and tickets already marked restricted.
    bool is_breach(const Ticket& t) const;
    const BreachPolicy& breach() const { return breach_; }

private:
    EscalationRoute default_;
    std::vector<EscalationRule> rules_;
    BreachPolicy breach_;
    std::vector<std::string> teams_;  ///< ids of the agents file's teams
};

}  // namespace frontline::handoff
