#include "core/handoff/mentions.hpp"

#include <algorithm>
#include <iterator>

namespace frontline::handoff {

std::vector<const Agent*> agents_to_mention(const AgentsDirectory& dir, const Team& team, Tier tier, MentionMode mode,
                                            bool breach, TimePoint now) {
    std::vector<const Agent*> out;
    const auto members = dir.members(team, std::max(tier, Tier::l2));
    if (mode == MentionMode::on_call) {
        for (const Agent* a : dir.on_call(team, now))
            if (a->tier >= tier) out.push_back(a);
        // Nobody on call: wake only those at work; nobody at work: everybody rather than a silent ping.
        if (out.empty())
            std::copy_if(members.begin(), members.end(), std::back_inserter(out),
                         [&](const Agent* a) { return dir.in_working_hours(*a, now); });
        if (out.empty()) out = members;
    } else if (mode == MentionMode::team) {
        out = members;
    }
    if (const Agent* officer = breach ? dir.security_officer() : nullptr;
        officer && std::find(out.begin(), out.end(), officer) == out.end())
        out.push_back(officer);
    return out;
}

}  // namespace frontline::handoff
