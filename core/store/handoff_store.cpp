#include "core/store/handoff_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <nlohmann/json.hpp>

#include "core/store/sql_guard.hpp"
#include "core/ticket_json.hpp"

namespace frontline {

Result<std::optional<TicketId>> HandoffStore::ticket_of_message(const std::string& platform,
                                                                const std::string& conversation_id,
                                                                const std::string& platform_message_id) {
    return sql_guard("find the ticket of a message", [&]() -> Result<std::optional<TicketId>> {
        SQLite::Statement q(store_.db(),
                            "SELECT message_key FROM outbox WHERE platform = ?1 AND conversation = ?2"
                            // Adapters may keep "<conversation>:<id>" (Slack: channel:ts) while the
                            // thread key of an inbound message is the bare id.
                            " AND (platform_message_id = ?3 OR platform_message_id = ?2 || ':' || ?3)"
                            " AND message_key IS NOT NULL ORDER BY id LIMIT 1");
        q.bind(1, platform);
        q.bind(2, conversation_id);
        q.bind(3, platform_message_id);
        if (!q.executeStep()) return std::optional<TicketId>{};
        return handoff::ticket_of_message_key(q.getColumn(0).getString());
    });
}

Result<std::optional<std::string>> HandoffStore::platform_id_of(const std::string& message_key) {
    return sql_guard("find a message's platform id", [&]() -> Result<std::optional<std::string>> {
        SQLite::Statement q(store_.db(),
                            "SELECT platform_message_id FROM outbox WHERE message_key = ?"
                            " AND platform_message_id IS NOT NULL AND platform_message_id <> '' ORDER BY id LIMIT 1");
        q.bind(1, message_key);
        if (!q.executeStep()) return std::optional<std::string>{};
        return std::optional<std::string>{q.getColumn(0).getString()};
    });
}

Result<std::vector<Ticket>> HandoffStore::children_of(const TicketId& parent) {
    return sql_guard("list the children of a major incident", [&]() -> Result<std::vector<Ticket>> {
        SQLite::Statement q(store_.db(), "SELECT record FROM tickets WHERE parent = ? ORDER BY reported_at, number");
        q.bind(1, parent.str());
        std::vector<Ticket> out;
        while (q.executeStep()) {
            auto t = ticket_from_json(nlohmann::json::parse(q.getColumn(0).getString()));
            if (!t) return t.error();
            out.push_back(std::move(*t));
        }
        return out;
    });
}

std::unique_ptr<handoff::HandoffRepository> make_handoff_repository(Repositories& repos) {
    auto* store = dynamic_cast<Store*>(&repos.tickets);
    if (!store) return nullptr;
    return std::make_unique<HandoffStore>(*store);
}

}  // namespace frontline
