#pragma once
// New tickets per requester and per network address per hour (issue 13: 100 sessions filed 100
// escalated tickets in 0.4 s). Wraps the service's handler: a requester who reported `per_hour`
// tickets in the last hour and has none open, or whose address (the web chat's client IP) opened
// `per_address_per_hour` tickets in the last hour, gets a polite answer in their language instead
// of a new ticket; everything else (answers, buttons, agents, requesters with an open ticket) goes
// through untouched.
#include <deque>
#include <functional>
#include <map>
#include <string>

#include "core/event_handler.hpp"

namespace frontline {

struct TicketQuotaOptions {
    int per_hour = 10;  ///< per requester; 0: no limit
    /// Per source address (InboundEvent::source_address; only the web chat sets one); 0: no limit.
    /// Counted in memory from the tickets this process saw opened: a restart forgets them.
    int per_address_per_hour = 30;
    /// The refusals in the user's language (limits.tickets_per_hour, limits.tickets_per_address).
    std::function<std::string(const std::string& locale)> text;
    std::function<std::string(const std::string& locale)> address_text;
    /// Counts a refusal (metrics) by reason: "tickets" or "tickets_per_ip".
    std::function<void(const std::string& reason)> refused;
};

class TicketQuota final : public EventHandler {
public:
    TicketQuota(EventHandler& inner, TicketQuotaOptions options) : inner_(inner), options_(std::move(options)) {}

    Result<Effects> handle(const InboundEvent& e, Repositories& repos, TimePoint now) override;
    Result<Effects> on_timer(const TimerRequest& t, Repositories& repos, TimePoint now) override {
        return inner_.on_timer(t, repos, now);
    }

private:
    /// Tickets opened from `address` in the hour before `now` (older ones forgotten).
    std::size_t opened_recently(const std::string& address, TimePoint now);
    Result<Effects> refuse(const InboundEvent& e, const std::string& reason, const std::string& text);

    EventHandler& inner_;
    TicketQuotaOptions options_;
    /// When each recent ticket was opened, by source address. Only the store thread calls handle().
    std::map<std::string, std::deque<TimePoint>> opened_by_address_;
};

}  // namespace frontline
