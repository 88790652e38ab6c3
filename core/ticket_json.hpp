#pragma once
// The ticket as JSON: the store's record format and what `frontline ticket --json` prints.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/journal.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"

namespace frontline {

nlohmann::json ticket_to_json(const Ticket& t);
Result<Ticket> ticket_from_json(const nlohmann::json& j);
nlohmann::json journal_to_json(const JournalEntry& e);

}  // namespace frontline
