#pragma once
// GET /api/queue: the agents' queue (core/handoff/agent_queue.hpp) as JSON, for an agent's own web chat
// token given as a bearer token. The page beside the agents' room polls it.
#include "adapters/net/http_server.hpp"
#include "bot/runtime/report_route.hpp"
#include "core/clock.hpp"
#include "core/handoff/desk.hpp"

namespace frontline {

class StoreWorker;

/// The handler of /api/queue; `store`, `desk` and `clock` outlive it. `access` names the agents (the
/// report token is not accepted: the queue is read as somebody).
net::HttpServer::Handler queue_route(StoreWorker& store, const handoff::DeskConfig& desk, ReportAccess access, const Clock& clock);

}  // namespace frontline
