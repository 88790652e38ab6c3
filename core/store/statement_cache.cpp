#include "core/store/statement_cache.hpp"

namespace frontline {

StatementLease::~StatementLease() {
    if (!statement_) return;  // moved from
    // Never throws: a failed step's error was reported by that step; reset only rewinds.
    (void)statement_->tryReset();
    try {
        statement_->clearBindings();  // sqlite3_clear_bindings: SQLITE_OK always
        home_->push_back(std::move(statement_));
    } catch (...) {
        // Out of memory growing the idle list: the statement is finalized instead of cached.
    }
}

StatementLease StatementCache::get(std::string_view sql) {
    auto it = idle_.find(sql);
    if (it == idle_.end()) it = idle_.emplace(std::string(sql), StatementLease::Idle{}).first;
    StatementLease::Idle& idle = it->second;
    if (!idle.empty()) {
        auto statement = std::move(idle.back());
        idle.pop_back();
        return StatementLease(idle, std::move(statement));
    }
    auto statement = std::make_unique<SQLite::Statement>(db_, std::string(sql));
    ++prepared_;
    return StatementLease(idle, std::move(statement));
}

}  // namespace frontline
