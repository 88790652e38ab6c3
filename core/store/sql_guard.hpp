#pragma once
// Turns SQLiteCpp and nlohmann exceptions at the store edge into error values, and the store's
// time helpers. Every core/store file reads and writes through these.
#include <cstdint>

#include <SQLiteCpp/Exception.h>
#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "core/store/unix_time.hpp"

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

}  // namespace frontline
