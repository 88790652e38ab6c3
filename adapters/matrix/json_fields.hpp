#pragma once
// Lenient field access for the Matrix codec: homeservers and clients omit fields or send odd types;
// a missing or mistyped field reads as empty, never throws.
#include <string>

#include <nlohmann/json.hpp>

namespace frontline::matrix::detail {

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

/// True only for j[key] == true (nlohmann's value() would throw on {"limited":"yes"}).
inline bool flag(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) return false;
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace frontline::matrix::detail
