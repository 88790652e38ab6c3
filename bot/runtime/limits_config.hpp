#pragma once
// The limits that keep one client from taking the service down (docs/operations.md, "Limits"):
// connection caps, WebSocket queue and first-frame deadline, allowed origins, web chat rate limits,
// who may open the agents' view. Read from the config once at start-up; errors name the key.
#include <chrono>

#include "adapters/net/http_server.hpp"
#include "adapters/webchat/webchat_adapter.hpp"
#include "bot/config/config.hpp"
#include "bot/runtime/agent_quota.hpp"
#include "bot/runtime/ticket_quota.hpp"
#include "core/result.hpp"

namespace frontline {

/// http.max_connections, http.max_connections_per_ip, http.trusted_proxies, http.ws_max_queued_bytes,
/// http.ws_first_frame_seconds, webchat.allowed_origins (default: http.public_url's origin).
Status read_http_limits(const Config& config, net::HttpServerOptions& options);

/// webchat.lines_per_minute, webchat.new_sessions_per_ip_per_hour, webchat.agent_login_failures_per_minute,
/// the agents allowed in the agents' view (agents.file) and the polite refusals (locales/<lang>.limits.json).
Status read_webchat_limits(const Config& config, webchat::WebchatOptions& options);

/// webchat.history_days (default 90, 1..36500): how long the web chat's history keeps a line.
Result<std::chrono::days> read_history_days(const Config& config);

/// The polite refusals of every limit, by key and language (locales/<lang>.limits.json; English
/// when the language has none).
Result<webchat::LocalText> read_limit_texts(const Config& config);

/// limits.tickets_per_requester_per_hour (default 10), webchat.tickets_per_ip_per_hour (default 30)
/// and their refusal texts.
Status read_ticket_quota(const Config& config, TicketQuotaOptions& options);

/// limits.agent_commands_per_minute (default 30) and its refusal text (limits.agent_commands).
Status read_agent_quota(const Config& config, AgentQuotaOptions& options);

/// The bearer token /metrics asks for: the variable named by http.metrics_token_env; empty: none.
Result<std::string> read_metrics_token(const Config& config);

}  // namespace frontline
