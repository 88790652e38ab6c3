#include "bot/runtime/queue_route.hpp"

#include <nlohmann/json.hpp>

#include "bot/runtime/store_worker.hpp"
#include "core/handoff/agent_queue.hpp"

namespace frontline {

net::HttpServer::Handler queue_route(StoreWorker& store, const handoff::DeskConfig& desk, ReportAccess access, const Clock& clock) {
    return [&store, &desk, access = std::move(access), &clock](net::IncomingRequest request) -> net::awaitable<net::HttpResponse> {
        if (request.method != "GET" && request.method != "HEAD") {
            auto r = net::make_response(405, "method not allowed\n");
            r.headers.set("Allow", "GET, HEAD");
            co_return r;
        }
        const auto web_id = access.agent_of(request.headers.get("Authorization").value_or(""));
        const handoff::Agent* agent = web_id ? desk.directory.agent_by_identity(Identity{"webchat", *web_id}) : nullptr;
        if (!agent) {
            auto r = net::make_response(401, "/api/queue needs an agent's web chat token as a bearer token\n");
            r.headers.set("WWW-Authenticate", "Bearer");
            co_return r;
        }
        if (!request.query.empty()) co_return net::make_response(400, "/api/queue takes no parameters: the page filters\n");
        Result<std::vector<Ticket>> open = co_await store.run([](Store& s) {
            TicketFilter f;
            f.any_status = {TicketStatus::escalated, TicketStatus::in_progress, TicketStatus::pending_user};
            f.limit = 100000;
            return s.list_tickets(f);
        });
        if (!open) co_return net::make_response(503, "the store could not be read\n");
        const TimePoint now = clock.now();
        const auto rows = handoff::agent_queue(*open, desk, agent->handle, now);
        auto response = net::make_response(200, handoff::queue_to_json(rows, desk, agent->handle, now).dump() + "\n", "application/json");
        response.headers.set("Cache-Control", "no-store");
        co_return response;
    };
}

}  // namespace frontline
