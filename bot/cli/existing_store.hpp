#pragma once
// The store as the read-only commands (tickets, ticket, outbox) open it: an existing database
// only. A mistyped --db or store.path must be an error, never a new empty file that answers
// "no tickets".
#include <memory>

#include "bot/config/config.hpp"
#include "core/store/store.hpp"

namespace frontline {

/// Opens the configured store: with SQLite, not_found naming store.path when no such file exists.
Result<std::unique_ptr<Store>> open_existing_store(const Config& config);

}  // namespace frontline
