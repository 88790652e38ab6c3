#pragma once
// The one reader of ticket rows on PostgreSQL (as ticket_rows.hpp on SQLite): every query that
// returns tickets selects the `record` column first and reads the rows here. For core/store/pg only.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "core/store/pg/pg_connection.hpp"
#include "core/ticket.hpp"
#include "core/ticket_json.hpp"

namespace frontline::pg {

/// The tickets in the first column (`record`) of every row; a bad record is a storage error.
inline Result<std::vector<Ticket>> read_tickets(const Rows& rows) {
    std::vector<Ticket> out;
    try {
        for (int i = 0; i < rows.size(); ++i) {
            auto t = ticket_from_json(nlohmann::json::parse(rows.text(i, 0)));
            if (!t) return t.error();
            out.push_back(std::move(*t));
        }
    } catch (const nlohmann::json::exception& e) {
        return make_error(Errc::storage, std::string("corrupt ticket record: ") + e.what());
    }
    return out;
}

}  // namespace frontline::pg
