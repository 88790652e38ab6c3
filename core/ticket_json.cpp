#include "core/ticket_json.hpp"

#include <nlohmann/json.hpp>

namespace frontline {
namespace {

using nlohmann::json;

json opt_time(const std::optional<TimePoint>& t) { return t ? json(format_iso8601(*t)) : json(nullptr); }

std::optional<TimePoint> read_opt_time(const json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return std::nullopt;
    return parse_iso8601(j[key].get<std::string>());
}

std::string str(const json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string{};
}

}  // namespace

json ticket_to_json(const Ticket& t) {
    json symptoms = json::array();
    for (const auto& s : t.symptoms) symptoms.push_back({{"question", s.question}, {"label", s.label}, {"answer", s.answer}});
    json similar = nullptr;
    if (t.similar) {
        similar = json::array();
        for (const auto& r : *t.similar) similar.push_back({{"id", r.id.str()}, {"title", r.title}});
    }
    return json{
        {"id", t.id.str()},
        {"type", to_string(t.type)},
        {"status", to_string(t.status)},
        {"category", t.category},
        {"subcategory", t.subcategory},
        {"impact", to_string(t.impact)},
        {"urgency", to_string(t.urgency)},
        {"priority", to_string(t.priority)},
        {"tier", to_string(t.tier)},
        {"requester",
         {{"name", t.requester.name},
          {"platform", t.requester.identity.platform},
          {"user_id", t.requester.identity.user_id},
          {"contact", t.requester.contact},
          {"phone", t.requester.phone}}},
        {"address", {{"platform", t.address.platform}, {"conversation_id", t.address.conversation_id}, {"thread", t.address.thread}}},
        {"locale", t.locale},
        {"title", t.title},
        {"description", t.description},
        {"symptoms", symptoms},
        {"affected_service", t.affected_service},
        {"assignee", t.assignee},
        {"parent", t.parent ? json(t.parent->str()) : json(nullptr)},
        {"first_contact_resolution", t.first_contact_resolution},
        {"restricted", t.restricted},
        {"team", t.team},
        {"resolution_code", t.resolution_code},
        {"resolution_notes", t.resolution_notes},
        {"similar", similar},
        {"reported_at", format_iso8601(t.reported_at)},
        {"logged_at", format_iso8601(t.logged_at)},
        {"first_response_at", opt_time(t.first_response_at)},
        {"escalated_at", opt_time(t.escalated_at)},
        {"claimed_at", opt_time(t.claimed_at)},
        {"resolved_at", opt_time(t.resolved_at)},
        {"closed_at", opt_time(t.closed_at)},
        {"sla",
         {{"response_due", opt_time(t.sla.response_due)},
          {"resolution_due", opt_time(t.sla.resolution_due)},
          {"paused_seconds", t.sla.paused_total.count()},
          {"paused_working_seconds", t.sla.paused_working.count()},
          {"paused_since", opt_time(t.sla.paused_since)},
          {"calendar", t.sla.calendar}}},
    };
}

Result<Ticket> ticket_from_json(const json& j) {
    try {
        Ticket t;
        auto id = TicketId::parse(str(j, "id"));
        if (!id) return id.error();
        t.id = *id;
        t.type = id->type();
        auto status = parse_status(str(j, "status"));
        if (!status) return status.error();
        t.status = *status;
        t.category = str(j, "category");
        t.subcategory = str(j, "subcategory");
        auto impact = parse_level(str(j, "impact"));
        auto urgency = parse_level(str(j, "urgency"));
        auto priority = parse_priority(str(j, "priority"));
        auto tier = parse_tier(str(j, "tier"));
        if (!impact) return impact.error();
        if (!urgency) return urgency.error();
        if (!priority) return priority.error();
        if (!tier) return tier.error();
        t.impact = *impact;
        t.urgency = *urgency;
        t.priority = *priority;
        t.tier = *tier;
        const auto& r = j.at("requester");
        t.requester = {str(r, "name"), {str(r, "platform"), str(r, "user_id")}, str(r, "contact"), str(r, "phone")};
        const auto& a = j.at("address");
        t.address = {str(a, "platform"), str(a, "conversation_id"), str(a, "thread")};
        t.locale = str(j, "locale");
        t.title = str(j, "title");
        t.description = str(j, "description");
        for (const auto& s : j.at("symptoms")) t.symptoms.push_back({str(s, "question"), str(s, "label"), str(s, "answer")});
        t.affected_service = str(j, "affected_service");
        t.assignee = str(j, "assignee");
        if (j.contains("parent") && j["parent"].is_string()) {
            auto p = TicketId::parse(j["parent"].get<std::string>());
            if (!p) return p.error();
            t.parent = *p;
        }
        t.first_contact_resolution = j.value("first_contact_resolution", false);
        t.restricted = j.value("restricted", false);
        t.resolution_code = str(j, "resolution_code");
        t.resolution_notes = str(j, "resolution_notes");
        if (j.contains("similar") && j["similar"].is_array()) {
            t.similar.emplace();
            for (const auto& ref : j["similar"]) {
                auto ref_id = TicketId::parse(str(ref, "id"));
                if (!ref_id) return ref_id.error();
                t.similar->push_back({*ref_id, str(ref, "title")});
            }
        }
        auto reported = parse_iso8601(str(j, "reported_at"));
        auto logged = parse_iso8601(str(j, "logged_at"));
        if (!reported || !logged) return make_error(Errc::parse, "ticket " + t.id.str() + ": bad timestamps");
        t.reported_at = *reported;
        t.logged_at = *logged;
        t.first_response_at = read_opt_time(j, "first_response_at");
        t.escalated_at = read_opt_time(j, "escalated_at");
        t.claimed_at = read_opt_time(j, "claimed_at");
        t.resolved_at = read_opt_time(j, "resolved_at");
        t.closed_at = read_opt_time(j, "closed_at");
        const auto& sla = j.at("sla");
        t.sla.response_due = read_opt_time(sla, "response_due");
        t.sla.resolution_due = read_opt_time(sla, "resolution_due");
        t.sla.paused_total = Seconds{sla.value("paused_seconds", 0LL)};
        t.sla.paused_since = read_opt_time(sla, "paused_since");
        // Tickets saved before calendars existed paused on the around-the-clock calendar.
        t.sla.paused_working = Seconds{sla.value("paused_working_seconds", t.sla.paused_total.count())};
        t.sla.calendar = sla.value("calendar", std::string{});
        t.team = j.value("team", std::string{});  // absent in tickets saved before teams were set by rules
        return t;
    } catch (const json::exception& e) {
        return make_error(Errc::parse, std::string("ticket record: ") + e.what());
    }
}

json journal_to_json(const JournalEntry& e) {
    json details = json::parse(e.details, nullptr, false);
    if (details.is_discarded()) details = e.details;
    return json{{"seq", e.seq}, {"ticket", e.ticket.str()}, {"actor", e.actor}, {"at", format_iso8601(e.at)},
                {"kind", e.kind}, {"details", details}};
}

}  // namespace frontline
