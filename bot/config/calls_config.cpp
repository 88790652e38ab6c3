#include "bot/config/calls_config.hpp"

#include <cstdlib>


namespace frontline {
namespace {

Result<Seconds> minutes_key(const Config& c, const std::string& key, long long fallback, long long min, long long max) {
    auto v = c.integer(key, fallback);
    if (!v) return v.error();
    if (*v < min || *v > max)
        return c.error(key, "expected minutes from " + std::to_string(min) + " to " + std::to_string(max));
    return Seconds{*v * 60};
}

}  // namespace

Result<handoff::CallSettings> read_call_settings(const Config& c) {
    handoff::CallSettings s;
    auto tpl = c.string("calls.meeting_url_template", s.meeting_template);
    if (!tpl) return tpl.error();
    if (tpl->empty() || tpl->size() > 500) return c.error("calls.meeting_url_template", "expected a URL with {room}, or a phone bridge text");
    const bool link = tpl->rfind("https://", 0) == 0 || tpl->rfind("http://", 0) == 0;
    if (link && tpl->find("{room}") == std::string::npos)
        return c.error("calls.meeting_url_template", "a meeting URL needs {room}: every call gets its own unguessable room");
    s.meeting_template = *tpl;
    struct Key {
        const char* name;
        Seconds* out;
        long long fallback, min, max;
    };
    for (const Key& k : {Key{"calls.default_minutes", &s.default_duration, 30, 5, 240},
                         Key{"calls.max_minutes", &s.max_duration, 180, 5, 480},
                         Key{"calls.reminder_minutes", &s.reminder_before, 15, 1, 24 * 60},
                         Key{"calls.buffer_minutes", &s.buffer, 10, 0, 240},
                         Key{"calls.step_minutes", &s.step, 30, 5, 240},
                         Key{"calls.lead_minutes", &s.lead, 60, 0, 7 * 24 * 60}}) {
        auto v = minutes_key(c, k.name, k.fallback, k.min, k.max);
        if (!v) return v.error();
        *k.out = *v;
    }
    auto link_hours = c.integer("calls.link_hours", 72);
    if (!link_hours) return link_hours.error();
    if (*link_hours < 1 || *link_hours > 30 * 24) return c.error("calls.link_hours", "expected hours from 1 to 720");
    s.link_valid = Seconds{*link_hours * 3600};
    if (s.default_duration > s.max_duration) return c.error("calls.default_minutes", "longer than calls.max_minutes");
    auto days = c.integer("calls.working_days", s.working_days);
    if (!days) return days.error();
    if (*days < 1 || *days > 20) return c.error("calls.working_days", "expected 1 to 20");
    s.working_days = static_cast<int>(*days);
    return s;
}

Result<std::string> read_public_url(const Config& c) {
    auto url = c.string("http.public_url", "");
    if (!url) return url.error();
    if (url->empty()) return url;
    const bool scheme = url->rfind("https://", 0) == 0 || url->rfind("http://", 0) == 0;
    const auto host_at = url->find("://") + 3;
    if (!scheme || url->size() <= host_at || url->find_first_of("?# ") != std::string::npos)
        return c.error("http.public_url", "expected an absolute http:// or https:// URL without query or fragment");
    std::string out = *url;
    while (!out.empty() && out.back() == '/') out.pop_back();
    return out;
}

Result<std::shared_ptr<const calls::SignedCallLinks>> make_call_links(const Config& c) {
    auto url = read_public_url(c);
    if (!url) return url.error();
    auto env = c.string("calls.secret_env", "FRONTLINE_CALLS_SECRET");
    if (!env) return env.error();
    const char* secret = std::getenv(env->c_str());
    if (url->empty() || !secret || !*secret) return std::shared_ptr<const calls::SignedCallLinks>{};
    if (std::string(secret).size() < 16)
        return c.error("calls.secret_env", "the secret in " + *env + " has fewer than 16 bytes: links signed with it could be forged");
    return std::shared_ptr<const calls::SignedCallLinks>(std::make_shared<calls::SignedCallLinks>(secret, *url));
}

}  // namespace frontline
