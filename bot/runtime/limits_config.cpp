#include "bot/runtime/limits_config.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "adapters/net/forwarded_for.hpp"
#include "bot/config/file_text.hpp"
#include "core/handoff/agents_directory.hpp"

namespace frontline {

namespace {

using nlohmann::json;

Result<long long> bounded(const Config& c, const std::string& key, long long fallback, long long min, long long max) {
    auto v = c.integer(key, fallback);
    if (!v) return v.error();
    if (*v < min || *v > max) return c.error(key, "expected " + std::to_string(min) + ".." + std::to_string(max));
    return *v;
}

/// "https://chat.example.org/path" -> "https://chat.example.org" (what a browser sends as Origin).
std::string origin_of(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return {};
    const auto path = url.find('/', scheme_end + 3);
    return url.substr(0, path);
}

/// locales/<lang>.limits.json: the refusals' texts, language by language.
Result<std::map<std::string, std::map<std::string, std::string>>> limit_texts_by_language(const Config& c) {
    std::map<std::string, std::map<std::string, std::string>> texts;
    auto dir = c.path("engine.locales_dir", "locales");
    if (!dir) return dir.error();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(*dir, ec)) {
        const std::string name = entry.path().filename().string();
        const std::string suffix = ".limits.json";
        if (name.size() <= suffix.size() || !name.ends_with(suffix)) continue;
        auto text = read_text_file(entry.path());
        if (!text) return text.error();
        json j = json::parse(*text, nullptr, false);
        if (!j.is_object()) return make_error(Errc::parse, entry.path().string() + ": expected a JSON object of key -> text");
        auto& lang = texts[name.substr(0, name.size() - suffix.size())];
        for (const auto& [key, value] : j.items())
            if (value.is_string()) lang[key] = value.get<std::string>();
    }
    return texts;
}

}  // namespace

Result<webchat::LocalText> read_limit_texts(const Config& c) {
    auto texts = limit_texts_by_language(c);
    if (!texts) return texts.error();
    auto shared = std::make_shared<std::map<std::string, std::map<std::string, std::string>>>(std::move(*texts));
    return webchat::LocalText([shared](const std::string& key, const std::string& locale) -> std::string {
        for (const std::string& lang : {locale, std::string("en")}) {
            auto l = shared->find(lang);
            if (l == shared->end()) continue;
            if (auto t = l->second.find(key); t != l->second.end()) return t->second;
        }
        return {};
    });
}

Status read_ticket_quota(const Config& c, TicketQuotaOptions& o) {
    auto per_hour = bounded(c, "limits.tickets_per_requester_per_hour", o.per_hour, 0, 100'000);
    if (!per_hour) return per_hour.error();
    o.per_hour = static_cast<int>(*per_hour);
    auto per_address = bounded(c, "webchat.tickets_per_ip_per_hour", o.per_address_per_hour, 0, 1'000'000);
    if (!per_address) return per_address.error();
    o.per_address_per_hour = static_cast<int>(*per_address);
    auto texts = read_limit_texts(c);
    if (!texts) return texts.error();
    o.text = [t = *texts](const std::string& locale) { return t("limits.tickets_per_hour", locale); };
    o.address_text = [t = *texts](const std::string& locale) { return t("limits.tickets_per_address", locale); };
    return {};
}

Status read_agent_quota(const Config& c, AgentQuotaOptions& o) {
    auto per_minute = bounded(c, "limits.agent_commands_per_minute", o.per_minute, 0, 100'000);
    if (!per_minute) return per_minute.error();
    o.per_minute = static_cast<int>(*per_minute);
    auto texts = read_limit_texts(c);
    if (!texts) return texts.error();
    // Agents read the desk in one language (agents.locale), whatever their platform profile says.
    auto locale = c.string("agents.locale", "en");
    if (!locale) return locale.error();
    o.text = [t = *texts, agents_locale = *locale](const std::string&) { return t("limits.agent_commands", agents_locale); };
    return {};
}

Status read_http_limits(const Config& c, net::HttpServerOptions& o) {
    auto max_connections = bounded(c, "http.max_connections", static_cast<long long>(o.max_connections), 1, 1'000'000);
    if (!max_connections) return max_connections.error();
    o.max_connections = static_cast<std::size_t>(*max_connections);
    auto per_ip = bounded(c, "http.max_connections_per_ip", static_cast<long long>(o.max_connections_per_ip), 1, 1'000'000);
    if (!per_ip) return per_ip.error();
    o.max_connections_per_ip = static_cast<std::size_t>(*per_ip);
    auto queued = bounded(c, "http.ws_max_queued_bytes", static_cast<long long>(o.websocket.max_queued_bytes), 64 * 1024,
                          1LL << 30);
    if (!queued) return queued.error();
    o.websocket.max_queued_bytes = static_cast<std::size_t>(*queued);
    auto first_frame = bounded(c, "http.ws_first_frame_seconds", 10, 1, 3600);
    if (!first_frame) return first_frame.error();
    o.websocket.first_frame_timeout = std::chrono::seconds(*first_frame);

    o.trusted_proxies.clear();
    if (const json* list = c.find("http.trusted_proxies")) {
        if (!list->is_array()) return c.error("http.trusted_proxies", "expected a list of IP addresses such as \"127.0.0.1\"");
        for (const auto& item : *list) {
            auto address = item.is_string() ? net::normalize_ip(item.get<std::string>()) : std::nullopt;
            if (!address) return c.error("http.trusted_proxies", "expected IP addresses such as \"127.0.0.1\" or \"::1\" (no names, ports or ranges)");
            o.trusted_proxies.push_back(*address);
        }
    }

    o.websocket_origins.clear();
    if (const json* list = c.find("webchat.allowed_origins")) {
        if (!list->is_array()) return c.error("webchat.allowed_origins", "expected a list of origins such as \"https://chat.example.org\"");
        for (const auto& item : *list) {
            if (!item.is_string() || origin_of(item.get<std::string>()) != item.get<std::string>())
                return c.error("webchat.allowed_origins", "expected origins such as \"https://chat.example.org\" (scheme://host[:port], no path)");
            o.websocket_origins.push_back(item.get<std::string>());
        }
    } else {
        auto public_url = c.string("http.public_url", "");
        if (!public_url) return public_url.error();
        if (const auto origin = origin_of(*public_url); !origin.empty()) o.websocket_origins.push_back(origin);
    }
    return {};
}

Status read_webchat_limits(const Config& c, webchat::WebchatOptions& o) {
    auto lines = bounded(c, "webchat.lines_per_minute", 20, 0, 100'000);
    if (!lines) return lines.error();
    o.lines_per_minute = static_cast<double>(*lines);
    auto sessions = bounded(c, "webchat.new_sessions_per_ip_per_hour", 30, 0, 1'000'000);
    if (!sessions) return sessions.error();
    o.new_sessions_per_ip_per_hour = static_cast<double>(*sessions);
    auto failures = bounded(c, "webchat.agent_login_failures_per_minute", 5, 1, 10'000);
    if (!failures) return failures.error();
    o.login_failures = webchat::LoginGuardOptions{static_cast<double>(*failures), static_cast<double>(*failures)};

    auto texts = read_limit_texts(c);
    if (!texts) return texts.error();
    o.text = std::move(*texts);

    // Only agents in the agents file open the agents' view, with their current token generation.
    o.agents.clear();
    if (!c.find("agents.file")) return {};
    auto path = c.path("agents.file");
    if (!path) return path.error();
    auto text = read_text_file(*path);
    if (!text) return text.error();
    auto directory = handoff::AgentsDirectory::from_text(*text, path->filename().string());
    if (!directory) return directory.error();
    for (const auto& a : directory->agents())
        if (const auto web = a.identity_on("webchat")) o.agents[web->user_id] = a.token_generation;
    return {};
}

Result<std::chrono::days> read_history_days(const Config& c) {
    auto days = bounded(c, "webchat.history_days", 90, 1, 36'500);
    if (!days) return days.error();
    return std::chrono::days(*days);
}

Result<std::string> read_metrics_token(const Config& c) {
    if (!c.find("http.metrics_token_env")) return std::string();
    auto name = c.string("http.metrics_token_env");
    if (!name) return name.error();
    const char* value = std::getenv(name->c_str());
    if (!value || !*value)
        return c.error("http.metrics_token_env", "the environment variable " + *name + " is not set (it holds the /metrics token)");
    return std::string(value);
}

}  // namespace frontline
