// The files of tickets and the files held before a ticket exists, on PostgreSQL
// (attachment_store.cpp). Each write is one statement decided by a unique key, so two processes
// adding or taking the same file at once get what SQLite's one writer gives.
#include "core/store/attachment_storage.hpp"
#include "core/store/pg/pg_store.hpp"
#include "core/store/unix_time.hpp"
#include "core/text.hpp"

namespace frontline {
namespace {

using pg::integer;
using pg::text;

Attachment file_from(const pg::Rows& q, int row, int first) {
    Attachment a;
    a.sha256 = q.text(row, first);
    a.name = q.text(row, first + 1);
    a.media_type = q.text(row, first + 2);
    a.size = static_cast<std::uint64_t>(q.integer(row, first + 3));
    a.state = q.text(row, first + 4);
    return a;
}

}  // namespace

Result<bool> PgStore::add_ticket_attachment(TicketAttachment& a) {
    if (auto ok = validate_file_for_storage(a.file); !ok) return ok.error();
    // A racing process's uncommitted row with the same key is waited for; then one of the two
    // inserted and the other inserted nothing.
    auto ins = db_->query("INSERT INTO ticket_attachments (ticket_id, sha256, name, media_type, size, state, at)"
                          " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (ticket_id, sha256) DO NOTHING RETURNING seq",
                          {text(a.ticket.str()), text(a.file.sha256), text(a.file.name), text(a.file.media_type),
                           integer(static_cast<std::int64_t>(a.file.size)), text(a.file.state), integer(to_unix(a.at))});
    if (!ins) return ins.error();
    if (ins->empty()) return false;
    a.seq = ins->integer(0, 0);
    return true;
}

Result<std::vector<TicketAttachment>> PgStore::attachments_of(const TicketId& ticket) {
    auto q = db_->query("SELECT seq, at, sha256, name, media_type, size, state FROM ticket_attachments WHERE ticket_id = $1"
                        " ORDER BY seq",
                        {text(ticket.str())});
    if (!q) return q.error();
    std::vector<TicketAttachment> out;
    for (int i = 0; i < q->size(); ++i) out.push_back({q->integer(i, 0), ticket, file_from(*q, i, 2), from_unix(q->integer(i, 1))});
    return out;
}

Result<int> PgStore::count_attachments(const TicketId& ticket) {
    auto q = db_->query("SELECT count(*) FROM ticket_attachments WHERE ticket_id = $1", {text(ticket.str())});
    if (!q) return q.error();
    return static_cast<int>(q->integer(0, 0));
}

Status PgStore::hold_attachment(const Identity& from, const Attachment& a, TimePoint at) {
    if (auto ok = validate_file_for_storage(a); !ok) return ok;
    auto ins = db_->query("INSERT INTO held_attachments (platform, user_id, sha256, name, media_type, size, state, at)"
                          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (platform, user_id, sha256) DO NOTHING",
                          {text(from.platform), text(from.user_id), text(a.sha256), text(a.name), text(a.media_type),
                           integer(static_cast<std::int64_t>(a.size)), text(a.state), integer(to_unix(at))});
    if (!ins) return ins.error();
    return {};
}

Result<std::vector<Attachment>> PgStore::take_held_attachments(const Identity& from) {
    // Taken and removed in one statement under the rows' locks: of two processes taking at once, one
    // gets the files and the other, once the first commits, none. COLLATE "C" orders the hex names
    // bytewise, as SQLite does.
    auto q = db_->query("WITH taken AS (DELETE FROM held_attachments WHERE platform = $1 AND user_id = $2"
                        " RETURNING sha256, name, media_type, size, state, at)"
                        " SELECT sha256, name, media_type, size, state FROM taken ORDER BY at, sha256 COLLATE \"C\"",
                        {text(from.platform), text(from.user_id)});
    if (!q) return q.error();
    std::vector<Attachment> out;
    for (int i = 0; i < q->size(); ++i) out.push_back(file_from(*q, i, 0));
    return out;
}

Result<std::set<std::string>> PgStore::referenced_files() {
    auto q = db_->query("SELECT sha256 FROM ticket_attachments UNION SELECT sha256 FROM held_attachments");
    if (!q) return q.error();
    std::set<std::string> out;
    for (int i = 0; i < q->size(); ++i) out.insert(q->text(i, 0));
    return out;
}

}  // namespace frontline
