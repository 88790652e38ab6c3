#include "bot/runtime/ticket_quota.hpp"

#include <chrono>

#include "core/ticket.hpp"

namespace frontline {

Result<Effects> TicketQuota::handle(const InboundEvent& e, Repositories& repos, TimePoint now) {
    // Only a typed line can open a ticket; buttons answer questions that already exist.
    if (options_.per_hour <= 0 || e.kind != InboundKind::text) return inner_.handle(e, repos, now);
    TicketFilter mine;
    mine.requester = e.from;
    mine.limit = 100000;  // the store lists oldest first: read them all to see the recent ones
    auto tickets = repos.tickets.list_tickets(mine);
    if (!tickets) return tickets.error();
    int recent = 0;
    for (const auto& t : *tickets) {
        // With a ticket open, the line belongs to it (an answer, a relay to the agents): never refused.
        if (is_open(t.status)) return inner_.handle(e, repos, now);
        if (t.reported_at > now - std::chrono::hours(1)) ++recent;
    }
    if (recent < options_.per_hour) return inner_.handle(e, repos, now);
    if (options_.refused) options_.refused();
    Effects fx;
    OutboundMessage m;
    m.to = e.where;
    m.text = options_.text ? options_.text(e.locale_hint) : std::string();
    if (m.text.empty()) m.text = "You've reported several problems in the last hour: please wait a little before reporting another one.";
    m.idempotency_key = e.event_id + ":quota";
    fx.messages.push_back(std::move(m));
    return fx;
}

}  // namespace frontline
