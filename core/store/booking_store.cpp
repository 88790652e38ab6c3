// Video-call bookings (core/booking_repository.hpp) on the Store's connection, so the desk's
// overlap check and the insert run in the batch's one IMMEDIATE transaction.
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_store.hpp"

namespace frontline {
namespace {

constexpr const char* kColumns =
    "id, ticket_id, agent, requester_platform, requester_user, starts_at, ends_at, nonce, meeting, requester_zone,"
    " status, created_at";

Booking read_row(SQLite::Statement& q) {
    Booking b;
    b.id = q.getColumn(0).getInt64();
    b.ticket = TicketId::parse(q.getColumn(1).getString()).value();
    b.agent = q.getColumn(2).getString();
    b.requester = {q.getColumn(3).getString(), q.getColumn(4).getString()};
    b.start = from_unix(q.getColumn(5).getInt64());
    b.end = from_unix(q.getColumn(6).getInt64());
    b.nonce = q.getColumn(7).getString();
    b.meeting = q.getColumn(8).getString();
    b.requester_zone = q.getColumn(9).getString();
    b.status = q.getColumn(10).getString() == "booked" ? BookingStatus::booked : BookingStatus::cancelled;
    b.created_at = from_unix(q.getColumn(11).getInt64());
    return b;
}

const char* status_name(BookingStatus s) { return s == BookingStatus::booked ? "booked" : "cancelled"; }

/// A unique index said no: the slot or the link is taken. Anything else stays a storage error.
bool is_constraint(const SQLite::Exception& e) { return e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE; }

}  // namespace

Result<std::vector<Booking>> SqliteStore::agent_bookings(const std::string& agent, TimePoint from, TimePoint to) {
    return sql_guard("list an agent's bookings", [&]() -> Result<std::vector<Booking>> {
        auto q = statement(std::string("SELECT ") + kColumns +
                           " FROM bookings WHERE agent = ? AND status = 'booked' AND starts_at < ? AND ends_at > ?"
                           " ORDER BY starts_at");
        q->bind(1, agent);
        q->bind(2, to_unix(to));
        q->bind(3, to_unix(from));
        std::vector<Booking> out;
        while (q->executeStep()) out.push_back(read_row(*q));
        return out;
    });
}

Result<std::optional<Booking>> SqliteStore::booking_by_nonce(const std::string& nonce) {
    return sql_guard("find a booking by link", [&]() -> Result<std::optional<Booking>> {
        auto q = statement(std::string("SELECT ") + kColumns + " FROM bookings WHERE nonce = ?");
        q->bind(1, nonce);
        if (!q->executeStep()) return std::optional<Booking>{};
        return std::optional<Booking>{read_row(*q)};
    });
}

Result<std::optional<Booking>> SqliteStore::booking_by_id(std::int64_t id) {
    return sql_guard("find a booking", [&]() -> Result<std::optional<Booking>> {
        auto q = statement(std::string("SELECT ") + kColumns + " FROM bookings WHERE id = ?");
        q->bind(1, id);
        if (!q->executeStep()) return std::optional<Booking>{};
        return std::optional<Booking>{read_row(*q)};
    });
}

Status SqliteStore::insert_booking(Booking& b) {
    return sql_guard("book a call", [&]() -> Status {
        try {
            auto q = statement(
                "INSERT INTO bookings (ticket_id, agent, requester_platform, requester_user, starts_at, ends_at, nonce,"
                " meeting, requester_zone, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            q->bind(1, b.ticket.str());
            q->bind(2, b.agent);
            q->bind(3, b.requester.platform);
            q->bind(4, b.requester.user_id);
            q->bind(5, to_unix(b.start));
            q->bind(6, to_unix(b.end));
            q->bind(7, b.nonce);
            q->bind(8, b.meeting);
            q->bind(9, b.requester_zone);
            q->bind(10, status_name(b.status));
            q->bind(11, to_unix(b.created_at));
            q->exec();
        } catch (const SQLite::Exception& e) {
            if (is_constraint(e)) return make_error(Errc::conflict, "this slot or this link is already taken");
            throw;
        }
        b.id = db().getLastInsertRowid();
        return {};
    });
}

Status SqliteStore::update_booking(const Booking& b) {
    return sql_guard("change a booking", [&]() -> Status {
        try {
            auto q = statement("UPDATE bookings SET starts_at = ?, ends_at = ?, status = ?, requester_zone = ? WHERE id = ?");
            q->bind(1, to_unix(b.start));
            q->bind(2, to_unix(b.end));
            q->bind(3, status_name(b.status));
            q->bind(4, b.requester_zone);
            q->bind(5, b.id);
            q->exec();
        } catch (const SQLite::Exception& e) {
            if (is_constraint(e)) return make_error(Errc::conflict, "this slot is already taken");
            throw;
        }
        return {};
    });
}

}  // namespace frontline
