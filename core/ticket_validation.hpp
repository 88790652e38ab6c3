#pragma once
// Checks a ticket before it is logged: known category, sane text. Pure; the store checks text again.
#include <set>
#include <string>

#include "core/result.hpp"
#include "core/ticket.hpp"

namespace frontline {

/// invalid_argument naming the field when the category is not configured or a text is not valid
/// UTF-8 or too long. An empty `known_categories` accepts any category.
Status validate_ticket(const Ticket& t, const std::set<std::string>& known_categories);

}  // namespace frontline
