#include "bot/cli/tickets.hpp"

#include <iomanip>
#include <ostream>

#include <nlohmann/json.hpp>

#include "bot/cli/terminal_text.hpp"
#include "bot/cli/existing_store.hpp"
#include "core/store/store.hpp"
#include "core/ticket_json.hpp"

namespace frontline {
int run_tickets(const Config& config, const TicketsQuery& q, std::ostream& out, std::ostream& err) {
    TicketFilter filter;
    if (q.status) {
        auto s = parse_status(*q.status);
        if (!s) {
            err << "frontline: " << s.error().message
                << " (one of new, in_diagnosis, escalated, in_progress, pending_user, resolved, closed, cancelled)\n";
            return 2;
        }
        filter.status = *s;
    }
    auto store = open_existing_store(config);
    if (!store) {
        err << "frontline: " << store.error().message << "\n";
        return 1;
    }
    filter.limit = 100000;
    auto tickets = (*store)->list_tickets(filter);
    if (!tickets) {
        err << "frontline: " << tickets.error().message << "\n";
        return 1;
    }
    if (q.json) {
        auto arr = nlohmann::json::array();
        for (const auto& t : *tickets) arr.push_back(ticket_to_json(t));
        out << arr.dump(2) << "\n";
        return 0;
    }
    if (tickets->empty()) {
        out << "no tickets\n";
        return 0;
    }
    for (const auto& t : *tickets)
        out << std::left << std::setw(11) << t.id.str() << std::setw(3) << to_string(t.priority) << ' '
            << std::setw(13) << to_string(t.status) << std::setw(3) << to_string(t.tier) << ' ' << std::setw(18)
            << terminal_safe(t.category) << (t.assignee.empty() ? "-" : terminal_safe(t.assignee)) << "  "
            << terminal_safe(t.title) << "\n";
    return 0;
}

int run_ticket(const Config& config, const std::string& id_text, bool json, std::ostream& out, std::ostream& err) {
    auto id = TicketId::parse(id_text);
    if (!id) {
        err << "frontline: " << id.error().message << "\n";
        return 2;
    }
    auto store = open_existing_store(config);
    if (!store) {
        err << "frontline: " << store.error().message << "\n";
        return 1;
    }
    auto ticket = (*store)->find_ticket(*id);
    if (!ticket) {
        err << "frontline: " << ticket.error().message << "\n";
        return 1;
    }
    if (!*ticket) {
        err << "frontline: no ticket " << id->str() << "\n";
        return 1;
    }
    auto journal = (*store)->journal_of(*id);
    if (!journal) {
        err << "frontline: " << journal.error().message << "\n";
        return 1;
    }
    auto j = ticket_to_json(**ticket);
    auto entries = nlohmann::json::array();
    for (const auto& e : *journal) entries.push_back(journal_to_json(e));
    j["journal"] = entries;
    if (json) {
        out << j.dump(2) << "\n";
        return 0;
    }
    // Every free-text field goes through terminal_safe: requesters typed them, the operator reads them.
    const Ticket& t = **ticket;
    const auto safe = [](std::string_view s) { return terminal_safe(s); };
    out << t.id.str() << "  " << safe(t.title) << "\n"
        << "  " << to_string(t.type) << ", " << to_string(t.status) << ", " << to_string(t.priority) << " (impact "
        << to_string(t.impact) << ", urgency " << to_string(t.urgency) << "), " << to_string(t.tier) << ", "
        << safe(t.category) << (t.subcategory.empty() ? "" : "/" + safe(t.subcategory)) << "\n"
        << "  requester: " << safe(t.requester.name) << " (" << safe(t.requester.identity.platform) << ":"
        << safe(t.requester.identity.user_id) << ")" << "\n"
        << "  assignee: " << (t.assignee.empty() ? "-" : safe(t.assignee)) << "\n"
        << "  reported: " << format_iso8601(t.reported_at) << "\n";
    if (!t.description.empty()) out << "  description: " << safe(t.description) << "\n";
    for (const auto& s : t.symptoms) out << "  - " << safe(s.label) << ": " << safe(s.answer) << "\n";
    out << "journal:\n";
    for (const auto& e : *journal)
        out << "  " << format_iso8601(e.at) << "  " << std::left << std::setw(22) << safe(e.actor) << safe(e.kind) << " "
            << safe(e.details) << "\n";
    return 0;
}

}  // namespace frontline
