#pragma once
// Turns SQLiteCpp and nlohmann exceptions at the store edge into error values, and the store's
// time helpers. Every core/store file reads and writes through these.
#include <cstdint>

#include <SQLiteCpp/Exception.h>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace frontline {

template <class F>
auto sql_guard(const char* what, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const SQLite::Exception& e) {
        return make_error(Errc::storage, std::string(what) + ": " + e.what());
    } catch (const nlohmann::json::exception& e) {
        return make_error(Errc::storage, std::string(what) + ": corrupt record: " + e.what());
    }
}

/// The store's one time format: whole seconds since the Unix epoch, in INTEGER columns.
inline std::int64_t to_unix(TimePoint t) { return static_cast<std::int64_t>(t.time_since_epoch().count()); }
inline TimePoint from_unix(std::int64_t s) { return TimePoint{Seconds{s}}; }

}  // namespace frontline
