#include "bot/runtime/ticket_quota.hpp"

#include <chrono>

#include "core/ticket.hpp"

namespace frontline {

namespace {

constexpr std::size_t kForgetAddressesAbove = 10'000;  // then addresses with nothing recent are dropped

}  // namespace

std::size_t TicketQuota::opened_recently(const std::string& address, TimePoint now) {
    const TimePoint hour_ago = now - std::chrono::hours(1);
    if (opened_by_address_.size() > kForgetAddressesAbove) {
        std::erase_if(opened_by_address_, [&](const auto& entry) { return entry.second.back() <= hour_ago; });
    }
    auto it = opened_by_address_.find(address);
    if (it == opened_by_address_.end()) return 0;
    auto& times = it->second;
    while (!times.empty() && times.front() <= hour_ago) times.pop_front();
    if (times.empty()) {
        opened_by_address_.erase(it);
        return 0;
    }
    return times.size();
}

Result<Effects> TicketQuota::refuse(const InboundEvent& e, const std::string& reason, const std::string& text) {
    if (options_.refused) options_.refused(reason);
    Effects fx;
    OutboundMessage m;
    m.to = e.where;
    m.text = text;
    m.idempotency_key = e.event_id + ":quota";
    fx.messages.push_back(std::move(m));
    return fx;
}

Result<Effects> TicketQuota::handle(const InboundEvent& e, Repositories& repos, TimePoint now) {
    // Only a typed line can open a ticket; buttons answer questions that already exist.
    const bool per_address = options_.per_address_per_hour > 0 && !e.source_address.empty();
    if ((options_.per_hour <= 0 && !per_address) || e.kind != InboundKind::text) return inner_.handle(e, repos, now);
    auto counts = repos.tickets.count_requester_tickets(e.from, now - std::chrono::hours(1));
    if (!counts) return counts.error();
    // With a ticket open, the line belongs to it (an answer, a relay to the agents): never refused.
    if (counts->open > 0) return inner_.handle(e, repos, now);
    const long long recent = counts->reported_since;
    if (options_.per_hour > 0 && recent >= options_.per_hour) {
        std::string text = options_.text ? options_.text(e.locale_hint) : std::string();
        if (text.empty()) text = "You've reported several problems in the last hour: please wait a little before reporting another one.";
        return refuse(e, "tickets", text);
    }
    if (!per_address) return inner_.handle(e, repos, now);

    // Many sessions from one address (a script opening a conversation per ticket) share this count.
    if (opened_recently(e.source_address, now) >= static_cast<std::size_t>(options_.per_address_per_hour)) {
        std::string text = options_.address_text ? options_.address_text(e.locale_hint) : std::string();
        if (text.empty()) text = "Many problems have been reported from your network in the last hour: please try again a little later.";
        return refuse(e, "tickets_per_ip", text);
    }
    auto fx = inner_.handle(e, repos, now);
    if (!fx) return fx;
    // Did this line open a ticket? The requester had none open, so any new one is this line's.
    auto after = repos.tickets.count_requester_tickets(e.from, now - std::chrono::hours(1));
    if (!after) return after.error();
    for (long long n = counts->total; n < after->total; ++n) opened_by_address_[e.source_address].push_back(now);
    return fx;
}

}  // namespace frontline
