// Writes the tickets a browser test describes into a real frontline store before the service starts,
// so the dashboard and the agents' queue show figures the test knows (dashboard.test.mjs).
// Usage: seed_tickets DB_FILE SPEC_JSON
// SPEC_JSON: {"sla": <the config's "sla" object>, "tickets": [{"priority": "P2", "status": "escalated",
//   "tier": "L2", "category": "network", "title": "…", "reported": <unix s>, "escalated": <unix s>,
//   "claimed": <unix s>, "first_response": <unix s>, "resolved": <unix s>, "assignee": "alice",
//   "restricted": false, "first_contact_resolution": false,
//   "journal": [{"at": <unix s>, "kind": "sla_breach", "details": {…}}]}, …]}; times may be null or absent.
// Due times come from the SLA policy, as the service sets them when it logs a ticket.
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/sla_policy.hpp"
#include "core/store/sqlite_store.hpp"

namespace {

using namespace frontline;
using nlohmann::json;

std::optional<TimePoint> time_of(const json& t, const char* key) {
    if (!t.contains(key) || t[key].is_null()) return std::nullopt;
    return TimePoint{Seconds{t[key].get<long long>()}};
}

template <typename T>
T must(Result<T> r, const std::string& what) {
    if (!r) throw std::runtime_error(what + ": " + r.error().message);
    return std::move(*r);
}

Ticket ticket_of(const json& spec, TicketId id, const SlaPolicy& sla) {
    Ticket t;
    t.id = id;
    t.type = id.type();
    t.priority = must(parse_priority(spec.at("priority").get<std::string>()), "priority");
    t.status = must(parse_status(spec.at("status").get<std::string>()), "status");
    t.tier = must(parse_tier(spec.value("tier", "L2")), "tier");
    t.category = spec.value("category", "");
    t.title = spec.value("title", "");
    t.description = t.title;
    t.requester = {spec.value("requester", "Rita Requester"), {"webchat", "seeded-requester"}, "", ""};
    t.address = {"webchat", "seeded-requester", ""};
    t.assignee = spec.value("assignee", "");
    t.restricted = spec.value("restricted", false);
    t.first_contact_resolution = spec.value("first_contact_resolution", false);
    t.reported_at = *time_of(spec, "reported");
    t.logged_at = t.reported_at;
    t.escalated_at = time_of(spec, "escalated");
    t.claimed_at = time_of(spec, "claimed");
    t.first_response_at = time_of(spec, "first_response");
    t.resolved_at = time_of(spec, "resolved");
    sla.apply(t);
    return t;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: seed_tickets DB_FILE SPEC_JSON\n";
        return 2;
    }
    try {
        std::ifstream in(argv[2]);
        std::stringstream text;
        text << in.rdbuf();
        const json spec = json::parse(text.str());
        auto no_zones = [](const std::string& name) -> Result<std::string> { return make_error(Errc::not_found, name); };
        const SlaPolicy sla = must(SlaPolicy::from_json(spec.at("sla"), no_zones), "sla");
        auto store = must(SqliteStore::open(argv[1]), "open the store");
        auto ok = store->in_transaction([&]() -> Status {
            for (const auto& one : spec.at("tickets")) {
                auto id = store->allocate_id(one.value("type", "incident") == "request" ? TicketType::request : TicketType::incident);
                if (!id) return id.error();
                const Ticket t = ticket_of(one, *id, sla);
                if (auto saved = store->save_ticket(t); !saved) return saved;
                for (const auto& j : one.value("journal", json::array())) {
                    JournalEntry e{0, t.id, "system", TimePoint{Seconds{j.at("at").get<long long>()}}, j.at("kind").get<std::string>(),
                                   j.value("details", json::object()).dump()};
                    if (auto written = store->append_journal(e); !written) return written;
                }
                std::cout << t.id.str() << "\n";
            }
            return {};
        });
        if (!ok) throw std::runtime_error(ok.error().message);
    } catch (const std::exception& e) {
        std::cerr << "seed_tickets: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
