#pragma once
// Forward-only schema migrations, applied in order at open. Never edit a released migration: add one.
#include <string_view>
#include <vector>

namespace frontline {

struct Migration {
    int version;
    std::string_view description;
    std::string_view sql;  ///< one or more statements, run in one transaction
};

/// All migrations, ascending by version, starting at 1 with no gaps.
const std::vector<Migration>& migrations();

}  // namespace frontline
