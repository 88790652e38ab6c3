#pragma once
// The core policies read from frontline.json: priority matrix, SLA targets, lifecycle windows.
#include "bot/config/config.hpp"
#include "core/lifecycle.hpp"
#include "core/priority_matrix.hpp"
#include "core/sla_policy.hpp"

namespace frontline {

struct CoreSettings {
    PriorityMatrix priority_matrix;
    SlaPolicy sla;
    LifecyclePolicy lifecycle;
    Seconds auto_close_after{std::chrono::hours{72}};
};

/// Reads priority_matrix, sla and lifecycle.*; absent sections keep the service's defaults.
Result<CoreSettings> load_core_settings(const Config& config);

}  // namespace frontline
