#pragma once
// Whom an escalation ping mentions: the team's on-call agents, else whoever is in their working
// hours, else everybody, so that a ping is never silent.
#include <vector>

#include "core/handoff/agents_directory.hpp"
#include "core/handoff/escalation_policy.hpp"

namespace frontline::handoff {

/// The agents a ping about a ticket at `tier` in `team`'s rooms mentions at `now`:
/// - `on_call`: the team's on-call agents of that tier or above; if none, the members of that tier
///   within their working hours; if none of them either, every member of that tier.
/// - `team`: every member of that tier; `none`: nobody.
/// For a data breach the security officer is mentioned too, whatever the mode and the hour.
std::vector<const Agent*> agents_to_mention(const AgentsDirectory& dir, const Team& team, Tier tier, MentionMode mode,
                                            bool breach, TimePoint now);

}  // namespace frontline::handoff
