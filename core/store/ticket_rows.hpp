#pragma once
// The one reader of ticket rows: every query that returns tickets selects the `record` column first
// and reads the rows here. For core/store's files only.
#include <vector>

#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "core/ticket.hpp"
#include "core/ticket_json.hpp"

namespace frontline {

/// The ticket in the current row's first column (`record`). nlohmann's parse errors are left to
/// the caller's sql_guard.
inline Result<Ticket> ticket_of_row(SQLite::Statement& q) {
    return ticket_from_json(nlohmann::json::parse(q.getColumn(0).getString()));
}

/// Every remaining row of `q` as tickets; the first bad record stops it.
inline Result<std::vector<Ticket>> read_tickets(SQLite::Statement& q) {
    std::vector<Ticket> out;
    while (q.executeStep()) {
        auto t = ticket_of_row(q);
        if (!t) return t.error();
        out.push_back(std::move(*t));
    }
    return out;
}

}  // namespace frontline
