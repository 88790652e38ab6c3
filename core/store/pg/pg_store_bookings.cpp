// Video-call bookings on PostgreSQL (booking_store.cpp). The unique indexes (one active booking per
// agent and start, one booking per link) are the last word when two processes confirm at once.
#include "core/store/pg/pg_store.hpp"
#include "core/store/unix_time.hpp"

namespace frontline {
namespace {

using pg::integer;
using pg::text;

constexpr const char* kColumns =
    "id, ticket_id, agent, requester_platform, requester_user, starts_at, ends_at, nonce, meeting, requester_zone,"
    " status, created_at";

Result<Booking> read_row(const pg::Rows& q, int row) {
    auto ticket = TicketId::parse(q.text(row, 1));
    if (!ticket) return make_error(Errc::storage, "booking " + q.text(row, 0) + ": bad ticket id");
    Booking b;
    b.id = q.integer(row, 0);
    b.ticket = *ticket;
    b.agent = q.text(row, 2);
    b.requester = {q.text(row, 3), q.text(row, 4)};
    b.start = from_unix(q.integer(row, 5));
    b.end = from_unix(q.integer(row, 6));
    b.nonce = q.text(row, 7);
    b.meeting = q.text(row, 8);
    b.requester_zone = q.text(row, 9);
    b.status = q.text(row, 10) == "booked" ? BookingStatus::booked : BookingStatus::cancelled;
    b.created_at = from_unix(q.integer(row, 11));
    return b;
}

Result<std::optional<Booking>> first_booking(const Result<pg::Rows>& q) {
    if (!q) return q.error();
    if (q->empty()) return std::optional<Booking>{};
    auto b = read_row(*q, 0);
    if (!b) return b.error();
    return std::optional<Booking>{std::move(*b)};
}

const char* status_name(BookingStatus s) { return s == BookingStatus::booked ? "booked" : "cancelled"; }

}  // namespace

Result<std::vector<Booking>> PgStore::agent_bookings(const std::string& agent, TimePoint from, TimePoint to) {
    auto q = db_->query(std::string("SELECT ") + kColumns +
                            " FROM bookings WHERE agent = $1 AND status = 'booked' AND starts_at < $2 AND ends_at > $3"
                            " ORDER BY starts_at",
                        {text(agent), integer(to_unix(to)), integer(to_unix(from))});
    if (!q) return q.error();
    std::vector<Booking> out;
    for (int i = 0; i < q->size(); ++i) {
        auto b = read_row(*q, i);
        if (!b) return b.error();
        out.push_back(std::move(*b));
    }
    return out;
}

Result<std::optional<Booking>> PgStore::booking_by_nonce(const std::string& nonce) {
    return first_booking(db_->query(std::string("SELECT ") + kColumns + " FROM bookings WHERE nonce = $1", {text(nonce)}));
}

Result<std::optional<Booking>> PgStore::booking_by_id(std::int64_t id) {
    return first_booking(db_->query(std::string("SELECT ") + kColumns + " FROM bookings WHERE id = $1", {integer(id)}));
}

Status PgStore::insert_booking(Booking& b) {
    // ON CONFLICT DO NOTHING (every unique index, the partial one per slot included) rather than a
    // failing INSERT: an error would abort the batch's whole transaction on PostgreSQL, where
    // SQLite fails the statement alone. A racing process's uncommitted row is waited for, then
    // decides: the loser inserts nothing.
    auto q = db_->query(
        "INSERT INTO bookings (ticket_id, agent, requester_platform, requester_user, starts_at, ends_at, nonce,"
        " meeting, requester_zone, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        " ON CONFLICT DO NOTHING RETURNING id",
        {text(b.ticket.str()), text(b.agent), text(b.requester.platform), text(b.requester.user_id), integer(to_unix(b.start)),
         integer(to_unix(b.end)), text(b.nonce), text(b.meeting), text(b.requester_zone), text(status_name(b.status)),
         integer(to_unix(b.created_at))});
    if (!q) return q.error();
    if (q->empty()) return make_error(Errc::conflict, "this slot or this link is already taken");
    b.id = q->integer(0, 0);
    return {};
}

Status PgStore::update_booking(const Booking& b) {
    // An UPDATE has no ON CONFLICT: the savepoint keeps a taken slot's error from aborting the
    // caller's transaction, as a failed statement leaves SQLite's.
    auto moved = db_->in_transaction([&]() -> Status {
        auto q = db_->query("UPDATE bookings SET starts_at = $1, ends_at = $2, status = $3, requester_zone = $4 WHERE id = $5",
                            {integer(to_unix(b.start)), integer(to_unix(b.end)), text(status_name(b.status)),
                             text(b.requester_zone), integer(b.id)});
        if (!q) return q.error();
        return {};
    });
    if (!moved && moved.error().code == Errc::conflict) return make_error(Errc::conflict, "this slot is already taken");
    return moved;
}

}  // namespace frontline
