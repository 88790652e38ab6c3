#pragma once
// PostgreSQL's own similar-incident index (ticket_search, ticket_words; migration 2), for the files
// that write tickets other than PgStore::save_ticket: the SQLite-to-PostgreSQL copy rebuilds it.
#include "core/result.hpp"
#include "core/store/pg/pg_connection.hpp"
#include "core/ticket.hpp"

namespace frontline::pg {

/// Makes `t`'s search entry and words what PgStore::save_ticket would leave for it.
Status index_ticket_for_search(Connection& db, const Ticket& t);

}  // namespace frontline::pg
