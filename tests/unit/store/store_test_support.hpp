#pragma once
// Store test helpers: a fresh SQLite file per test lives in a TempDir (tests/support).
#include <string>

#include "core/store/store.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline::testing {

using testkit::TempDir;

/// A plausible incident reported at `at` (not yet saved; id allocated by the caller).
Ticket sample_ticket(TicketId id, TimePoint at, std::string title, std::string category = "network");

}  // namespace frontline::testing
