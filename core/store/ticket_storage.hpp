#pragma once
// What both backends store of a ticket besides its record: the checks before a save, its search
// key and search entry, the open statuses as SQL. For core/store's files only.
#include <cstdint>
#include <string>
#include <utility>

#include "core/result.hpp"
#include "core/text.hpp"
#include "core/ticket.hpp"

namespace frontline {

/// Every text field of `t` valid UTF-8 within the field limit, and an id: refused before any write.
inline Status validate_for_storage(const Ticket& t) {
    if (!t.id.valid()) return make_error(Errc::invalid_argument, "ticket has no id");
    const std::pair<const std::string*, const char*> fields[] = {
        {&t.title, "title"},          {&t.description, "description"},   {&t.category, "category"},
        {&t.subcategory, "subcategory"}, {&t.resolution_notes, "resolution notes"},
        {&t.requester.name, "requester name"}, {&t.affected_service, "affected service"},
    };
    for (const auto& [value, name] : fields)
        if (auto ok = validate_text(*value, kMaxFieldBytes, std::string(name) + " of " + t.id.str()); !ok) return ok;
    for (const auto& s : t.symptoms)
        if (auto ok = validate_text(s.answer, kMaxFieldBytes, "symptom of " + t.id.str()); !ok) return ok;
    return {};
}

/// The ticket's key in the search index (SQLite's migration 7 fills it the same way): stable across
/// VACUUM, unlike the tickets table's implicit rowid. Room for 16 ticket types.
inline std::int64_t search_key(const TicketId& id) {
    return static_cast<std::int64_t>(id.number()) * 16 + (id.type() == TicketType::incident ? 0 : 1);
}

/// The words a ticket is found by.
struct SearchEntry {
    std::string ticket_id, title, description, symptoms, resolution;
};

/// A ticket in diagnosis gains a symptom with every answer: its entry leaves the answers out until
/// the diagnosis ends, so an answer does not rewrite the search index on every turn.
inline SearchEntry search_entry_of(const Ticket& t) {
    std::string symptoms;
    if (t.status != TicketStatus::new_ && t.status != TicketStatus::in_diagnosis)
        for (const auto& s : t.symptoms) {
            if (!symptoms.empty()) symptoms += ' ';
            symptoms += s.answer;
        }
    return {t.id.str(), t.title, t.description, std::move(symptoms), t.resolution_notes};
}

/// "status IN (...)" of every open status: an index look-up (tickets_by_status), where
/// "NOT IN (closed ones)" reads every ticket ever logged. The same SQL on both backends.
inline const std::string& open_status_condition() {
    static const std::string condition = [] {
        std::string in;
        for (auto s : {TicketStatus::new_, TicketStatus::in_diagnosis, TicketStatus::escalated, TicketStatus::in_progress,
                       TicketStatus::pending_user, TicketStatus::resolved, TicketStatus::closed, TicketStatus::cancelled})
            if (is_open(s)) in += std::string(in.empty() ? "" : ", ") + "'" + std::string(to_string(s)) + "'";
        return "status IN (" + in + ")";
    }();
    return condition;
}

}  // namespace frontline
