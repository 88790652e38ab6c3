// Look-ups in the agents' directory: by identity, by a reference typed in a command, by room; the
// agents on call and the members of a team. Parsing is in agents_file.cpp, clocks in agents_time.cpp.
#include "core/handoff/agents_directory.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace frontline::handoff {

std::optional<Identity> Agent::identity_on(const std::string& platform) const {
    for (const auto& id : identities)
        if (id.platform == platform) return id;
    return std::nullopt;
}

const Agent* AgentsDirectory::agent_by_identity(const Identity& id) const {
    for (const auto& a : agents_)
        if (std::find(a.identities.begin(), a.identities.end(), id) != a.identities.end()) return &a;
    return nullptr;
}

const Agent* AgentsDirectory::agent_by_reference(const std::string& ref, const std::vector<Identity>& mentions) const {
    const std::string typed = trim(ref);
    std::string r = typed;
    if (!r.empty() && r.front() == '@') {
        r.erase(0, 1);
        // A mention the codec decoded: "@U123" in the text, the user's identity in the event (an id
        // that starts with '@' itself, as Matrix's do, is written once).
        for (const auto& m : mentions)
            if (m.user_id == r || m.user_id == typed) return agent_by_identity(m);
    }
    const std::string lower = ascii_lower(r);
    for (const auto& a : agents_)
        if (a.handle == lower || ascii_lower(a.name) == lower) return &a;
    return nullptr;
}

const Team* AgentsDirectory::team(const std::string& id) const {
    for (const auto& t : teams_)
        if (t.id == id) return &t;
    return nullptr;
}

const Team* AgentsDirectory::team_by_room(const std::string& platform, const std::string& conversation_id) const {
    for (const auto& t : teams_) {
        auto it = t.rooms.find(platform);
        if (it != t.rooms.end() && it->second == conversation_id) return &t;
    }
    return nullptr;
}

const Agent* AgentsDirectory::security_officer() const {
    return security_officer_.empty() ? nullptr : agent_by_reference(security_officer_);
}

std::vector<const Agent*> AgentsDirectory::on_call(const Team& t, TimePoint now) const {
    std::vector<const Agent*> out;
    if (!t.on_call || t.on_call->weeks.empty()) return out;
    const auto today = std::chrono::floor<std::chrono::days>(now);
    const std::vector<std::string>* handles = nullptr;
    for (const auto& o : t.on_call->overrides)
        if (o.date == today) handles = &o.agents;
    if (!handles) {
        const auto days = (today - t.on_call->starts).count();
        const auto weeks = days >= 0 ? days / 7 : -((-days + 6) / 7);  // floor, also before the start date
        const auto n = static_cast<long long>(t.on_call->weeks.size());
        handles = &t.on_call->weeks[static_cast<std::size_t>(((weeks % n) + n) % n)];
    }
    for (const auto& h : *handles)
        if (const Agent* a = agent_by_reference(h)) out.push_back(a);
    return out;
}

std::vector<const Agent*> AgentsDirectory::members(const Team& t, Tier min_tier) const {
    std::vector<const Agent*> out;
    for (const auto& a : agents_)
        if (a.tier >= min_tier && std::find(a.teams.begin(), a.teams.end(), t.id) != a.teams.end()) out.push_back(&a);
    return out;
}

}  // namespace frontline::handoff
