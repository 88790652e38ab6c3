#include "bot/runtime/report_route.hpp"

#include <cstdlib>
#include <optional>

#include <nlohmann/json.hpp>

#include "adapters/webchat/session_token.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/report.hpp"
#include "core/store/store.hpp"

namespace frontline {
namespace {

struct Loaded {
    Result<std::vector<Ticket>> tickets;
    Result<std::vector<JournalEntry>> journal;
};

/// from/to/team of the query string. Values are dates and team ids: a '%' or '+' (an encoded
/// character) is refused rather than half-decoded.
Result<std::map<std::string, std::string>> query_params(const std::string& query) {
    std::map<std::string, std::string> out;
    std::size_t pos = 0;
    while (pos < query.size()) {
        const std::size_t amp = std::min(query.find('&', pos), query.size());
        const std::string part = query.substr(pos, amp - pos);
        pos = amp + 1;
        if (part.empty()) continue;
        const std::size_t eq = part.find('=');
        const std::string key = part.substr(0, eq);
        const std::string value = eq == std::string::npos ? std::string() : part.substr(eq + 1);
        if (key != "from" && key != "to" && key != "team")
            return make_error(Errc::invalid_argument, "unknown parameter '" + key + "' (from, to, team)");
        if (value.find_first_of("%+") != std::string::npos)
            return make_error(Errc::invalid_argument, key + ": dates and team ids need no encoding");
        out[key] = value;
    }
    return out;
}

std::optional<std::string> param(const std::map<std::string, std::string>& p, const char* key) {
    const auto it = p.find(key);
    return it == p.end() ? std::nullopt : std::optional<std::string>(it->second);
}

}  // namespace

bool ReportAccess::allows(const std::string& authorization) const {
    const std::string prefix = "Bearer ";
    if (authorization.rfind(prefix, 0) != 0) return false;
    const std::string token = authorization.substr(prefix.size());
    if (token.empty()) return false;
    bool ok = !report_token.empty() && webchat::constant_time_equal(token, report_token);
    if (!agent_secret.empty())
        for (const auto& [id, generation] : agents)
            ok = webchat::constant_time_equal(token, webchat::agent_token_for(agent_secret, id, generation)) || ok;
    return ok;
}

std::optional<std::string> ReportAccess::agent_of(const std::string& authorization) const {
    const std::string prefix = "Bearer ";
    if (authorization.rfind(prefix, 0) != 0 || agent_secret.empty()) return std::nullopt;
    const std::string token = authorization.substr(prefix.size());
    if (token.empty()) return std::nullopt;
    // Every agent is compared, whoever matches: the time taken does not say which one did.
    std::optional<std::string> found;
    for (const auto& [id, generation] : agents)
        if (webchat::constant_time_equal(token, webchat::agent_token_for(agent_secret, id, generation))) found = id;
    return found;
}

Result<std::string> read_report_token(const Config& c) {
    if (!c.find("http.report_token_env")) return std::string();
    auto name = c.string("http.report_token_env");
    if (!name) return name.error();
    const char* value = std::getenv(name->c_str());
    if (!value || !*value)
        return c.error("http.report_token_env", "the environment variable " + *name + " is not set (it holds the /api/report token)");
    return std::string(value);
}

net::HttpServer::Handler report_route(StoreWorker& store, SlaPolicy sla, ReportAccess access, const Clock& clock) {
    return [&store, sla = std::move(sla), access = std::move(access), &clock](net::IncomingRequest request) -> net::awaitable<net::HttpResponse> {
        if (request.method != "GET" && request.method != "HEAD") {
            auto r = net::make_response(405, "method not allowed\n");
            r.headers.set("Allow", "GET, HEAD");
            co_return r;
        }
        if (!access.allows(request.headers.get("Authorization").value_or(""))) {
            auto r = net::make_response(401, "/api/report needs a bearer token: an agent's token or the report token\n");
            r.headers.set("WWW-Authenticate", "Bearer");
            co_return r;
        }
        auto params = query_params(request.query);
        if (!params) co_return net::make_response(400, params.error().message + "\n");
        auto period = report_period(param(*params, "from"), param(*params, "to"), param(*params, "team"), clock.now());
        if (!period) co_return net::make_response(400, period.error().message + "\n");
        const TimePoint from = period->from;
        const TimePoint to = period->to;
        Loaded loaded = co_await store.run([from, to](Store& s) {
            ReportSource& source = s;
            return Loaded{source.tickets_reported_between(from, to), source.journal_of_tickets_reported_between(from, to)};
        });
        if (!loaded.tickets || !loaded.journal) co_return net::make_response(503, "the store could not be read\n");
        const Report r = build_report(*loaded.tickets, *loaded.journal, *period, sla);
        auto response = net::make_response(200, report_to_json(r).dump(2) + "\n", "application/json");
        response.headers.set("Cache-Control", "no-store");
        co_return response;
    };
}

}  // namespace frontline
