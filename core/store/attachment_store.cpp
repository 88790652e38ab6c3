// The files of tickets and the files held before a ticket exists (AttachmentRepository).
#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/attachment_storage.hpp"
#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_store.hpp"
#include "core/text.hpp"

namespace frontline {
namespace {

Attachment file_from(SQLite::Statement& q, int first) {
    Attachment a;
    a.sha256 = q.getColumn(first).getString();
    a.name = q.getColumn(first + 1).getString();
    a.media_type = q.getColumn(first + 2).getString();
    a.size = static_cast<std::uint64_t>(q.getColumn(first + 3).getInt64());
    a.state = q.getColumn(first + 4).getString();
    return a;
}

}  // namespace

Result<bool> SqliteStore::add_ticket_attachment(TicketAttachment& a) {
    if (auto ok = validate_file_for_storage(a.file); !ok) return ok.error();
    return sql_guard("add ticket attachment", [&]() -> Result<bool> {
        auto ins = statement(
            "INSERT INTO ticket_attachments (ticket_id, sha256, name, media_type, size, state, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id, sha256) DO NOTHING");
        ins->bind(1, a.ticket.str());
        ins->bind(2, a.file.sha256);
        ins->bind(3, a.file.name);
        ins->bind(4, a.file.media_type);
        ins->bind(5, static_cast<std::int64_t>(a.file.size));
        ins->bind(6, a.file.state);
        ins->bind(7, to_unix(a.at));
        if (ins->exec() == 0) return false;
        a.seq = db_->getLastInsertRowid();
        return true;
    });
}

Result<std::vector<TicketAttachment>> SqliteStore::attachments_of(const TicketId& ticket) {
    return sql_guard("read ticket attachments", [&]() -> Result<std::vector<TicketAttachment>> {
        auto q = statement(
            "SELECT seq, at, sha256, name, media_type, size, state FROM ticket_attachments WHERE ticket_id = ? ORDER BY seq");
        q->bind(1, ticket.str());
        std::vector<TicketAttachment> out;
        while (q->executeStep())
            out.push_back({q->getColumn(0).getInt64(), ticket, file_from(*q, 2), from_unix(q->getColumn(1).getInt64())});
        return out;
    });
}

Result<int> SqliteStore::count_attachments(const TicketId& ticket) {
    return sql_guard("count ticket attachments", [&]() -> Result<int> {
        auto q = statement("SELECT count(*) FROM ticket_attachments WHERE ticket_id = ?");
        q->bind(1, ticket.str());
        q->executeStep();
        return q->getColumn(0).getInt();
    });
}

Status SqliteStore::hold_attachment(const Identity& from, const Attachment& a, TimePoint at) {
    if (auto ok = validate_file_for_storage(a); !ok) return ok;
    return sql_guard("hold attachment", [&]() -> Status {
        auto ins = statement(
            "INSERT INTO held_attachments (platform, user_id, sha256, name, media_type, size, state, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, user_id, sha256) DO NOTHING");
        ins->bind(1, from.platform);
        ins->bind(2, from.user_id);
        ins->bind(3, a.sha256);
        ins->bind(4, a.name);
        ins->bind(5, a.media_type);
        ins->bind(6, static_cast<std::int64_t>(a.size));
        ins->bind(7, a.state);
        ins->bind(8, to_unix(at));
        ins->exec();
        return {};
    });
}

Result<std::vector<Attachment>> SqliteStore::take_held_attachments(const Identity& from) {
    return sql_guard("take held attachments", [&]() -> Result<std::vector<Attachment>> {
        auto q = statement(
            "SELECT sha256, name, media_type, size, state FROM held_attachments WHERE platform = ? AND user_id = ? "
            "ORDER BY at, sha256");
        q->bind(1, from.platform);
        q->bind(2, from.user_id);
        std::vector<Attachment> out;
        while (q->executeStep()) out.push_back(file_from(*q, 0));
        if (out.empty()) return out;
        auto del = statement("DELETE FROM held_attachments WHERE platform = ? AND user_id = ?");
        del->bind(1, from.platform);
        del->bind(2, from.user_id);
        del->exec();
        return out;
    });
}

Result<std::set<std::string>> SqliteStore::referenced_files() {
    return sql_guard("list referenced files", [&]() -> Result<std::set<std::string>> {
        auto q = statement("SELECT sha256 FROM ticket_attachments UNION SELECT sha256 FROM held_attachments");
        std::set<std::string> out;
        while (q->executeStep()) out.insert(q->getColumn(0).getString());
        return out;
    });
}

}  // namespace frontline
