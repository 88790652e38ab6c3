#pragma once
// Turns SQLiteCpp and nlohmann exceptions at the store edge into error values.
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

inline long long to_unix(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint from_unix(long long s) { return TimePoint{Seconds{s}}; }

}  // namespace frontline
