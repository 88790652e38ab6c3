#pragma once
// New tickets per requester per hour (issue 13: 100 sessions filed 100 escalated tickets in 0.4 s).
// Wraps the service's handler: a requester who reported `per_hour` tickets in the last hour and
// has none open gets a polite answer in their language instead of a new ticket; everything else
// (answers, buttons, agents, requesters with an open ticket) goes through untouched.
#include <functional>
#include <string>

#include "core/event_handler.hpp"

namespace frontline {

struct TicketQuotaOptions {
    int per_hour = 10;  ///< 0: no limit
    /// The refusal in the user's language (limits.tickets_per_hour).
    std::function<std::string(const std::string& locale)> text;
    std::function<void()> refused;  ///< counts a refusal (metrics)
};

class TicketQuota final : public EventHandler {
public:
    TicketQuota(EventHandler& inner, TicketQuotaOptions options) : inner_(inner), options_(std::move(options)) {}

    Result<Effects> handle(const InboundEvent& e, Repositories& repos, TimePoint now) override;
    Result<Effects> on_timer(const TimerRequest& t, Repositories& repos, TimePoint now) override {
        return inner_.on_timer(t, repos, now);
    }

private:
    EventHandler& inner_;
    TicketQuotaOptions options_;
};

}  // namespace frontline
