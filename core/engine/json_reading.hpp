#pragma once
// Small helpers for the config parsers: typed reads that produce errors naming the file and where.
// Internal to core/engine.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace frontline::json_reading {

/// Parses config JSON (comments allowed); the error names the file.
inline Result<nlohmann::json> parse_object(std::string_view text, const std::string& file) {
    auto j = nlohmann::json::parse(text, nullptr, false, true);
    if (j.is_discarded()) return make_error(Errc::parse, file + ": not valid JSON");
    if (!j.is_object()) return make_error(Errc::parse, file + ": the top level must be an object");
    return j;
}

inline Error error_at(const std::string& where, const std::string& reason) { return make_error(Errc::parse, where + ": " + reason); }

/// A string member: missing -> `fallback` when given, else an error; wrong type -> an error.
inline Result<std::string> string_at(const nlohmann::json& obj, const char* key, const std::string& where,
                                     std::optional<std::string> fallback = std::nullopt) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (fallback) return *fallback;
        return error_at(where, std::string("'") + key + "' is missing");
    }
    if (!it->is_string()) return error_at(where, std::string("'") + key + "' must be a text");
    return it->get<std::string>();
}

inline Result<double> number_at(const nlohmann::json& obj, const char* key, const std::string& where, double fallback) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return fallback;
    if (!it->is_number()) return error_at(where, std::string("'") + key + "' must be a number");
    return it->get<double>();
}

}  // namespace frontline::json_reading
