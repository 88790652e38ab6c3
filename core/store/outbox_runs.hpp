#pragma once
// For both backends' OutboxStore::ready_among: the rows one batch queued, by conversation.
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/store/outbox_store.hpp"

namespace frontline {

/// The conversations in the order their first row was queued, each with its rows in order.
inline std::vector<std::vector<const OutboxRow*>> conversation_runs(const std::vector<OutboxRow>& queued) {
    std::vector<std::vector<const OutboxRow*>> runs;
    std::map<std::pair<std::string, std::string>, std::size_t> run_of;
    for (const auto& row : queued) {
        auto [it, fresh] = run_of.try_emplace({row.message.to.platform, row.message.to.conversation_id}, runs.size());
        if (fresh) runs.emplace_back();
        runs[it->second].push_back(&row);
    }
    return runs;
}

}  // namespace frontline
