#pragma once
// Impact x urgency -> priority, configurable. Agents may override; the journal keeps both.
#include <array>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/result.hpp"
#include "core/ticket.hpp"

namespace frontline {

class PriorityMatrix {
public:
    /// The service's default: high/high P1; high/medium, medium/high P2;
    /// medium/medium, high/low, low/high P3; the rest P4.
    PriorityMatrix();

    /// Reads {"high":{"high":"P1","medium":"P2","low":"P3"},"medium":{...},"low":{...}}, impact first.
    /// Every cell is required; errors name the missing or bad cell.
    static Result<PriorityMatrix> from_json(const nlohmann::json& j);

    Priority priority(Level impact, Level urgency) const;
    void set(Level impact, Level urgency, Priority p);

private:
    std::array<std::array<Priority, 3>, 3> cells_{};
};

}  // namespace frontline
