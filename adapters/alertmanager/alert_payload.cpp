#include "adapters/alertmanager/alert_payload.hpp"

#include <charconv>
#include <chrono>

#include <nlohmann/json.hpp>

namespace frontline::alertmanager {
namespace {

using nlohmann::json;

Error bad(const std::string& what) { return make_error(Errc::parse, "alertmanager payload: " + what); }

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size()) return false;
    const char* first = s.data() + at;
    auto [end, ec] = std::from_chars(first, first + n, out);
    return ec == std::errc() && end == first + n;
}

/// A string-to-string object (labels, annotations); absent is empty.
Result<AlertLabels> string_map(const json& j, const char* key) {
    AlertLabels out;
    if (!j.contains(key) || j.at(key).is_null()) return out;
    if (!j.at(key).is_object()) return bad(std::string(key) + " must be an object");
    for (const auto& [k, v] : j.at(key).items()) {
        if (!v.is_string()) return bad(std::string(key) + "." + k + " must be a string");
        out[k] = v.get<std::string>();
    }
    return out;
}

std::string optional_string(const json& j, const char* key) {
    return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : std::string();
}

Result<bool> firing_status(const json& j, const std::string& where) {
    if (!j.contains("status") || !j.at("status").is_string()) return bad(where + "status is missing");
    const auto s = j.at("status").get<std::string>();
    if (s == "firing") return true;
    if (s == "resolved") return false;
    return bad(where + "status must be \"firing\" or \"resolved\", not \"" + s + "\"");
}

Result<AlertItem> parse_alert(const json& a, std::size_t i) {
    const std::string where = "alerts[" + std::to_string(i) + "].";
    if (!a.is_object()) return bad(where.substr(0, where.size() - 1) + " must be an object");
    AlertItem item;
    auto firing = firing_status(a, where);
    if (!firing) return firing.error();
    item.firing = *firing;
    auto labels = string_map(a, "labels");
    if (!labels) return labels.error();
    item.labels = std::move(*labels);
    auto annotations = string_map(a, "annotations");
    if (!annotations) return annotations.error();
    item.annotations = std::move(*annotations);
    item.fingerprint = optional_string(a, "fingerprint");
    if (item.fingerprint.empty()) {
        // Older senders leave it out: the label set is what identifies an alert.
        for (const auto& [k, v] : item.labels) item.fingerprint += k + "=" + v + ",";
    }
    if (item.fingerprint.empty()) return bad(where + "has neither a fingerprint nor labels");
    if (auto t = parse_rfc3339(optional_string(a, "startsAt"))) item.starts_at = *t;
    item.ends_at = parse_rfc3339(optional_string(a, "endsAt"));
    if (item.firing) item.ends_at.reset();  // a firing alert's endsAt is only when it would expire
    item.source_url = optional_string(a, "generatorURL");
    return item;
}

}  // namespace

std::optional<TimePoint> parse_rfc3339(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
        return std::nullopt;
    if (!digits(s, 0, 4, y) || !digits(s, 5, 2, mo) || !digits(s, 8, 2, d) || !digits(s, 11, 2, h) ||
        !digits(s, 14, 2, mi) || !digits(s, 17, 2, sec))
        return std::nullopt;
    std::size_t at = 19;
    if (at < s.size() && s[at] == '.') {
        ++at;
        while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;  // whole seconds are enough here
    }
    if (at >= s.size()) return std::nullopt;
    int offset_minutes = 0;
    if (s[at] == 'Z' || s[at] == 'z') {
        ++at;
    } else if (s[at] == '+' || s[at] == '-') {
        int oh = 0, om = 0;
        if (at + 6 > s.size() || s[at + 3] != ':' || !digits(s, at + 1, 2, oh) || !digits(s, at + 4, 2, om)) return std::nullopt;
        offset_minutes = (s[at] == '-' ? -1 : 1) * (oh * 60 + om);
        at += 6;
    } else {
        return std::nullopt;
    }
    if (at != s.size() || y <= 1) return std::nullopt;  // year 1: Go's zero time, "not set"
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    const auto days = std::chrono::sys_days{ymd}.time_since_epoch();
    const auto secs = std::chrono::duration_cast<Seconds>(days) + std::chrono::hours{h} + std::chrono::minutes{mi} +
                      Seconds{sec} - std::chrono::minutes{offset_minutes};
    return TimePoint{std::chrono::duration_cast<Seconds>(secs)};
}

Result<AlertNotice> parse_webhook_payload(std::string_view body) {
    json j;
    try {
        j = json::parse(body);
    } catch (const json::exception&) {
        return bad("not valid JSON");
    }
    if (!j.is_object()) return bad("expected a JSON object");
    // Version "4" since Alertmanager 0.7; an unknown version may mean fields we would misread.
    if (j.contains("version") && (!j.at("version").is_string() || j.at("version").get<std::string>() != "4"))
        return bad("unsupported version (frontline reads version \"4\")");
    AlertNotice n;
    n.group_key = optional_string(j, "groupKey");
    if (n.group_key.empty()) return bad("groupKey is missing");
    n.receiver = optional_string(j, "receiver");
    if (n.receiver.empty()) return bad("receiver is missing");
    auto firing = firing_status(j, "");
    if (!firing) return firing.error();
    n.firing = *firing;
    auto group = string_map(j, "groupLabels");
    if (!group) return group.error();
    n.group_labels = std::move(*group);
    auto common = string_map(j, "commonLabels");
    if (!common) return common.error();
    n.common_labels = std::move(*common);
    auto notes = string_map(j, "commonAnnotations");
    if (!notes) return notes.error();
    n.common_annotations = std::move(*notes);
    n.external_url = optional_string(j, "externalURL");
    if (!j.contains("alerts") || !j.at("alerts").is_array() || j.at("alerts").empty())
        return bad("alerts must be a non-empty array");
    const auto& alerts = j.at("alerts");
    for (std::size_t i = 0; i < alerts.size(); ++i) {
        auto a = parse_alert(alerts[i], i);
        if (!a) return a.error();
        n.alerts.push_back(std::move(*a));
    }
    return n;
}

}  // namespace frontline::alertmanager
