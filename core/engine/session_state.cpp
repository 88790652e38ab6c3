#include "core/engine/session_state.hpp"

#include <array>

#include <nlohmann/json.hpp>

namespace frontline {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<Phase, std::string_view>, 10> kPhases{{
    {Phase::idle, "idle"},
    {Phase::confirm_type, "confirm_type"},
    {Phase::confirm_category, "confirm_category"},
    {Phase::impact, "impact"},
    {Phase::urgency, "urgency"},
    {Phase::flow, "flow"},
    {Phase::similar, "similar"},
    {Phase::confirm_resolution, "confirm_resolution"},
    {Phase::contact_name, "contact_name"},
    {Phase::contact_reach, "contact_reach"},
}};

std::optional<Phase> parse_phase(std::string_view s) {
    for (const auto& [p, name] : kPhases)
        if (name == s) return p;
    return std::nullopt;
}

json opt_id(const std::optional<TicketId>& id) { return id ? json(id->str()) : json(nullptr); }

Result<std::optional<TicketId>> read_opt_id(const json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return std::optional<TicketId>{};
    auto id = TicketId::parse(j[key].get<std::string>());
    if (!id) return id.error();
    return std::optional<TicketId>{*id};
}

}  // namespace

std::string_view to_string(Phase p) {
    for (const auto& [phase, name] : kPhases)
        if (phase == p) return name;
    return "?";
}

std::string to_json_text(const SessionState& s) {
    json j = {
        {"v", 1},
        {"phase", to_string(s.phase)},
        {"locale", s.locale},
        {"where", {{"platform", s.where.platform}, {"conversation_id", s.where.conversation_id}, {"thread", s.where.thread}}},
        {"ticket", opt_id(s.ticket)},
        {"pending_text", s.pending_text},
        {"pending_type", s.pending_type},
        {"category_choices", s.category_choices},
        {"flow", s.flow},
        {"flow_version", s.flow_version},
        {"node", s.node},
        {"answers", s.answers},
        {"similar", opt_id(s.similar)},
        {"resume_node", s.resume_node},
        {"outage_offered", s.outage_offered},
        {"wants_agent", s.wants_agent},
        {"wants_new_problem", s.wants_new_problem},
        {"reminded", s.reminded},
        {"turn", s.turn},
        {"asked_key", s.asked_key},
        {"asked_text", s.asked_text},
        {"asked_step", s.asked_step},
        {"handoff_reason", s.handoff_reason},
        {"handoff_tier", s.handoff_tier},
    };
    return j.dump();
}

Result<SessionState> session_from_json_text(const std::string& text) {
    try {
        const json j = json::parse(text);
        if (j.at("v").get<int>() != 1) return make_error(Errc::parse, "session: unknown state version");
        SessionState s;
        auto phase = parse_phase(j.at("phase").get<std::string>());
        if (!phase) return make_error(Errc::parse, "session: unknown phase");
        s.phase = *phase;
        s.locale = j.at("locale").get<std::string>();
        const auto& w = j.at("where");
        s.where = {w.at("platform").get<std::string>(), w.at("conversation_id").get<std::string>(),
                   w.at("thread").get<std::string>()};
        auto ticket = read_opt_id(j, "ticket");
        if (!ticket) return ticket.error();
        s.ticket = *ticket;
        auto similar = read_opt_id(j, "similar");
        if (!similar) return similar.error();
        s.similar = *similar;
        s.pending_text = j.at("pending_text").get<std::string>();
        s.pending_type = j.at("pending_type").get<std::string>();
        s.category_choices = j.at("category_choices").get<std::vector<std::string>>();
        s.flow = j.at("flow").get<std::string>();
        s.node = j.at("node").get<std::string>();
        // Sessions saved before flows were versioned go on with the flow as it is now.
        s.flow_version = j.value("flow_version", std::string{});
        s.answers = j.at("answers").get<std::map<std::string, std::string>>();
        s.wants_agent = j.at("wants_agent").get<bool>();
        s.wants_new_problem = j.value("wants_new_problem", false);  // absent in sessions saved before
        s.reminded = j.at("reminded").get<bool>();
        s.turn = j.at("turn").get<int>();
        // Sessions saved before buttons were retired have none of these: nothing to retire then.
        s.asked_key = j.value("asked_key", std::string{});
        s.asked_text = j.value("asked_text", std::string{});
        s.asked_step = j.value("asked_step", std::string{});
        // Sessions saved before known outages were offered mid-diagnosis have neither.
        s.resume_node = j.value("resume_node", std::string{});
        s.outage_offered = j.value("outage_offered", false);
        // Sessions saved before contact details were asked have neither.
        s.handoff_reason = j.value("handoff_reason", std::string{});
        s.handoff_tier = j.value("handoff_tier", std::string{});
        return s;
    } catch (const json::exception& e) {
        return make_error(Errc::parse, std::string("session: ") + e.what());
    }
}

}  // namespace frontline
