#include "core/store/runtime_stats.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/sql_guard.hpp"
#include "core/store/statement_cache.hpp"
#include "core/store/store.hpp"

namespace frontline {

Result<std::vector<TicketCount>> count_tickets_by_status(Store& store) {
    return sql_guard("ticket counts", [&]() -> Result<std::vector<TicketCount>> {
        auto q = store.statement("SELECT status, priority, COUNT(*) FROM tickets GROUP BY status, priority");
        std::vector<TicketCount> out;
        while (q->executeStep())
            out.push_back(TicketCount{q->getColumn(0).getString(), q->getColumn(1).getString(),
                                      static_cast<long long>(q->getColumn(2).getInt64())});
        return out;
    });
}

}  // namespace frontline
