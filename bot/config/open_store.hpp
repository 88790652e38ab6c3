#pragma once
// Opens the store the config names (store_settings.hpp): the SQLite file, created with its folder
// when absent, or the PostgreSQL database, migrated under its advisory lock. Every mode of the
// binary opens its store here, so none of them knows the backend beyond this point.
#include <memory>
#include <string>

#include "bot/config/store_settings.hpp"
#include "core/store/store.hpp"

namespace frontline {

/// This process's name among those sharing a store: host, pid and a random part (a restarted
/// process with a reused pid is still another holder). Names outbox claims and leader leases.
std::string process_holder_name();

/// Where the store is, for logs: the SQLite file, or the PostgreSQL URL (which never holds the
/// password: store_settings refuses one that does).
std::string store_location(const StoreSettings& s);

/// Opens and migrates the store; `holder` names this process in claims and leases.
Result<std::unique_ptr<Store>> open_store(const StoreSettings& s, const std::string& holder);

}  // namespace frontline
