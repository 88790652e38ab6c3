#pragma once
// Lenient field access for the platform codecs (Telegram, Matrix): platforms omit fields or send
// odd types; a missing or mistyped field reads as empty, false or the fallback, and never throws
// (nlohmann's value() throws on a type mismatch: {"ok":"yes"} escaped the Telegram poller).
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace frontline::json_fields {

/// j[key] when it is a string, else "".
inline std::string str(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

/// j[key] when it is an object, else an empty object.
inline const nlohmann::json& obj(const nlohmann::json& j, const char* key) {
    static const nlohmann::json empty = nlohmann::json::object();
    if (!j.is_object()) return empty;
    const auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : empty;
}

/// True only for j[key] == true.
inline bool flag(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) return false;
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

/// j[key] when it is an integer that fits int64, else the fallback.
inline std::int64_t integer(const nlohmann::json& j, const char* key, std::int64_t fallback) {
    if (!j.is_object()) return fallback;
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) return fallback;
    if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) return fallback;
    return it->get<std::int64_t>();
}

}  // namespace frontline::json_fields
