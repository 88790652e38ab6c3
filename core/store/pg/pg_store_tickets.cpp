// Tickets, the journal and the similar-incident search on PostgreSQL: the same rows and rules as
// store_tickets.cpp, in PostgreSQL's SQL, with the search index kept by the store (migration 2).
#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/store/fts_query.hpp"
#include "core/store/pg/pg_search_index.hpp"
#include "core/store/pg/pg_store.hpp"
#include "core/store/pg/pg_ticket_rows.hpp"
#include "core/store/ticket_storage.hpp"
#include "core/store/unix_time.hpp"
#include "core/text.hpp"
#include "core/ticket_json.hpp"

namespace frontline {
namespace {

using pg::integer;
using pg::read_tickets;
using pg::text;

/// Makes the ticket's search entry and its words be `entry`, open or not. Most saves change the
/// status or the assignee, not the words: the words are left alone then.
Status sync_search_entry(pg::Connection& db, std::int64_t key, const SearchEntry& entry, bool open) {
    auto old = db.query("SELECT title, description, symptoms, resolution, is_open::int FROM ticket_search WHERE key = $1",
                        {integer(key)});
    if (!old) return old.error();
    const bool present = old->size() == 1;
    if (present && old->text(0, 0) == entry.title && old->text(0, 1) == entry.description &&
        old->text(0, 2) == entry.symptoms && old->text(0, 3) == entry.resolution) {
        if ((old->integer(0, 4) != 0) == open) return {};
        auto flag = db.query("UPDATE ticket_search SET is_open = $2 WHERE key = $1", {integer(key), text(open ? "true" : "false")});
        if (!flag) return flag.error();
        return {};
    }
    auto up = db.query("INSERT INTO ticket_search (key, ticket_id, title, description, symptoms, resolution, is_open)"
                       " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO UPDATE SET ticket_id = $2, title = $3,"
                       " description = $4, symptoms = $5, resolution = $6, is_open = $7",
                       {integer(key), text(entry.ticket_id), text(entry.title), text(entry.description),
                        text(entry.symptoms), text(entry.resolution), text(open ? "true" : "false")});
    if (!up) return up.error();
    if (present) {
        auto clear = db.query("DELETE FROM ticket_words WHERE key = $1", {integer(key)});
        if (!clear) return clear.error();
    }
    std::vector<std::string> words = search_words(entry.title + ' ' + entry.description + ' ' + entry.symptoms + ' ' +
                                                  entry.resolution);
    if (words.empty()) return {};
    auto add = db.query("INSERT INTO ticket_words (word, key) SELECT unnest($1::text[]), $2", {pg::text_array(words), integer(key)});
    if (!add) return add.error();
    return {};
}

/// A similar-incident search reads at most this many matches, the newest that pass its filters
/// (as store_tickets.cpp's kSimilarPool), and ranks them by words.
constexpr int kSimilarPool = 50;

}  // namespace

Status pg::index_ticket_for_search(pg::Connection& db, const Ticket& t) {
    return sync_search_entry(db, search_key(t.id), search_entry_of(t), is_open(t.status));
}

Result<TicketId> PgStore::allocate_id(TicketType type) {
    // The row lock of the upsert orders concurrent allocations, in this process or another: each
    // number is handed out once and none is skipped unless its transaction rolls back.
    auto rows = db_->query("INSERT INTO ticket_sequences (type, last) VALUES ($1, 1) ON CONFLICT (type)"
                           " DO UPDATE SET last = ticket_sequences.last + 1 RETURNING last",
                           {text(std::string(to_string(type)))});
    if (!rows) return rows.error();
    if (rows->size() != 1) return make_error(Errc::storage, "ticket sequence did not advance");
    return TicketId{type, rows->integer(0, 0)};
}

Status PgStore::save_ticket(const Ticket& t) {
    if (auto ok = validate_for_storage(t); !ok) return ok;
    return in_transaction([&]() -> Status {
        // The metric columns keep the first claim and resolution and the labels the ticket had
        // when it left the diagnosis: what /metrics counted once is never taken back.
        auto up = db_->query(
            "INSERT INTO tickets (id, type, number, status, category, priority, tier, requester_platform,"
            " requester_user, assignee, parent, reported_at, updated_at, record, claimed_at, claim_priority,"
            " resolved_at, resolve_priority, bot_resolved, opened_category, opened_priority)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, extract(epoch FROM now())::bigint, $13,"
            " $14::bigint, CASE WHEN $14::bigint IS NULL THEN NULL ELSE $6 END, $15::bigint,"
            " CASE WHEN $15::bigint IS NULL THEN NULL ELSE $6 END, $16::int,"
            " CASE WHEN $17::boolean THEN $5 ELSE '' END, CASE WHEN $17::boolean THEN $6 ELSE '' END)"
            " ON CONFLICT (id) DO UPDATE SET status = $4, category = $5, priority = $6, tier = $7,"
            " assignee = $10, parent = $11, updated_at = extract(epoch FROM now())::bigint, record = $13,"
            " claimed_at = COALESCE(tickets.claimed_at, $14::bigint),"
            " claim_priority = COALESCE(tickets.claim_priority, CASE WHEN $14::bigint IS NULL THEN NULL ELSE $6 END),"
            " resolved_at = COALESCE(tickets.resolved_at, $15::bigint),"
            " resolve_priority = COALESCE(tickets.resolve_priority, CASE WHEN $15::bigint IS NULL THEN NULL ELSE $6 END),"
            " bot_resolved = GREATEST(tickets.bot_resolved, $16::int),"
            " opened_category = CASE WHEN tickets.opened_priority = '' AND $17::boolean THEN $5 ELSE tickets.opened_category END,"
            " opened_priority = CASE WHEN tickets.opened_priority = '' AND $17::boolean THEN $6 ELSE tickets.opened_priority END",
            {text(t.id.str()), text(std::string(to_string(t.type))), integer(static_cast<std::int64_t>(t.id.number())),
             text(std::string(to_string(t.status))), text(t.category), text(std::string(to_string(t.priority))),
             text(std::string(to_string(t.tier))), text(t.requester.identity.platform), text(t.requester.identity.user_id),
             text(t.assignee), t.parent ? text(t.parent->str()) : pg::null(), integer(to_unix(t.reported_at)),
             text(ticket_to_json(t).dump()), t.claimed_at ? integer(to_unix(*t.claimed_at)) : pg::null(),
             t.resolved_at ? integer(to_unix(*t.resolved_at)) : pg::null(),
             // Closed at L1 with no human: the bot's own resolution.
             integer(t.status == TicketStatus::closed && t.first_contact_resolution ? 1 : 0),
             text(t.status == TicketStatus::new_ || t.status == TicketStatus::in_diagnosis ? "false" : "true")});
        if (!up) return up.error();
        return sync_search_entry(*db_, search_key(t.id), search_entry_of(t), is_open(t.status));
    });
}

Result<std::optional<Ticket>> PgStore::find_ticket(const TicketId& id) {
    auto rows = db_->query("SELECT record FROM tickets WHERE id = $1", {text(id.str())});
    if (!rows) return rows.error();
    auto tickets = read_tickets(*rows);
    if (!tickets) return tickets.error();
    if (tickets->empty()) return std::optional<Ticket>{};
    return std::optional<Ticket>{std::move(tickets->front())};
}

Result<std::vector<Ticket>> PgStore::list_tickets(const TicketFilter& f) {
    std::vector<pg::Param> params;
    auto param = [&](pg::Param p) {
        params.push_back(std::move(p));
        return "$" + std::to_string(params.size());
    };
    std::string sql = "SELECT record FROM tickets WHERE true";
    if (f.status) sql += " AND status = " + param(text(std::string(to_string(*f.status))));
    if (!f.any_status.empty()) {
        std::vector<std::string> statuses;
        for (auto s : f.any_status) statuses.emplace_back(to_string(s));
        sql += " AND status = ANY(" + param(pg::text_array(statuses)) + "::text[])";
    }
    if (f.requester) {
        // A requester's tickets are their person's: those of every identity linked to them.
        auto ids = db_->query("SELECT o.platform, o.user_id FROM identities me JOIN identities o ON o.person_id = me.person_id"
                              " WHERE me.platform = $1 AND me.user_id = $2",
                              {text(f.requester->platform), text(f.requester->user_id)});
        if (!ids) return ids.error();
        std::vector<Identity> requesters{*f.requester};
        for (int i = 0; i < ids->size(); ++i) {
            Identity other{ids->text(i, 0), ids->text(i, 1)};
            if (other != *f.requester) requesters.push_back(std::move(other));
        }
        sql += " AND (";
        for (std::size_t i = 0; i < requesters.size(); ++i) {
            sql += (i ? " OR " : "") + std::string("(requester_platform = ") + param(text(requesters[i].platform));
            sql += " AND requester_user = " + param(text(requesters[i].user_id)) + ")";
        }
        sql += ")";
    }
    if (f.open_only) sql += " AND " + open_status_condition();
    sql += " ORDER BY type, number LIMIT " + param(integer(f.limit));
    auto rows = db_->query(sql, params);
    if (!rows) return rows.error();
    return read_tickets(*rows);
}

Result<RequesterTicketCounts> PgStore::count_requester_tickets(const Identity& requester, TimePoint since) {
    // Counted through the requester index: no ticket record is read or parsed.
    auto rows = db_->query("SELECT count(*), coalesce(sum(CASE WHEN " + open_status_condition() +
                               " THEN 1 ELSE 0 END), 0), coalesce(sum(CASE WHEN reported_at > $1 THEN 1 ELSE 0 END), 0)"
                               " FROM tickets WHERE requester_platform = $2 AND requester_user = $3",
                           {integer(to_unix(since)), text(requester.platform), text(requester.user_id)});
    if (!rows) return rows.error();
    return RequesterTicketCounts{rows->integer(0, 0), rows->integer(0, 1), rows->integer(0, 2)};
}

Status PgStore::append_journal(JournalEntry& e) {
    if (auto ok = validate_text(e.details, kMaxFieldBytes, "journal details"); !ok) return ok;
    if (nlohmann::json::parse(e.details, nullptr, false).is_discarded())
        return make_error(Errc::invalid_argument, "journal details must be a JSON object");
    auto rows = db_->query("INSERT INTO journal (ticket_id, actor, at, kind, details) VALUES ($1, $2, $3, $4, $5) RETURNING seq",
                           {text(e.ticket.str()), text(e.actor), integer(to_unix(e.at)), text(e.kind), text(e.details)});
    if (!rows) return rows.error();
    e.seq = rows->integer(0, 0);
    return {};
}

Result<std::vector<JournalEntry>> PgStore::journal_of(const TicketId& id) {
    auto rows = db_->query("SELECT seq, actor, at, kind, details FROM journal WHERE ticket_id = $1 ORDER BY seq", {text(id.str())});
    if (!rows) return rows.error();
    std::vector<JournalEntry> out;
    for (int i = 0; i < rows->size(); ++i)
        out.push_back({rows->integer(i, 0), id, rows->text(i, 1), from_unix(rows->integer(i, 2)), rows->text(i, 3), rows->text(i, 4)});
    return out;
}

Result<std::vector<SimilarTicket>> PgStore::find_similar(const SimilarQuery& sq) {
    const std::vector<std::string> terms = fts_terms(sq.text);
    if (terms.empty()) return std::vector<SimilarTicket>{};
    // The index holds folded words (search_words): the terms are looked up folded the same way.
    std::vector<std::string> folded;
    for (const auto& term : terms)
        for (auto& w : search_words(term)) folded.push_back(std::move(w));
    if (folded.empty()) return std::vector<SimilarTicket>{};
    // Related categories and the affected service widen the category filter (see store_tickets.cpp).
    std::vector<std::string> categories;
    if (!sq.category.empty()) {
        categories.push_back(sq.category);
        categories.insert(categories.end(), sq.related_categories.begin(), sq.related_categories.end());
    }
    const std::string service = sq.category.empty() ? std::string() : ascii_lower(sq.affected_service);
    // Newest first (key order: ticket number) and at most kSimilarPool, as the SQLite search reads
    // its index; those are ranked here by words.
    auto rows = db_->query(
        "SELECT t.id, s.title, t.category, t.status, t.reported_at, s.description, s.symptoms, s.resolution"
        " FROM ticket_search s JOIN tickets t ON t.id = s.ticket_id"
        " WHERE s.key IN (SELECT w.key FROM ticket_words w WHERE w.word = ANY($1::text[]))"
        "   AND (NOT $2::boolean OR (s.is_open AND t.status NOT IN ('resolved', 'closed', 'cancelled')))"
        "   AND (cardinality($3::text[]) = 0 OR t.category = ANY($3::text[])"
        "        OR ($4 <> '' AND lower(coalesce(t.record::jsonb ->> 'affected_service', '')) = $4))"
        "   AND t.id <> $5 AND ($6::bigint IS NULL OR t.reported_at >= $6::bigint)"
        " ORDER BY s.key DESC LIMIT $7",
        {pg::text_array(folded), text(sq.open_only ? "true" : "false"), pg::text_array(categories), text(service),
         text(sq.exclude ? sq.exclude->str() : std::string()), sq.since ? integer(to_unix(*sq.since)) : pg::null(),
         integer(kSimilarPool)});
    if (!rows) return rows.error();
    std::vector<SimilarTicket> found;
    std::vector<std::vector<std::string>> words;
    for (int i = 0; i < rows->size(); ++i) {
        auto id = TicketId::parse(rows->text(i, 0));
        auto status = parse_status(rows->text(i, 3));
        if (!id || !status) return make_error(Errc::storage, "similar search: corrupt ticket row");
        found.push_back({*id, rows->text(i, 1), rows->text(i, 2), *status, from_unix(rows->integer(i, 4)), 0.0});
        words.push_back({found.back().title, rows->text(i, 5), rows->text(i, 6), rows->text(i, 7)});
    }
    // The same ranking as the SQLite store: a word in the title says more than one in the symptoms.
    const auto scores = rank_bm25(terms, words, {10.0, 5.0, 3.0, 1.0});
    for (std::size_t i = 0; i < found.size(); ++i) found[i].score = scores[i];
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.score < b.score; });
    const auto limit = static_cast<std::size_t>(std::max(sq.limit, 0));
    if (found.size() > limit) found.resize(limit);
    return found;
}

}  // namespace frontline
