#pragma once
// What the engine needs from persistence. core/store implements it on SQLite; the engine calls it
// inside the batch transaction the engine loop opened, so a batch commits or rolls back whole.
#include <optional>
#include <string>
#include <vector>

#include "core/journal.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"

namespace frontline {

struct SimilarQuery {
    std::string text;                    ///< words to match (title, description, symptoms)
    std::string category;                ///< empty = any
    bool open_only = true;
    std::optional<TimePoint> since;      ///< reported at or after
    std::optional<TicketId> exclude;     ///< the ticket being diagnosed
    int limit = 5;
    /// Categories searched besides `category` (one outage reported as "network" by some and as
    /// "outage" by others); ignored when `category` is empty.
    std::vector<std::string> related_categories;
    /// A ticket naming this affected service passes whatever its category (the same outage reported
    /// as an email problem and as an application error); empty: none. Needs `category`.
    std::string affected_service;
};

struct SimilarTicket {
    TicketId id;
    std::string title;
    std::string category;
    TicketStatus status;
    TimePoint reported_at;
    double score;  ///< bm25: lower (more negative) is a better match
};

struct TicketFilter {
    std::optional<TicketStatus> status;
    /// The tickets of this identity's person: of every identity linked to it.
    std::optional<Identity> requester;
    bool open_only = false;
    int limit = 1000;
    std::vector<TicketStatus> any_status;  ///< one of these (none: any); filtered before a record is read
};

/// How many tickets one requester has: a quota needs the numbers, not the tickets.
struct RequesterTicketCounts {
    long long total = 0;
    long long open = 0;            ///< new, in diagnosis, with the agents or waiting for the user
    long long reported_since = 0;  ///< reported after the time asked about
};

class TicketRepository {
public:
    virtual ~TicketRepository() = default;
    /// Next id in the type's own sequence (INC and REQ count separately).
    virtual Result<TicketId> allocate_id(TicketType type) = 0;
    /// Inserts or updates the whole ticket, and refreshes its search index.
    virtual Status save_ticket(const Ticket& t) = 0;
    virtual Result<std::optional<Ticket>> find_ticket(const TicketId& id) = 0;
    virtual Result<std::vector<Ticket>> list_tickets(const TicketFilter& f) = 0;
    virtual Result<RequesterTicketCounts> count_requester_tickets(const Identity& requester, TimePoint since) = 0;
    virtual Status append_journal(JournalEntry& e) = 0;  ///< sets e.seq
    virtual Result<std::vector<JournalEntry>> journal_of(const TicketId& id) = 0;
    virtual Result<std::vector<SimilarTicket>> find_similar(const SimilarQuery& q) = 0;
};

}  // namespace frontline
