#include "core/store/conversation_line_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/sqlite_parts.hpp"

namespace frontline {

Result<AppendedLine> SqliteConversationLineStore::append(const std::string& conversation, const std::string& line_id,
                                                   const std::string& entry, TimePoint at) {
    return sql_guard("conversation line append", [&]() -> Result<AppendedLine> {
        AppendedLine out;
        {
            auto existing = store_.statement(
                "SELECT seq, entry FROM conversation_lines WHERE conversation = ? AND line_id = ?");
            existing->bind(1, conversation);
            existing->bind(2, line_id);
            if (existing->executeStep()) {
                out.line = {existing->getColumn(0).getInt64(), line_id, existing->getColumn(1).getString()};
                return out;
            }
        }
        // MAX over the primary key's prefix is one index look-up; the caller's transaction keeps a
        // concurrent writer from taking the same seq.
        std::int64_t seq = 1;
        {
            auto last = store_.statement("SELECT MAX(seq) FROM conversation_lines WHERE conversation = ?");
            last->bind(1, conversation);
            if (last->executeStep() && !last->getColumn(0).isNull()) seq = last->getColumn(0).getInt64() + 1;
        }
        auto insert = store_.statement(
            "INSERT INTO conversation_lines (conversation, seq, line_id, entry, created_at) VALUES (?, ?, ?, ?, ?)");
        insert->bind(1, conversation);
        insert->bind(2, static_cast<int64_t>(seq));
        insert->bind(3, line_id);
        insert->bind(4, entry);
        insert->bind(5, static_cast<int64_t>(to_unix(at)));
        insert->exec();
        out.line = {seq, line_id, entry};
        out.added = true;
        return out;
    });
}

Result<std::vector<std::pair<std::string, StoredLine>>> ConversationLineStore::after_each(
    const std::vector<std::pair<std::string, std::int64_t>>& from, std::size_t limit) {
    std::vector<std::pair<std::string, StoredLine>> out;
    for (const auto& [conversation, seq] : from) {
        auto lines = after(conversation, seq, limit);
        if (!lines) return lines.error();
        for (auto& line : *lines) out.emplace_back(conversation, std::move(line));
    }
    return out;
}

Result<std::vector<StoredLine>> SqliteConversationLineStore::after(const std::string& conversation, std::int64_t seq,
                                                             std::size_t limit) {
    return sql_guard("conversation lines after", [&]() -> Result<std::vector<StoredLine>> {
        auto q = store_.statement(
            "SELECT seq, line_id, entry FROM conversation_lines WHERE conversation = ? AND seq > ? ORDER BY seq LIMIT ?");
        q->bind(1, conversation);
        q->bind(2, static_cast<int64_t>(seq));
        q->bind(3, static_cast<int64_t>(limit));
        std::vector<StoredLine> out;
        while (q->executeStep())
            out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(), q->getColumn(2).getString()});
        return out;
    });
}

Result<std::int64_t> SqliteConversationLineStore::last_seq(const std::string& conversation) {
    return sql_guard("conversation last seq", [&]() -> Result<std::int64_t> {
        auto q = store_.statement("SELECT MAX(seq) FROM conversation_lines WHERE conversation = ?");
        q->bind(1, conversation);
        if (!q->executeStep() || q->getColumn(0).isNull()) return std::int64_t{0};
        return q->getColumn(0).getInt64();
    });
}

Result<std::size_t> SqliteConversationLineStore::prune(TimePoint cutoff, std::size_t limit) {
    return sql_guard("conversation lines prune", [&]() -> Result<std::size_t> {
        // In chunks of `limit`: the first prune of a large history must not hold the store thread
        // (and every conversation's commits) for seconds.
        auto q = store_.statement(
            "DELETE FROM conversation_lines WHERE (conversation, seq) IN ("
            "SELECT old.conversation, old.seq FROM conversation_lines AS old WHERE old.created_at < ? AND old.seq < "
            "(SELECT MAX(newest.seq) FROM conversation_lines AS newest WHERE newest.conversation = old.conversation) "
            "LIMIT ?)");
        q->bind(1, static_cast<int64_t>(to_unix(cutoff)));
        q->bind(2, static_cast<int64_t>(limit));
        return static_cast<std::size_t>(q->exec());
    });
}

}  // namespace frontline
