#include "bot/runtime/alertmanager_config.hpp"

#include <cstdlib>

namespace frontline {

Result<std::optional<alertmanager::WebhookSettings>> read_alertmanager_webhook(const Config& c) {
    auto enabled = c.boolean("alertmanager.enabled", false);
    if (!enabled) return enabled.error();
    if (!*enabled) return std::optional<alertmanager::WebhookSettings>{};
    alertmanager::WebhookSettings s;
    auto env = c.string("alertmanager.token_env", "FRONTLINE_ALERTMANAGER_TOKEN");
    if (!env) return env.error();
    s.token_env = *env;
    // Without a token anyone who can reach the port could open incidents and page the team.
    const char* token = std::getenv(env->c_str());
    if (!token || !*token)
        return c.error("alertmanager.token_env", "the environment variable " + *env +
                                                     " is not set (it holds the bearer token Alertmanager sends)");
    s.token = token;
    auto path = c.string("alertmanager.path", s.path);
    if (!path) return path.error();
    if (path->empty() || path->front() != '/') return c.error("alertmanager.path", "expected a path starting with '/'");
    s.path = *path;
    auto max_body = c.integer("alertmanager.max_body_bytes", static_cast<long long>(s.max_body_bytes));
    if (!max_body) return max_body.error();
    // The HTTP server refuses bodies over 1 MiB (413) before any route sees them.
    if (*max_body < 1024 || *max_body > (1 << 20)) return c.error("alertmanager.max_body_bytes", "expected 1024..1048576");
    s.max_body_bytes = static_cast<std::size_t>(*max_body);
    return std::optional<alertmanager::WebhookSettings>{std::move(s)};
}

}  // namespace frontline
