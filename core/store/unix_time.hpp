#pragma once
// The store's one time format, on both backends: whole seconds since the Unix epoch, in integer
// columns.
#include <cstdint>

#include "core/clock.hpp"

namespace frontline {

inline std::int64_t to_unix(TimePoint t) { return static_cast<std::int64_t>(t.time_since_epoch().count()); }
inline TimePoint from_unix(std::int64_t s) { return TimePoint{Seconds{s}}; }

}  // namespace frontline
