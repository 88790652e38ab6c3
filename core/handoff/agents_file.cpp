// The agents file (agents.json) read into an AgentsDirectory: agents, teams and their rooms,
// on-call rotations, the security officer. Errors name the file and the key; a directory that
// parsed is consistent (every handle, team and platform it names exists).
#include "core/handoff/agents_directory.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/platform.hpp"
#include "core/text.hpp"

namespace frontline::handoff {
namespace {

using nlohmann::json;

/// Collects the first error with the file and key in front, so each parser below stays linear.
struct Reader {
    const std::string& origin;
    Error fail(const std::string& key, const std::string& what) const {
        return make_error(Errc::parse, origin + ": key '" + key + "': " + what);
    }
};

Result<std::string> required_string(const Reader& r, const json& obj, const std::string& field, const std::string& key) {
    if (!obj.contains(field)) return r.fail(key + "." + field, "missing");
    const auto& v = obj[field];
    if (!v.is_string() || v.get<std::string>().empty()) return r.fail(key + "." + field, "expected a non-empty string");
    return v.get<std::string>();
}

Result<std::vector<std::string>> string_list(const Reader& r, const json& obj, const std::string& field,
                                             const std::string& key) {
    std::vector<std::string> out;
    if (!obj.contains(field)) return out;
    if (!obj[field].is_array()) return r.fail(key + "." + field, "expected a list of strings");
    for (std::size_t i = 0; i < obj[field].size(); ++i) {
        const auto& v = obj[field][i];
        if (!v.is_string() || v.get<std::string>().empty())
            return r.fail(key + "." + field + "[" + std::to_string(i) + "]", "expected a non-empty string");
        out.push_back(v.get<std::string>());
    }
    return out;
}

std::optional<int> parse_clock_minutes(const std::string& s) {
    int h = -1, m = -1;
    char tail = 0;
    if (s.size() != 5 || std::sscanf(s.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2) return std::nullopt;
    if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
}

Result<WorkingHours> parse_hours(const Reader& r, const json& j, const std::string& key) {
    static const std::vector<std::string> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    if (!j.is_object()) return r.fail(key, "expected an object {\"days\":[\"mon\",...],\"start\":\"09:00\",\"end\":\"18:00\"}");
    WorkingHours h;
    auto days = string_list(r, j, "days", key);
    if (!days) return days.error();
    if (days->empty()) return r.fail(key + ".days", "expected at least one weekday (mon..sun)");
    for (const auto& d : *days) {
        auto it = std::find(kDays.begin(), kDays.end(), ascii_lower(d));
        if (it == kDays.end()) return r.fail(key + ".days", "unknown weekday '" + d + "' (use mon..sun)");
        h.weekdays.push_back(static_cast<int>(it - kDays.begin()));
    }
    for (auto [field, dest] : {std::pair{"start", &h.start_minute}, std::pair{"end", &h.end_minute}}) {
        auto s = required_string(r, j, field, key);
        if (!s) return s.error();
        auto m = parse_clock_minutes(*s);
        if (!m) return r.fail(key + "." + field, "expected HH:MM, got '" + *s + "'");
        *dest = *m;
    }
    if (h.start_minute == 24 * 60) return r.fail(key + ".start", "must be before 24:00 (use 00:00)");
    // An end before the start is an overnight shift (see WorkingHours); an equal end means nothing.
    if (h.end_minute == h.start_minute)
        return r.fail(key + ".end", "must differ from start (for a whole day use 00:00 to 24:00)");
    return h;
}

Result<Agent> parse_agent(const Reader& r, const json& j, const std::string& key) {
    if (!j.is_object()) return r.fail(key, "expected an object");
    Agent a;
    auto handle = required_string(r, j, "handle", key);
    if (!handle) return handle.error();
    a.handle = ascii_lower(*handle);
    for (char c : a.handle)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
            return r.fail(key + ".handle", "use letters, digits, '.', '-' or '_' only");
    auto name = required_string(r, j, "name", key);
    if (!name) return name.error();
    a.name = *name;
    auto tier_text = required_string(r, j, "tier", key);
    if (!tier_text) return tier_text.error();
    auto tier = parse_tier(*tier_text);
    if (!tier || *tier == Tier::l1) return r.fail(key + ".tier", "expected L2 or L3, got '" + *tier_text + "'");
    a.tier = *tier;
    auto teams = string_list(r, j, "teams", key);
    if (!teams) return teams.error();
    if (teams->empty()) return r.fail(key + ".teams", "expected at least one team id");
    a.teams = std::move(*teams);
    auto skills = string_list(r, j, "skills", key);
    if (!skills) return skills.error();
    a.skills = std::move(*skills);

    if (!j.contains("identities") || !j["identities"].is_object() || j["identities"].empty())
        return r.fail(key + ".identities", "expected an object of platform -> user id, at least one");
    for (const auto& [platform, id] : j["identities"].items()) {
        const std::string ikey = key + ".identities." + platform;
        if (!is_known_platform(platform)) return r.fail(ikey, "unknown platform (" + known_platforms_list() + ")");
        std::string value;
        if (id.is_string()) value = id.get<std::string>();
        else if (id.is_number_integer()) value = std::to_string(id.get<long long>());  // some platforms' user ids are numbers
        if (value.empty()) return r.fail(ikey, "expected a non-empty user id");
        a.identities.push_back(Identity{platform, value});
    }
    if (j.contains("token_generation")) {
        const auto& g = j["token_generation"];
        if (!g.is_number_integer() || g.get<long long>() < 0 || g.get<long long>() > 1'000'000)
            return r.fail(key + ".token_generation", "expected a whole number from 0 to 1000000");
        a.token_generation = static_cast<int>(g.get<long long>());
    }
    if (j.contains("timezone")) {
        if (!j["timezone"].is_string() || j["timezone"].get<std::string>().empty())
            return r.fail(key + ".timezone", "expected an IANA timezone name such as Europe/Rome");
        a.timezone = j["timezone"].get<std::string>();
        // The name becomes a path under the zoneinfo folder: nothing like "../../etc/passwd" gets that far.
        if (!is_zone_name(a.timezone))
            return r.fail(key + ".timezone", "'" + a.timezone + "' is not an IANA time zone name such as Europe/Rome");
    }
    if (j.contains("working_hours")) {
        auto h = parse_hours(r, j["working_hours"], key + ".working_hours");
        if (!h) return h.error();
        a.working_hours = *h;
    }
    return a;
}

Result<OnCall> parse_on_call(const Reader& r, const json& j, const std::string& key) {
    if (!j.is_object()) return r.fail(key, "expected an object {\"starts\":\"YYYY-MM-DD\",\"weeks\":[[...]],\"overrides\":[...]}");
    OnCall oc;
    auto starts = required_string(r, j, "starts", key);
    if (!starts) return starts.error();
    auto day = parse_date(*starts);
    if (!day) return r.fail(key + ".starts", "expected a date YYYY-MM-DD, got '" + *starts + "'");
    oc.starts = *day;
    if (!j.contains("weeks") || !j["weeks"].is_array() || j["weeks"].empty())
        return r.fail(key + ".weeks", "expected a list of weeks, each a list of agent handles");
    for (std::size_t i = 0; i < j["weeks"].size(); ++i) {
        const std::string wkey = key + ".weeks[" + std::to_string(i) + "]";
        const auto& w = j["weeks"][i];
        if (!w.is_array() || w.empty()) return r.fail(wkey, "expected a non-empty list of agent handles");
        std::vector<std::string> week;
        for (const auto& h : w) {
            if (!h.is_string()) return r.fail(wkey, "expected agent handles as strings");
            week.push_back(ascii_lower(h.get<std::string>()));
        }
        oc.weeks.push_back(std::move(week));
    }
    if (j.contains("overrides")) {
        if (!j["overrides"].is_array()) return r.fail(key + ".overrides", "expected a list");
        for (std::size_t i = 0; i < j["overrides"].size(); ++i) {
            const std::string okey = key + ".overrides[" + std::to_string(i) + "]";
            const auto& o = j["overrides"][i];
            if (!o.is_object()) return r.fail(okey, "expected {\"date\":\"YYYY-MM-DD\",\"agents\":[...]}");
            auto date = required_string(r, o, "date", okey);
            if (!date) return date.error();
            auto d = parse_date(*date);
            if (!d) return r.fail(okey + ".date", "expected a date YYYY-MM-DD, got '" + *date + "'");
            auto agents = string_list(r, o, "agents", okey);
            if (!agents) return agents.error();
            if (agents->empty()) return r.fail(okey + ".agents", "expected at least one agent handle");
            for (auto& a : *agents) a = ascii_lower(a);
            oc.overrides.push_back(OnCallOverride{*d, std::move(*agents)});
        }
    }
    return oc;
}

Result<Team> parse_team(const Reader& r, const json& j, const std::string& key) {
    if (!j.is_object()) return r.fail(key, "expected an object");
    Team t;
    auto id = required_string(r, j, "id", key);
    if (!id) return id.error();
    t.id = *id;
    t.name = j.contains("name") && j["name"].is_string() ? j["name"].get<std::string>() : t.id;
    if (!j.contains("rooms") || !j["rooms"].is_object() || j["rooms"].empty())
        return r.fail(key + ".rooms", "expected an object of platform -> room id, at least one (\"webchat\": \"agents\")");
    for (const auto& [platform, room] : j["rooms"].items()) {
        const std::string rkey = key + ".rooms." + platform;
        if (!is_known_platform(platform)) return r.fail(rkey, "unknown platform (" + known_platforms_list() + ")");
        std::string value;
        if (room.is_string()) value = room.get<std::string>();
        else if (room.is_number_integer()) value = std::to_string(room.get<long long>());  // numeric chat ids
        if (value.empty()) return r.fail(rkey, "expected a non-empty room id");
        t.rooms[platform] = value;
    }
    if (j.contains("relay_mode")) {
        const auto& m = j["relay_mode"];
        if (m == "explicit") t.relay_mode = RelayMode::explicit_only;
        else if (m == "thread") t.relay_mode = RelayMode::thread;
        else return r.fail(key + ".relay_mode", "expected \"explicit\" or \"thread\"");
    }
    if (j.contains("note_marker")) {
        if (!j["note_marker"].is_string() || j["note_marker"].get<std::string>().empty())
            return r.fail(key + ".note_marker", "expected a non-empty string such as \"//\"");
        t.note_marker = j["note_marker"].get<std::string>();
    }
    if (j.contains("on_call")) {
        auto oc = parse_on_call(r, j["on_call"], key + ".on_call");
        if (!oc) return oc.error();
        t.on_call = std::move(*oc);
    }
    return t;
}

bool contains_agent(const std::vector<Agent>& agents, const std::string& handle) {
    return std::any_of(agents.begin(), agents.end(), [&](const Agent& a) { return a.handle == handle; });
}

}  // namespace

std::optional<std::chrono::sys_days> parse_date(const std::string& s) {
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::sys_days{ymd};
}

Result<AgentsDirectory> AgentsDirectory::from_text(const std::string& text, const std::string& origin) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        return make_error(Errc::parse, origin + ": not valid JSON: " + e.what());
    }
    return from_json(j, origin);
}

Result<AgentsDirectory> AgentsDirectory::from_json(const json& j, const std::string& origin) {
    const Reader r{origin};
    if (!j.is_object()) return r.fail("(root)", "expected an object with \"agents\" and \"teams\"");
    AgentsDirectory dir;
    if (!j.contains("teams") || !j["teams"].is_array() || j["teams"].empty())
        return r.fail("teams", "expected a non-empty list of teams");
    for (std::size_t i = 0; i < j["teams"].size(); ++i) {
        auto t = parse_team(r, j["teams"][i], "teams[" + std::to_string(i) + "]");
        if (!t) return t.error();
        if (dir.team(t->id)) return r.fail("teams[" + std::to_string(i) + "].id", "duplicate team id '" + t->id + "'");
        dir.teams_.push_back(std::move(*t));
    }
    if (!j.contains("agents") || !j["agents"].is_array() || j["agents"].empty())
        return r.fail("agents", "expected a non-empty list of agents");
    for (std::size_t i = 0; i < j["agents"].size(); ++i) {
        const std::string key = "agents[" + std::to_string(i) + "]";
        auto a = parse_agent(r, j["agents"][i], key);
        if (!a) return a.error();
        if (contains_agent(dir.agents_, a->handle)) return r.fail(key + ".handle", "duplicate handle '" + a->handle + "'");
        for (const auto& team : a->teams)
            if (!dir.team(team)) return r.fail(key + ".teams", "unknown team '" + team + "'");
        for (const auto& id : a->identities)
            if (const Agent* other = dir.agent_by_identity(id))
                return r.fail(key + ".identities." + id.platform, "identity already belongs to agent '" + other->handle + "'");
        dir.agents_.push_back(std::move(*a));
    }
    for (std::size_t i = 0; i < dir.teams_.size(); ++i) {
        const auto& t = dir.teams_[i];
        if (!t.on_call) continue;
        const std::string key = "teams[" + std::to_string(i) + "].on_call";
        auto check = [&](const std::vector<std::string>& handles, const std::string& where) -> Status {
            for (const auto& h : handles)
                if (!contains_agent(dir.agents_, h)) return r.fail(key + where, "unknown agent '" + h + "'");
            return {};
        };
        for (std::size_t w = 0; w < t.on_call->weeks.size(); ++w)
            if (auto ok = check(t.on_call->weeks[w], ".weeks[" + std::to_string(w) + "]"); !ok) return ok.error();
        for (std::size_t o = 0; o < t.on_call->overrides.size(); ++o)
            if (auto ok = check(t.on_call->overrides[o].agents, ".overrides[" + std::to_string(o) + "].agents"); !ok)
                return ok.error();
    }
    if (j.contains("security_officer")) {
        if (!j["security_officer"].is_string()) return r.fail("security_officer", "expected an agent handle");
        dir.security_officer_ = ascii_lower(j["security_officer"].get<std::string>());
        if (!contains_agent(dir.agents_, dir.security_officer_))
            return r.fail("security_officer", "unknown agent '" + dir.security_officer_ + "'");
    }
    return dir;
}

}  // namespace frontline::handoff
