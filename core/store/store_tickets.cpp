// Tickets, the journal and the similar-incident search.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/store/fts_query.hpp"
#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_store.hpp"
#include "core/store/ticket_rows.hpp"
#include "core/store/ticket_storage.hpp"
#include "core/text.hpp"
#include "core/ticket_json.hpp"

namespace frontline {
namespace {

/// tickets_fts holds every ticket; tickets_open_fts the open ones (migration 8), same rowids.
enum class SearchIndex { all, open };

/// Makes the index's entry of `key` be `wanted` (none when null). Most saves change the status or
/// the assignee, not the words: the index is left alone then (re-tokenising costs more than the
/// row update itself).
void sync_search_entry(SqliteStore& store, SearchIndex index, std::int64_t key, const SearchEntry* wanted) {
    static const std::string kSelect[] = {
        "SELECT title, description, symptoms, resolution FROM tickets_fts WHERE rowid = ?",
        "SELECT title, description, symptoms, resolution FROM tickets_open_fts WHERE rowid = ?"};
    static const std::string kDelete[] = {"DELETE FROM tickets_fts WHERE rowid = ?",
                                          "DELETE FROM tickets_open_fts WHERE rowid = ?"};
    static const std::string kInsert[] = {
        "INSERT INTO tickets_fts (rowid, ticket_id, title, description, symptoms, resolution) VALUES (?, ?, ?, ?, ?, ?)",
        "INSERT INTO tickets_open_fts (rowid, ticket_id, title, description, symptoms, resolution) VALUES (?, ?, ?, ?, ?, ?)"};
    const auto i = static_cast<std::size_t>(index);
    bool present = false;
    {
        auto old = store.statement(kSelect[i]);
        old->bind(1, key);
        present = old->executeStep();
        if (present && wanted && old->getColumn(0).getString() == wanted->title &&
            old->getColumn(1).getString() == wanted->description && old->getColumn(2).getString() == wanted->symptoms &&
            old->getColumn(3).getString() == wanted->resolution)
            return;
    }
    if (present) {
        auto del = store.statement(kDelete[i]);
        del->bind(1, key);
        del->exec();
    }
    if (!wanted) return;
    auto ins = store.statement(kInsert[i]);
    ins->bind(1, key);
    ins->bind(2, wanted->ticket_id);
    ins->bind(3, wanted->title);
    ins->bind(4, wanted->description);
    ins->bind(5, wanted->symptoms);
    ins->bind(6, wanted->resolution);
    ins->exec();
}

}  // namespace

Result<TicketId> SqliteStore::allocate_id(TicketType type) {
    return sql_guard("allocate ticket id", [&]() -> Result<TicketId> {
        const std::string key(to_string(type));
        auto up = statement("INSERT INTO ticket_sequences (type, last) VALUES (?, 1) "
                            "ON CONFLICT (type) DO UPDATE SET last = last + 1 RETURNING last");
        up->bind(1, key);
        if (!up->executeStep()) return make_error(Errc::storage, "ticket sequence did not advance");
        return TicketId{type, up->getColumn(0).getInt64()};
    });
}

Status SqliteStore::save_ticket(const Ticket& t) {
    if (auto ok = validate_for_storage(t); !ok) return ok;
    return in_transaction([&]() -> Status {
        // The metric columns (the "ticket metrics" migration) keep the first claim and resolution, and the labels the
        // ticket had when it left the diagnosis (?17: it is out of it now): what /metrics counted
        // once is never taken back.
        auto up = statement("INSERT INTO tickets (id, type, number, status, category, priority, tier, requester_platform,"
                            " requester_user, assignee, parent, reported_at, updated_at, record, claimed_at, claim_priority,"
                            " resolved_at, resolve_priority, bot_resolved, opened_category, opened_priority)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, strftime('%s','now'), ?13, ?14,"
                            " CASE WHEN ?14 IS NULL THEN NULL ELSE ?6 END, ?15, CASE WHEN ?15 IS NULL THEN NULL ELSE ?6 END, ?16,"
                            " CASE WHEN ?17 THEN ?5 ELSE '' END, CASE WHEN ?17 THEN ?6 ELSE '' END)"
                            " ON CONFLICT (id) DO UPDATE SET status = ?4, category = ?5, priority = ?6, tier = ?7,"
                            " assignee = ?10, parent = ?11, updated_at = strftime('%s','now'), record = ?13,"
                            " claimed_at = COALESCE(tickets.claimed_at, ?14),"
                            " claim_priority = COALESCE(tickets.claim_priority, CASE WHEN ?14 IS NULL THEN NULL ELSE ?6 END),"
                            " resolved_at = COALESCE(tickets.resolved_at, ?15),"
                            " resolve_priority = COALESCE(tickets.resolve_priority, CASE WHEN ?15 IS NULL THEN NULL ELSE ?6 END),"
                            " bot_resolved = MAX(tickets.bot_resolved, ?16),"
                            " opened_category = CASE WHEN tickets.opened_priority = '' AND ?17 THEN ?5 ELSE tickets.opened_category END,"
                            " opened_priority = CASE WHEN tickets.opened_priority = '' AND ?17 THEN ?6 ELSE tickets.opened_priority END");
        up->bind(1, t.id.str());
        up->bind(2, std::string(to_string(t.type)));
        up->bind(3, static_cast<int64_t>(t.id.number()));
        up->bind(4, std::string(to_string(t.status)));
        up->bind(5, t.category);
        up->bind(6, std::string(to_string(t.priority)));
        up->bind(7, std::string(to_string(t.tier)));
        up->bind(8, t.requester.identity.platform);
        up->bind(9, t.requester.identity.user_id);
        up->bind(10, t.assignee);
        if (t.parent) up->bind(11, t.parent->str());
        else up->bind(11);
        up->bind(12, to_unix(t.reported_at));
        up->bind(13, ticket_to_json(t).dump());
        if (t.claimed_at) up->bind(14, to_unix(*t.claimed_at));
        else up->bind(14);
        if (t.resolved_at) up->bind(15, to_unix(*t.resolved_at));
        else up->bind(15);
        // Closed at L1 with no human: the bot's own resolution, confirmed or closed after the quiet period.
        up->bind(16, t.status == TicketStatus::closed && t.first_contact_resolution ? 1 : 0);
        up->bind(17, t.status == TicketStatus::new_ || t.status == TicketStatus::in_diagnosis ? 0 : 1);
        up->exec();

        // Without the answers while in diagnosis (search_entry_of): not two search entries (and their
        // index pages in the WAL) rewritten on every turn.
        const SearchEntry entry = search_entry_of(t);
        sync_search_entry(*this, SearchIndex::all, search_key(t.id), &entry);
        sync_search_entry(*this, SearchIndex::open, search_key(t.id), is_open(t.status) ? &entry : nullptr);
        return {};
    });
}

Result<std::optional<Ticket>> SqliteStore::find_ticket(const TicketId& id) {
    return sql_guard("find ticket", [&]() -> Result<std::optional<Ticket>> {
        auto q = statement("SELECT record FROM tickets WHERE id = ?");
        q->bind(1, id.str());
        if (!q->executeStep()) return std::optional<Ticket>{};
        auto t = ticket_of_row(*q);
        if (!t) return t.error();
        return std::optional<Ticket>{std::move(*t)};
    });
}

Result<std::vector<Ticket>> SqliteStore::list_tickets(const TicketFilter& f) {
    return sql_guard("list tickets", [&]() -> Result<std::vector<Ticket>> {
        std::string sql = "SELECT record FROM tickets WHERE 1 = 1";
        if (f.status) sql += " AND status = :status";
        if (!f.any_status.empty()) {
            sql += " AND status IN (";
            for (std::size_t i = 0; i < f.any_status.size(); ++i) sql += (i ? ", :s" : ":s") + std::to_string(i);
            sql += ")";
        }
        // A requester's tickets are their person's: those of every identity linked to them, each
        // found through the requester index (one OR term per identity; one identity for most people).
        std::vector<Identity> requesters;
        if (f.requester) {
            requesters.push_back(*f.requester);
            auto ids = statement("SELECT o.platform, o.user_id FROM identities me JOIN identities o ON o.person_id = me.person_id"
                                 " WHERE me.platform = ? AND me.user_id = ? ORDER BY o.platform, o.user_id");
            ids->bind(1, f.requester->platform);
            ids->bind(2, f.requester->user_id);
            while (ids->executeStep()) {
                Identity other{ids->getColumn(0).getString(), ids->getColumn(1).getString()};
                if (other != *f.requester) requesters.push_back(std::move(other));
            }
            sql += " AND (";
            for (std::size_t i = 0; i < requesters.size(); ++i)
                sql += (i ? " OR " : "") + std::string("(requester_platform = :platform") + std::to_string(i) +
                       " AND requester_user = :user" + std::to_string(i) + ")";
            sql += ")";
        }
        if (f.open_only) sql += " AND " + open_status_condition();
        sql += " ORDER BY type, number LIMIT :limit";
        auto q = statement(sql);
        if (f.status) q->bind(":status", std::string(to_string(*f.status)));
        for (std::size_t i = 0; i < f.any_status.size(); ++i)
            q->bind(":s" + std::to_string(i), std::string(to_string(f.any_status[i])));
        for (std::size_t i = 0; i < requesters.size(); ++i) {
            q->bind(":platform" + std::to_string(i), requesters[i].platform);
            q->bind(":user" + std::to_string(i), requesters[i].user_id);
        }
        q->bind(":limit", f.limit);
        return read_tickets(*q);
    });
}

Result<RequesterTicketCounts> SqliteStore::count_requester_tickets(const Identity& requester, TimePoint since) {
    return sql_guard("count a requester's tickets", [&]() -> Result<RequesterTicketCounts> {
        // Counted through the requester index: no ticket record is read or parsed.
        auto q = statement("SELECT count(*), coalesce(sum(CASE WHEN " + open_status_condition() +
                           " THEN 1 ELSE 0 END), 0), coalesce(sum(CASE WHEN reported_at > ? THEN 1 ELSE 0 END), 0)"
                           " FROM tickets WHERE requester_platform = ? AND requester_user = ?");
        q->bind(1, to_unix(since));
        q->bind(2, requester.platform);
        q->bind(3, requester.user_id);
        RequesterTicketCounts c;
        if (q->executeStep()) {
            c.total = q->getColumn(0).getInt64();
            c.open = q->getColumn(1).getInt64();
            c.reported_since = q->getColumn(2).getInt64();
        }
        return c;
    });
}

Status SqliteStore::append_journal(JournalEntry& e) {
    if (auto ok = validate_text(e.details, kMaxFieldBytes, "journal details"); !ok) return ok;
    if (nlohmann::json::parse(e.details, nullptr, false).is_discarded())
        return make_error(Errc::invalid_argument, "journal details must be a JSON object");
    return sql_guard("append journal", [&]() -> Status {
        auto ins = statement("INSERT INTO journal (ticket_id, actor, at, kind, details) VALUES (?, ?, ?, ?, ?)");
        ins->bind(1, e.ticket.str());
        ins->bind(2, e.actor);
        ins->bind(3, to_unix(e.at));
        ins->bind(4, e.kind);
        ins->bind(5, e.details);
        ins->exec();
        e.seq = db_->getLastInsertRowid();
        return {};
    });
}

Result<std::vector<JournalEntry>> SqliteStore::journal_of(const TicketId& id) {
    return sql_guard("read journal", [&]() -> Result<std::vector<JournalEntry>> {
        auto q = statement("SELECT seq, actor, at, kind, details FROM journal WHERE ticket_id = ? ORDER BY seq");
        q->bind(1, id.str());
        std::vector<JournalEntry> out;
        while (q->executeStep())
            out.push_back({q->getColumn(0).getInt64(), id, q->getColumn(1).getString(), from_unix(q->getColumn(2).getInt64()),
                           q->getColumn(3).getString(), q->getColumn(4).getString()});
        return out;
    });
}

namespace {
/// The newest matches that pass a similar-incident search's filters, ranked by words (see below).
constexpr std::size_t kSimilarPool = 50;
}  // namespace

Result<std::vector<SimilarTicket>> SqliteStore::find_similar(const SimilarQuery& sq) {
    const std::vector<std::string> terms = fts_terms(sq.text);
    const std::string match = fts_match_expression(sq.text);
    if (match.empty()) return std::vector<SimilarTicket>{};
    return sql_guard("similar search", [&]() -> Result<std::vector<SimilarTicket>> {
        // An open-only search reads the open tickets' index: the working set, whatever the size of
        // the history. The index hands its matches newest first (key order: ticket number), each is
        // looked up and filtered as it comes, and the scan stops at the kSimilarPool-th that
        // passes, or at the first reported before `since` (numbers are given out as tickets are
        // reported, so all after it are older); those are ranked here by words. FTS5's bm25() ranks
        // every match, and first counts each term's matches in the whole index: in an outage every
        // open ticket of the category matches, and the search grew with them (a third of a batch's
        // CPU with 2,000 open reports of one Wi-Fi problem). The price: only the newest
        // kSimilarPool tickets that pass the filters are ranked.
        static const auto sql = [](const char* index) {
            return std::string("SELECT t.id, f.title, t.category, t.status, t.reported_at, f.description, f.symptoms,"
                               " f.resolution, json_extract(t.record, '$.affected_service') FROM ") + index + " f JOIN tickets t ON t.id = f.ticket_id"
                   " WHERE " + index + " MATCH :match AND (:category = '' OR t.category = :category)"
                   "   AND (:open_only = 0 OR t.status NOT IN ('resolved', 'closed', 'cancelled'))"
                   "   AND t.id != :exclude ORDER BY f.rowid DESC";
        };
        static const std::string kAll = sql("tickets_fts"), kOpen = sql("tickets_open_fts");
        auto q = statement(sq.open_only ? kOpen : kAll);
        q->bind(":match", match);
        // Related categories and the affected service are filtered below, as the matches come: the
        // index is then read for any category.
        const bool related = !sq.category.empty() && (!sq.related_categories.empty() || !sq.affected_service.empty());
        q->bind(":category", related ? std::string() : sq.category);
        q->bind(":open_only", sq.open_only ? 1 : 0);
        q->bind(":exclude", sq.exclude ? sq.exclude->str() : std::string{});
        std::vector<SimilarTicket> found;
        std::vector<std::vector<std::string>> words;
        while (found.size() < kSimilarPool && q->executeStep()) {
            const TimePoint reported = from_unix(q->getColumn(4).getInt64());
            if (sq.since && reported < *sq.since) break;
            if (related) {
                const std::string category = q->getColumn(2).getString();
                const bool same_service = !sq.affected_service.empty() && q->getColumn(8).isText() &&
                                          ascii_lower(q->getColumn(8).getString()) == ascii_lower(sq.affected_service);
                if (category != sq.category && !same_service &&
                    std::find(sq.related_categories.begin(), sq.related_categories.end(), category) == sq.related_categories.end())
                    continue;
            }
            auto id = TicketId::parse(q->getColumn(0).getString());
            auto status = parse_status(q->getColumn(3).getString());
            if (!id || !status) return make_error(Errc::storage, "similar search: corrupt ticket row");
            found.push_back({*id, q->getColumn(1).getString(), q->getColumn(2).getString(), *status, reported, 0.0});
            words.push_back({found.back().title, q->getColumn(5).getString(), q->getColumn(6).getString(),
                             q->getColumn(7).getString()});
        }
        // Column weights: a word in the title says more than one in the symptoms.
        const auto scores = rank_bm25(terms, words, {10.0, 5.0, 3.0, 1.0});
        for (std::size_t i = 0; i < found.size(); ++i) found[i].score = scores[i];
        // Ties (the same words) go to the newest, as the index handed them.
        std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.score < b.score; });
        const auto limit = static_cast<std::size_t>(std::max(sq.limit, 0));
        if (found.size() > limit) found.resize(limit);
        return found;
    });
}

}  // namespace frontline
