#include "adapters/matrix/api_codec.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "adapters/json_fields.hpp"

namespace frontline::matrix {
namespace {

using nlohmann::json;
using json_fields::str;

Result<json> object_body(std::string_view body, const char* what) {
    json j = json::parse(body, nullptr, false);
    if (!j.is_object()) return make_error(Errc::parse, std::string("matrix ") + what + ": the body is not a JSON object");
    return j;
}

}  // namespace

ApiStatus classify_response(int http_status, std::string_view body, std::optional<std::chrono::seconds> retry_after_header) {
    ApiStatus s;
    s.http_status = http_status;
    if (http_status >= 200 && http_status < 300) return s;
    const json j = json::parse(body, nullptr, false);
    if (j.is_object()) {
        s.errcode = str(j, "errcode");
        s.error = str(j, "error");
    }
    if (s.error.empty()) s.error = "HTTP " + std::to_string(http_status);
    if (http_status == 429 || s.errcode == "M_LIMIT_EXCEEDED") {
        s.verdict = ApiVerdict::rate_limited;
        std::chrono::milliseconds wait{0};
        if (j.is_object())
            if (const auto it = j.find("retry_after_ms"); it != j.end() && it->is_number_integer() && it->get<long long>() > 0)
                wait = std::chrono::milliseconds(std::min<long long>(it->get<long long>(), 3'600'000));
        if (retry_after_header) wait = std::max<std::chrono::milliseconds>(wait, *retry_after_header);
        s.retry_after = wait.count() > 0 ? wait : std::chrono::milliseconds(5000);
        return s;
    }
    if (s.errcode == "M_UNKNOWN_TOKEN" || s.errcode == "M_MISSING_TOKEN" || http_status == 401) {
        s.verdict = ApiVerdict::fatal;
        return s;
    }
    s.verdict = http_status >= 500 || http_status == 408 ? ApiVerdict::retry : ApiVerdict::rejected;
    return s;
}

Result<WhoAmI> parse_whoami(std::string_view body) {
    auto j = object_body(body, "whoami");
    if (!j) return j.error();
    WhoAmI w{str(*j, "user_id"), str(*j, "device_id")};
    if (w.user_id.empty()) return make_error(Errc::protocol, "matrix whoami: no user_id");
    return w;
}

Result<LoginAnswer> parse_login(std::string_view body) {
    auto j = object_body(body, "login");
    if (!j) return j.error();
    LoginAnswer a{str(*j, "user_id"), str(*j, "access_token"), str(*j, "device_id")};
    if (a.access_token.empty() || a.user_id.empty()) return make_error(Errc::protocol, "matrix login: no user_id or access_token");
    return a;
}

std::string login_body(const std::string& user_id, const std::string& password) {
    // The device's display name shows in the account's session list, so an admin knows what it is.
    return nlohmann::json{{"type", "m.login.password"},
                          {"identifier", {{"type", "m.id.user"}, {"user", user_id}}},
                          {"password", password},
                          {"initial_device_display_name", "frontline"}}
        .dump();
}

Result<std::string> parse_event_id(std::string_view body) {
    auto j = object_body(body, "send");
    if (!j) return j.error();
    auto id = str(*j, "event_id");
    if (id.empty()) return make_error(Errc::protocol, "matrix send: no event_id");
    return id;
}

Result<std::string> parse_room_id(std::string_view body) {
    auto j = object_body(body, "join");
    if (!j) return j.error();
    auto id = str(*j, "room_id");
    if (id.empty()) return make_error(Errc::protocol, "matrix join: no room_id");
    return id;
}

Result<std::vector<std::string>> parse_joined_rooms(std::string_view body) {
    auto j = object_body(body, "joined_rooms");
    if (!j) return j.error();
    const auto it = j->find("joined_rooms");
    if (it == j->end() || !it->is_array()) return make_error(Errc::protocol, "matrix joined_rooms: no joined_rooms list");
    std::vector<std::string> rooms;
    for (const auto& r : *it)
        if (r.is_string()) rooms.push_back(r.get<std::string>());
    return rooms;
}

std::string path_segment(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

}  // namespace frontline::matrix
