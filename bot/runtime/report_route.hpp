#pragma once
// GET /api/report?from=YYYY-MM-DD&to=YYYY-MM-DD&team=T: the JSON of `frontline report --json`, for an
// agent's web chat token or the report token (http.report_token_env), given as a bearer token.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "adapters/net/http_server.hpp"
#include "bot/config/config.hpp"
#include "core/clock.hpp"
#include "core/sla_policy.hpp"

namespace frontline {

class StoreWorker;

/// Who may read reports: the report token, and each agent's own web chat token.
struct ReportAccess {
    std::string report_token;              ///< empty: none
    std::string agent_secret;              ///< web chat agent secret; empty: agents' tokens are not accepted
    std::map<std::string, int> agents;     ///< web chat id -> token generation
    /// True for "Bearer <token>" naming one of them (constant-time comparisons).
    bool allows(const std::string& authorization) const;
    /// The web chat id of the agent whose token "Bearer <token>" is; nullopt for anything else (the
    /// report token included: it names nobody).
    std::optional<std::string> agent_of(const std::string& authorization) const;
};

/// Reads http.report_token_env: the token from that environment variable (unset key: empty).
Result<std::string> read_report_token(const Config& c);

/// The handler of /api/report; `store`, `clock` outlive it.
net::HttpServer::Handler report_route(StoreWorker& store, SlaPolicy sla, ReportAccess access, const Clock& clock);

}  // namespace frontline
