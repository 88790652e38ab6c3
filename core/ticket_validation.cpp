#include "core/ticket_validation.hpp"

#include "core/text.hpp"

namespace frontline {

Status validate_ticket(const Ticket& t, const std::set<std::string>& known_categories) {
    if (!t.id.valid()) return make_error(Errc::invalid_argument, "ticket has no id");
    if (!known_categories.empty() && !known_categories.count(t.category))
        return make_error(Errc::invalid_argument, t.id.str() + ": unknown category '" + utf8_truncate(t.category, 64) + "'");
    if (auto ok = validate_text(t.title, 512, "title"); !ok) return ok;
    if (auto ok = validate_text(t.description, kMaxFieldBytes, "description"); !ok) return ok;
    for (const auto& s : t.symptoms)
        if (auto ok = validate_text(s.answer, kMaxFieldBytes, "answer to " + s.question); !ok) return ok;
    return {};
}

}  // namespace frontline
