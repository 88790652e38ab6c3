// Conversation history on PostgreSQL. Several processes append to one conversation (a user's page
// reconnects through another process): each append takes a transaction-scoped advisory lock on the
// conversation before it reads the highest seq, so two appends get consecutive seqs and never the
// same one; the unique line_id keeps a redelivered line once.
#include <string>

#include "core/store/pg/pg_parts.hpp"
#include "core/store/unix_time.hpp"

namespace frontline {
namespace {

using pg::integer;
using pg::text;

/// The first key of the two-int advisory lock of a conversation's numbering ("flln"); the second
/// is hashtext(conversation). A hash collision only makes two conversations take turns.
constexpr std::int32_t kLineLockSpace = 0x666c6c6e;

/// A bigint[] parameter: the array literal of `items`.
pg::Param bigint_array(const std::vector<std::int64_t>& items) {
    std::string out = "{";
    for (std::int64_t v : items) {
        if (out.size() > 1) out += ',';
        out += std::to_string(v);
    }
    return out + "}";
}

}  // namespace

Result<AppendedLine> PgConversationLineStore::append(const std::string& conversation, const std::string& line_id,
                                                     const std::string& entry, TimePoint at) {
    AppendedLine out;
    auto locked_append = [&]() -> Status {
        // The lock is taken in its own statement: the read below then starts after the previous
        // holder committed and sees its line (READ COMMITTED takes a snapshot per statement).
        auto lock = db_.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2))",
                              {integer(kLineLockSpace), text(conversation)});
        if (!lock) return lock.error();
        // MAX over the primary key's prefix is one index look-up; a line_id already stored inserts
        // nothing and leaves its line as it is.
        auto insert = db_.query(
            "INSERT INTO conversation_lines (conversation, seq, line_id, entry, created_at)"
            " SELECT $1::text, COALESCE(MAX(seq), 0) + 1, $2::text, $3::text, $4::bigint FROM conversation_lines"
            " WHERE conversation = $1::text"
            " ON CONFLICT (conversation, line_id) DO NOTHING RETURNING seq",
            {text(conversation), text(line_id), text(entry), integer(to_unix(at))});
        if (!insert) return insert.error();
        if (!insert->empty()) {
            out.line = {insert->integer(0, 0), line_id, entry};
            out.added = true;
            return {};
        }
        auto existing = db_.query("SELECT seq, entry FROM conversation_lines WHERE conversation = $1 AND line_id = $2",
                                  {text(conversation), text(line_id)});
        if (!existing) return existing.error();
        if (existing->empty()) return make_error(Errc::storage, "conversation line append: the stored line vanished");
        out.line = {existing->integer(0, 0), line_id, existing->text(0, 1)};
        return {};
    };
    // Inside the caller's transaction the lock lasts until it ends; alone, the append is its own
    // transaction (an advisory xact lock outside one would end with its statement).
    Status done = db_.inside_transaction() ? locked_append() : db_.in_transaction(locked_append);
    if (!done) return done.error();
    return out;
}

Result<std::vector<StoredLine>> PgConversationLineStore::after(const std::string& conversation, std::int64_t seq,
                                                               std::size_t limit) {
    auto q = db_.query("SELECT seq, line_id, entry FROM conversation_lines WHERE conversation = $1 AND seq > $2"
                       " ORDER BY seq LIMIT $3",
                       {text(conversation), integer(seq), integer(static_cast<std::int64_t>(limit))});
    if (!q) return q.error();
    std::vector<StoredLine> out;
    for (int i = 0; i < q->size(); ++i) out.push_back({q->integer(i, 0), q->text(i, 1), q->text(i, 2)});
    return out;
}

Result<std::vector<std::pair<std::string, StoredLine>>> PgConversationLineStore::after_each(
    const std::vector<std::pair<std::string, std::int64_t>>& from, std::size_t limit) {
    std::vector<std::pair<std::string, StoredLine>> out;
    if (from.empty()) return out;
    std::vector<std::string> conversations;
    std::vector<std::int64_t> seqs;
    for (const auto& [conversation, seq] : from) {
        conversations.push_back(conversation);
        seqs.push_back(seq);
    }
    // One round trip for every followed conversation, in the order asked, each conversation's lines
    // numbered by ROW_NUMBER and cut at `limit`; the join walks the primary key per conversation.
    auto q = db_.query(
        "SELECT conversation, seq, line_id, entry FROM ("
        " SELECT f.ord, f.conversation, l.seq, l.line_id, l.entry,"
        "  ROW_NUMBER() OVER (PARTITION BY f.ord ORDER BY l.seq) AS n"
        " FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS f(conversation, after_seq, ord)"
        " JOIN conversation_lines l ON l.conversation = f.conversation AND l.seq > f.after_seq) AS numbered"
        " WHERE n <= $3 ORDER BY ord, seq",
        {pg::text_array(conversations), bigint_array(seqs), integer(static_cast<std::int64_t>(limit))});
    if (!q) return q.error();
    for (int i = 0; i < q->size(); ++i)
        out.emplace_back(q->text(i, 0), StoredLine{q->integer(i, 1), q->text(i, 2), q->text(i, 3)});
    return out;
}

Result<std::int64_t> PgConversationLineStore::last_seq(const std::string& conversation) {
    auto q = db_.query("SELECT MAX(seq) FROM conversation_lines WHERE conversation = $1", {text(conversation)});
    if (!q) return q.error();
    if (q->empty() || q->null(0, 0)) return std::int64_t{0};
    return q->integer(0, 0);
}

Result<std::size_t> PgConversationLineStore::prune(TimePoint cutoff, std::size_t limit) {
    // In chunks of `limit` (DELETE has no LIMIT: the chunk is chosen by the subquery), and never a
    // conversation's newest line: it carries the numbering on.
    auto q = db_.query(
        "DELETE FROM conversation_lines WHERE (conversation, seq) IN ("
        "SELECT old.conversation, old.seq FROM conversation_lines AS old WHERE old.created_at < $1 AND old.seq < "
        "(SELECT MAX(newest.seq) FROM conversation_lines AS newest WHERE newest.conversation = old.conversation) "
        "LIMIT $2)",
        {integer(to_unix(cutoff)), integer(static_cast<std::int64_t>(limit))});
    if (!q) return q.error();
    return static_cast<std::size_t>(q->affected());
}

}  // namespace frontline
